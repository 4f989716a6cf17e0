package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockerize-dev/dockerize/internal/iostreams"
)

// bootService is a small Spring Boot 3.4 project as start.spring.io makes it.
var bootService = map[string]string{
	"pom.xml": `<project>
  <parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.4.1</version><relativePath/></parent>
  <groupId>com.example</groupId><artifactId>orders</artifactId><version>0.1.0</version>
  <properties><java.version>17</java.version></properties>
  <dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies>
  <build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build>
</project>`,
	"src/main/resources/application.yml": "server:\n  port: 8085\n",
}

// multiModule has two runnable modules, so --module must choose.
var multiModule = map[string]string{
	"pom.xml": `<project><groupId>g</groupId><artifactId>shop</artifactId><version>1</version><packaging>pom</packaging>
  <properties><maven.compiler.release>17</maven.compiler.release></properties>
  <modules><module>api</module><module>worker</module></modules></project>`,
	"api/pom.xml":    `<project><parent><groupId>g</groupId><artifactId>shop</artifactId><version>1</version></parent><artifactId>shop-api</artifactId><build><plugins><plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>shop.Api</mainClass></manifest></archive></configuration></plugin></plugins></build></project>`,
	"worker/pom.xml": `<project><parent><groupId>g</groupId><artifactId>shop</artifactId><version>1</version></parent><artifactId>shop-worker</artifactId><build><plugins><plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>shop.Worker</mainClass></manifest></archive></configuration></plugin></plugins></build></project>`,
}

func writeProject(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// runIn runs dockerize in-process with test streams.
func runIn(args ...string) (code int, stdout, stderr string) {
	io, _, out, errOut := iostreams.Test()
	code = Run(args, io)
	return code, out.String(), errOut.String()
}

func TestMavenInitFlags(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		args  []string
		want  []string
	}{
		{"detected", bootService, nil, []string{
			"FROM maven:3.9.9-eclipse-temurin-17 AS build", "FROM eclipse-temurin:17.0.21.1_2-jre", "EXPOSE 8085", "-DskipTests",
			"java -Djarmode=tools -jar target/orders-0.1.0.jar extract --layers", "USER 10001:10001",
		}},
		{"java version", bootService, []string{"--java-version", "21"}, []string{"FROM maven:3.9.9-eclipse-temurin-21 AS build", "FROM eclipse-temurin:21.0.12.1_1-jre", "java version: 21 (--java-version)"}},
		{"port", bootService, []string{"--port", "9000"}, []string{"EXPOSE 9000", "port: 9000 (--port)"}},
		{"run tests", bootService, []string{"--run-tests"}, []string{"package \\\n", "tests: run (--run-tests)"}},
		{"skip tests", bootService, []string{"--skip-tests"}, []string{"package -DskipTests"}},
		{"distroless", bootService, []string{"--runtime", "distroless"}, []string{"FROM gcr.io/distroless/java17-debian12:nonroot", "USER 65532:65532"}},
		{"jre", bootService, []string{"--runtime", "jre"}, []string{"FROM eclipse-temurin:17.0.21.1_2-jre", "runtime: eclipse-temurin:17.0.21.1_2-jre (--runtime jre"}},
		{"module by directory", multiModule, []string{"--module", "worker"}, []string{"-pl worker -am", "COPY --from=build /build/worker/target/shop-worker-1.jar ./", "module: worker (--module)"}},
		{"module by artifactId", multiModule, []string{"--module", "shop-api"}, []string{"-pl api -am", "shop-api-1.jar"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeProject(t, c.files)
			code, out, errOut := runIn(append([]string{"init", dir, "--stdout"}, c.args...)...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			if c.name == "run tests" && strings.Contains(out, "skipTests") {
				t.Errorf("--run-tests still skips tests:\n%s", out)
			}
		})
	}
}

func TestMavenInitErrorsWriteNothing(t *testing.T) {
	large := "<project><artifactId>x</artifactId><description>" + strings.Repeat("a", 5<<20) + "</description></project>"
	cases := []struct {
		name  string
		files map[string]string
		args  []string
		code  int
		msg   string
	}{
		{"malformed", map[string]string{"pom.xml": "<project>\n  <artifactId>x</artifactId>\n  <version>1</version\n</project>\n"}, nil, exitError, "pom.xml:4:"},
		{"doctype", map[string]string{"pom.xml": `<?xml version="1.0"?>` + "\n" + `<!DOCTYPE project [<!ENTITY big "aaaaaaaaaa"><!ENTITY x "&big;&big;&big;">]>` + "\n<project><artifactId>&x;</artifactId></project>"}, nil, exitError, "pom.xml declares a DOCTYPE (pom.xml:2): dockerize never expands XML entities"},
		{"large", map[string]string{"pom.xml": large}, nil, exitError, "pom.xml is larger than 4 MiB"},
		{"war", map[string]string{"pom.xml": `<project><artifactId>legacy</artifactId><version>1</version><packaging>war</packaging><properties><maven.compiler.release>11</maven.compiler.release></properties></project>`}, nil, exitError, "packages a war, which needs a servlet container (Tomcat, Jetty) that dockerize does not choose for you"},
		{"no runnable module", map[string]string{
			"pom.xml":      `<project><groupId>g</groupId><artifactId>libs</artifactId><version>1</version><packaging>pom</packaging><modules><module>core</module></modules></project>`,
			"core/pom.xml": `<project><parent><groupId>g</groupId><artifactId>libs</artifactId><version>1</version></parent><artifactId>core</artifactId></project>`,
		}, nil, exitError, "no runnable module among core"},
		{"several runnable modules", multiModule, nil, exitUsage, "--module"},
		{"unknown module", multiModule, []string{"--module", "billing"}, exitUsage, "--module billing is not a module of this build; use one of: api, worker"},
		{"bad java version", bootService, []string{"--java-version", "seventeen"}, exitUsage, `--java-version "seventeen" is not a Java release`},
		{"tests both ways", bootService, []string{"--run-tests", "--skip-tests"}, exitUsage, "--run-tests and --skip-tests contradict each other"},
		{"bad runtime", bootService, []string{"--runtime", "static"}, exitUsage, `--runtime "static" is not a Java runtime; use jre or distroless`},
		{"distroless java 11", bootService, []string{"--runtime", "distroless", "--java-version", "11"}, exitUsage, "--runtime distroless has Java images for 17 and 21 only, not Java 11"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeProject(t, c.files)
			code, _, errOut := runIn(append([]string{"init", dir, "--yes"}, c.args...)...)
			if code != c.code || !strings.Contains(errOut, c.msg) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errOut, c.code, c.msg)
			}
			for _, f := range []string{"Dockerfile", ".dockerignore"} {
				if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
					t.Errorf("%s was written", f)
				}
			}
		})
	}
}
