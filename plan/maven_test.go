package plan

import (
	"errors"
	"strings"
	"testing"
)

func bootPOM(parentVersion, pluginConfig, packaging string) map[string]string {
	return map[string]string{"pom.xml": `<project>
<parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>` + parentVersion + `</version><relativePath/></parent>
<artifactId>svc</artifactId><version>1.0</version><packaging>` + packaging + `</packaging>
<build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId>
<configuration>` + pluginConfig + `</configuration></plugin></plugins></build></project>`}
}

func TestBootLayoutByVersion(t *testing.T) {
	cases := []struct {
		version, config, packaging string
		layout                     JarLayout
		entry                      string
	}{
		{"3.5.0", "", "jar", "boot-tools", "java -XX:MaxRAMPercentage=75.0 -jar svc-1.0.jar"},
		{"3.3.0", "", "jar", "boot-tools", "java -XX:MaxRAMPercentage=75.0 -jar svc-1.0.jar"},
		{"3.2.12", "", "jar", "boot-layertools", "java -XX:MaxRAMPercentage=75.0 org.springframework.boot.loader.launch.JarLauncher"},
		{"3.1.12", "", "jar", "boot-layertools", "java -XX:MaxRAMPercentage=75.0 org.springframework.boot.loader.JarLauncher"},
		{"2.7.18", "<layout>ZIP</layout>", "jar", "boot-layertools", "java -XX:MaxRAMPercentage=75.0 org.springframework.boot.loader.PropertiesLauncher"},
		{"3.2.0", "<layout>ZIP</layout>", "jar", "boot-layertools", "java -XX:MaxRAMPercentage=75.0 org.springframework.boot.loader.launch.PropertiesLauncher"},
		{"2.4.0", "", "jar", "boot-layertools", "java -XX:MaxRAMPercentage=75.0 org.springframework.boot.loader.JarLauncher"},
		{"2.3.12.RELEASE", "", "jar", "jar", "java -XX:MaxRAMPercentage=75.0 -jar svc-1.0.jar"},
		{"2.3.12.RELEASE", "<layers><enabled>true</enabled></layers>", "jar", "boot-layertools", "java -XX:MaxRAMPercentage=75.0 org.springframework.boot.loader.JarLauncher"},
		{"2.1.0.RELEASE", "", "jar", "jar", "java -XX:MaxRAMPercentage=75.0 -jar svc-1.0.jar"},
		{"3.4.1", "<layers><enabled>false</enabled></layers>", "jar", "jar", "java -XX:MaxRAMPercentage=75.0 -jar svc-1.0.jar"},
		{"3.4.1", "", "war", "jar", "java -XX:MaxRAMPercentage=75.0 -jar svc-1.0.war"},
	}
	for _, c := range cases {
		pl, err := newPlan(project(t, bootPOM(c.version, c.config, c.packaging)), Answers{Version: "t"})
		if err != nil {
			t.Fatalf("%s %s: %v", c.version, c.config, err)
		}
		if got := strings.Join(pl.Maven().Entrypoint.Args(), " "); pl.Maven().Layout != c.layout || got != c.entry {
			t.Errorf("Boot %s %s %s: layout %s, entrypoint %s; want %s, %s", c.version, c.config, c.packaging, pl.Maven().Layout, got, c.layout, c.entry)
		}
	}
}

func TestJavaRuntimeFlag(t *testing.T) {
	files := bootPOM("3.4.1", "", "jar")
	pl, err := newPlan(project(t, files), Answers{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if pl.RuntimeImage.String() != "gcr.io/distroless/cc-debian12:nonroot" || pl.UID != 65532 || pl.Maven().CreateUser || !strings.Contains(pl.Maven().JLinkModules.String(), "jdk.crypto.ec,") {
		t.Errorf("default runtime %s as %d (create user %v, modules %v)", pl.RuntimeImage, pl.UID, pl.Maven().CreateUser, pl.Maven().JLinkModules)
	}
	if d := decision(pl, "runtime"); strings.Contains(d, "--runtime") && !strings.Contains(d, "pass --runtime jre") {
		t.Errorf("the default runtime reads as a flag: %s", d)
	}
	pl, err = newPlan(project(t, files), Answers{Version: "t", Values: map[string]string{"runtime": "jre"}})
	if err != nil {
		t.Fatal(err)
	}
	if pl.RuntimeImage.String() != "eclipse-temurin:17.0.21.1_2-jre" || pl.UID != 10001 || !pl.Maven().CreateUser || pl.Maven().JLink {
		t.Errorf("--runtime jre: %s as %d (create user %v, modules %v)", pl.RuntimeImage, pl.UID, pl.Maven().CreateUser, pl.Maven().JLinkModules)
	}
	pl, err = newPlan(project(t, files), Answers{Version: "t", Values: map[string]string{"runtime": "distroless", "java-version": "21"}})
	if err != nil {
		t.Fatal(err)
	}
	if pl.RuntimeImage.String() != "gcr.io/distroless/java21-debian12:nonroot" || pl.UID != 65532 || pl.Maven().CreateUser {
		t.Errorf("distroless runtime %s as %d (create user %v)", pl.RuntimeImage, pl.UID, pl.Maven().CreateUser)
	}
	for _, a := range []Answers{{Values: map[string]string{"runtime": "distroless", "java-version": "11"}}, {Values: map[string]string{"runtime": "jlink", "java-version": "11"}}, {Values: map[string]string{"runtime": "alpine"}}} {
		_, err := newPlan(project(t, files), a)
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("%+v: err %v, want ErrInvalid", a, err)
		}
	}
}

// TestJLinkOnlyWhereSafe keeps the Temurin JRE, and says why, for Java
// releases without a jlink'ed runtime and for apps that draw with AWT.
func TestJLinkOnlyWhereSafe(t *testing.T) {
	old, err := newPlan(project(t, bootPOM("3.4.1", "", "jar")), Answers{Version: "t", Values: map[string]string{"java-version": "11"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(old.RuntimeImage.String(), "eclipse-temurin:11") || !strings.HasSuffix(old.RuntimeImage.String(), "-jre") || !strings.Contains(decision(old, "runtime"), "not 11") {
		t.Errorf("Java 11: %s, %s", old.RuntimeImage, decision(old, "runtime"))
	}
	files := bootPOM("3.4.1", "", "jar")
	files["pom.xml"] = strings.Replace(files["pom.xml"], "<build>", "<dependencies><dependency><groupId>org.apache.pdfbox</groupId><artifactId>pdfbox</artifactId><version>3.0.3</version></dependency></dependencies><build>", 1)
	pdf, err := newPlan(project(t, files), Answers{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if pdf.RuntimeImage.String() != "eclipse-temurin:17.0.21.1_2-jre" || !strings.Contains(decision(pdf, "runtime"), "org.apache.pdfbox:pdfbox") {
		t.Errorf("pdfbox: %s, %s", pdf.RuntimeImage, decision(pdf, "runtime"))
	}
}

func TestJavaVersionFlagAndDefault(t *testing.T) {
	plain := map[string]string{"pom.xml": `<project><parent><groupId>corp</groupId><artifactId>corp-parent</artifactId><version>1</version></parent>
<artifactId>tool</artifactId><version>2</version><build><plugins><plugin><artifactId>maven-jar-plugin</artifactId>
<configuration><archive><manifest><mainClass>corp.Tool</mainClass></manifest></archive></configuration></plugin></plugins></build></project>`}
	pl, err := newPlan(project(t, plain), Answers{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if d := decision(pl, "java version"); !strings.HasPrefix(d, "21 (default, because pom.xml sets no Java version; it may come from the parent corp:corp-parent:1") || !strings.Contains(d, "pass --java-version") {
		t.Errorf("java version decision: %s", d)
	}
	pl, err = newPlan(project(t, plain), Answers{Version: "t", Values: map[string]string{"java-version": "1.8"}})
	if err != nil {
		t.Fatal(err)
	}
	if pl.BuildImage.String() != "maven:3.9.9-eclipse-temurin-8" || pl.RuntimeImage.String() != "eclipse-temurin:8-jre" {
		t.Errorf("--java-version 1.8: %s, %s", pl.BuildImage, pl.RuntimeImage)
	}
}

func TestMavenModuleByArtifactID(t *testing.T) {
	files := map[string]string{
		"pom.xml":   `<project><groupId>g</groupId><artifactId>root</artifactId><version>1</version><packaging>pom</packaging><properties><java.version>17</java.version></properties><modules><module>a</module><module>b</module></modules></project>`,
		"a/pom.xml": `<project><parent><groupId>g</groupId><artifactId>root</artifactId><version>1</version></parent><artifactId>svc-a</artifactId><build><plugins><plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>A</mainClass></manifest></archive></configuration></plugin></plugins></build></project>`,
		"b/pom.xml": `<project><parent><groupId>g</groupId><artifactId>root</artifactId><version>1</version></parent><artifactId>svc-b</artifactId><build><plugins><plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>B</mainClass></manifest></archive></configuration></plugin></plugins></build></project>`,
	}
	_, err := newPlan(project(t, files), Answers{})
	var missing *MissingError
	if !errors.As(err, &missing) || missing.Question.Name != "module" || strings.Join(missing.Question.Options, ",") != "a,b" {
		t.Fatalf("two runnable modules: %v", err)
	}
	pl, err := newPlan(project(t, files), Answers{Values: map[string]string{"module": "svc-b"}, Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if pl.Maven().Jar.String() != "b/target/svc-b-1.jar" || !strings.Contains(pl.Maven().Package.String(), "-pl b -am") {
		t.Errorf("--module svc-b: jar %s, package %s", pl.Maven().Jar, pl.Maven().Package)
	}
}

func TestMavenConfigIsCopiedWithoutAWrapper(t *testing.T) {
	files := bootPOM("3.4.1", "", "jar")
	pl, err := newPlan(project(t, files), Answers{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if pl.Maven().CopyMvn {
		t.Error("no .mvn, yet it is copied")
	}
	files[".mvn/extensions.xml"] = "<extensions/>"
	pl, err = newPlan(project(t, files), Answers{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if !pl.Maven().CopyMvn || pl.Maven().Wrapper {
		t.Errorf("copy .mvn %v, wrapper %v", pl.Maven().CopyMvn, pl.Maven().Wrapper)
	}
}

func TestCDSOptIn(t *testing.T) {
	off, err := newPlan(project(t, bootPOM("3.4.1", "", "jar")), Answers{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if off.Maven().Training != nil || strings.Contains(off.Maven().Entrypoint.String(), "SharedArchiveFile") {
		t.Errorf("CDS without --cds: %v, %s", off.Maven().Training, off.Maven().Entrypoint)
	}
	on, err := newPlan(project(t, bootPOM("3.4.1", "", "jar")), Answers{Version: "t", Values: map[string]string{"cds": "true"}})
	if err != nil {
		t.Fatal(err)
	}
	if on.Maven().Training == nil || !strings.Contains(on.Maven().Training.String(), `"-XX:ArchiveClassesAtExit=app.jsa", "-Dspring.context.exit=onRefresh"`) {
		t.Fatalf("--cds training run: %v", on.Maven().Training)
	}
	if !strings.HasPrefix(on.Maven().Entrypoint.String(), `["java", "-XX:SharedArchiveFile=app.jsa", `) || !strings.Contains(decision(on, "startup"), "without its database or secrets") {
		t.Errorf("--cds entrypoint %s, startup %q", on.Maven().Entrypoint, decision(on, "startup"))
	}
	_, err = newPlan(project(t, bootPOM("3.2.5", "", "jar")), Answers{Version: "t", Values: map[string]string{"cds": "true"}})
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "Spring Boot 3.3 or later") || !strings.Contains(err.Error(), "drop --cds") {
		t.Errorf("--cds on Boot 3.2: %v", err)
	}
}
