package detect

import (
	"strings"
	"testing"
)

func mavenProject(t *testing.T, files map[string]string) *MavenProject {
	t.Helper()
	p, err := Detect(mapFS(files), mavenOnly(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Stack != Maven {
		t.Fatalf("stack = %s, want maven", p.Stack)
	}
	return p.Maven()
}

func TestJavaVersionSources(t *testing.T) {
	cases := []struct {
		name, pom, want, evidence string
	}{
		{"release wins", `<properties><maven.compiler.release>21</maven.compiler.release><java.version>17</java.version></properties>`, "21", "maven.compiler.release 21"},
		{"source 1.8", `<properties><maven.compiler.source>1.8</maven.compiler.source></properties>`, "8", "maven.compiler.source 1.8"},
		{"property chain", `<properties><jdk>17</jdk><maven.compiler.release>${jdk}</maven.compiler.release></properties>`, "17", "maven.compiler.release 17"},
		{"compiler plugin", `<build><plugins><plugin><artifactId>maven-compiler-plugin</artifactId><configuration><release>11</release></configuration></plugin></plugins></build>`, "11", "maven-compiler-plugin <release>11"},
		{"boot parent default", `<parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.2.0</version></parent>`, "17", "spring-boot-starter-parent 3.2.0's default"},
		{"boot 2 parent default", `<parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>2.7.18</version></parent>`, "8", "default java.version"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := mavenProject(t, map[string]string{"pom.xml": "<project><artifactId>a</artifactId><version>1</version>" + c.pom + "</project>"})
			if m.Root.JavaVersion != c.want || !strings.Contains(m.Root.JavaVersionEvidence, c.evidence) {
				t.Errorf("got %q (%s), want %q (%s)", m.Root.JavaVersion, m.Root.JavaVersionEvidence, c.want, c.evidence)
			}
		})
	}
}

func TestUnresolvedJavaVersion(t *testing.T) {
	m := mavenProject(t, map[string]string{"pom.xml": `<project><parent><groupId>g</groupId><artifactId>corp</artifactId><version>1</version></parent>
<artifactId>a</artifactId><properties><maven.compiler.release>${corp.java}</maven.compiler.release></properties></project>`})
	if m.Root.JavaVersion != "" || !strings.Contains(m.Root.JavaProblem, "${corp.java}, which is not defined in this repository") {
		t.Errorf("got %q, problem %q", m.Root.JavaVersion, m.Root.JavaProblem)
	}
}

func TestSpringBootAndJarName(t *testing.T) {
	m := mavenProject(t, map[string]string{
		"pom.xml": `<project><groupId>g</groupId><artifactId>svc</artifactId><version>${revision}</version>
<properties><revision>2.0.1</revision><boot.version>3.3.5</boot.version></properties>
<dependencyManagement><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-dependencies</artifactId><version>${boot.version}</version><type>pom</type><scope>import</scope></dependency></dependencies></dependencyManagement>
<build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build></project>`,
		"src/main/resources/application.yml": "spring:\n  application:\n    name: svc\nserver:\n  address: 0.0.0.0\n  port: ${PORT:9001}\n",
	})
	r := m.Root
	if r.Kind != "spring-boot" || r.BootVersion != "3.3.5" || r.JarName != "svc-2.0.1.jar" || r.Port != 9001 {
		t.Errorf("got %+v", r)
	}
}

func TestWrapperNeedsBothFiles(t *testing.T) {
	m := mavenProject(t, map[string]string{"pom.xml": "<project><artifactId>a</artifactId></project>", "mvnw": "#!/bin/sh\n"})
	if m.Wrapper || !strings.Contains(m.WrapperEvidence, "not used") {
		t.Errorf("wrapper %v (%s) with mvnw alone", m.Wrapper, m.WrapperEvidence)
	}
}

func TestModulesAndParentInRepo(t *testing.T) {
	m := mavenProject(t, map[string]string{
		"pom.xml":           `<project><groupId>g</groupId><artifactId>root</artifactId><version>1.0</version><packaging>pom</packaging><properties><java.version>21</java.version></properties><modules><module>svc</module></modules></project>`,
		"svc/pom.xml":       `<project><parent><groupId>g</groupId><artifactId>root</artifactId><version>1.0</version></parent><artifactId>svc</artifactId><build><plugins><plugin><artifactId>maven-shade-plugin</artifactId><configuration><transformers><transformer><mainClass>g.Main</mainClass></transformer></transformers></configuration></plugin></plugins></build></project>`,
		"node/package.json": "{}",
	})
	if len(m.Modules) != 1 {
		t.Fatalf("modules %+v", m.Modules)
	}
	svc := m.Modules[0]
	if !svc.ParentInRepo || svc.JavaVersion != "21" || svc.JarName != "svc-1.0.jar" || svc.MainClass != "g.Main" || svc.Kind != "jar" {
		t.Errorf("got %+v", svc)
	}
}

func TestModuleCycleAndOutside(t *testing.T) {
	_, err := Detect(mapFS(map[string]string{"pom.xml": `<project><artifactId>a</artifactId><modules><module>../x</module></modules></project>`}), mavenOnly(), Options{})
	if err == nil || !strings.Contains(err.Error(), "outside the project") {
		t.Errorf("err = %v", err)
	}
	_, err = Detect(mapFS(map[string]string{"pom.xml": `<project><artifactId>a</artifactId><modules><module>m</module></modules></project>`}), mavenOnly(), Options{})
	if err == nil || !strings.Contains(err.Error(), "module m has no pom.xml") {
		t.Errorf("err = %v", err)
	}
}

func FuzzPOM(f *testing.F) {
	f.Add(`<project><artifactId>a</artifactId><version>${x}</version><properties><x>${x}</x></properties></project>`)
	f.Add(`<project><parent><relativePath>..</relativePath><artifactId>a</artifactId></parent><modules><module>.</module></modules></project>`)
	f.Add(`<!DOCTYPE x><project/>`)
	f.Add(`<project><build><plugins><plugin><configuration><mainClass>`)
	f.Fuzz(func(t *testing.T, pom string) {
		_, _ = Detect(mapFS(map[string]string{"pom.xml": pom, "m/pom.xml": pom}), mavenOnly(), Options{})
	})
}

func mavenOnly() []Detector {
	return []Detector{{Stack: Maven, Markers: "pom.xml", Detect: DetectMaven}}
}

// A Spring profile's file gives the port only when the jar runs with that
// profile: a Maven property reaches Spring through application.yml's
// @spring.profiles.active@ (the Boot parent's resource filtering), or the
// application file names the profile itself.
func TestSpringProfileReachesTheJar(t *testing.T) {
	pomWith := func(active string) string {
		return `<project><parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.4.1</version></parent>
<artifactId>svc</artifactId><version>1</version>
<properties><spring.profiles.active>` + active + `</spring.profiles.active></properties>
<build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build></project>`
	}
	prodPort := "server:\n  port: 8090\n"
	cases := []struct {
		name, active, app string
		want              int
	}{
		{"property not taken in", "prod", "spring:\n  application:\n    name: svc\n", 0},
		{"filtered yml", "prod", "spring:\n  profiles:\n    active: '@spring.profiles.active@'\n", 8090},
		{"filtered with an empty tail", "prod${profile.tls}", "spring:\n  profiles:\n    # from Maven\n    active: \"@spring.profiles.active@\"\n", 8090},
		{"named in the yml", "dev", "spring:\n  profiles:\n    active: prod\n", 8090},
		{"named in properties", "dev", "spring.profiles.active=prod,tls\n", 8090},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			appFile := "src/main/resources/application.yml"
			if strings.HasPrefix(c.app, "spring.") {
				appFile = "src/main/resources/application.properties"
			}
			m := mavenProject(t, map[string]string{
				"pom.xml": pomWith(c.active),
				appFile:   c.app,
				"src/main/resources/config/application-prod.yml": prodPort,
			})
			if m.Root.Port != c.want {
				t.Errorf("port %d (%s), want %d", m.Root.Port, m.Root.PortEvidence, c.want)
			}
		})
	}
}
