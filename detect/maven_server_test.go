package detect

import (
	"path"
	"strings"
	"testing"
)

// bootApp is a Spring Boot module with the given resource files.
func bootApp(resources map[string]string) map[string]string {
	files := map[string]string{"pom.xml": pom(`<build><plugins><plugin><groupId>org.springframework.boot</groupId>
		<artifactId>spring-boot-maven-plugin</artifactId><version>3.4.1</version></plugin></plugins></build>`)}
	for name, data := range resources {
		files["src/main/resources/"+name] = data
	}
	return files
}

func TestSpringConfigLocations(t *testing.T) {
	cases := []struct {
		name      string
		resources map[string]string
		port      int
		evidence  string
	}{
		{"properties", map[string]string{"application.properties": "server.port=8181\n"}, 8181, "src/main/resources/application.properties:1"},
		{"yml under config/ wins over the classpath root", map[string]string{
			"application.yml":        "server:\n  port: 8000\n",
			"config/application.yml": "server:\n  port: 8001\n",
		}, 8001, "src/main/resources/config/application.yml:2"},
		{"yaml", map[string]string{"application.yaml": "spring:\n  application:\n    name: x\nserver:\n  port: 9100\n"}, 9100, "src/main/resources/application.yaml:5"},
		{"a placeholder with a default", map[string]string{"application.properties": "server.port=${PORT:8282}\n"}, 8282, "src/main/resources/application.properties:1"},
		{"a port of another section is not the server's", map[string]string{"application.yml": "management:\n  server:\n    port: 9999\n"}, 0, ""},
		{"test resources do not count", nil, 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := bootApp(c.resources)
			files["src/test/resources/application.properties"] = "server.port=7777\n"
			r := mavenProject(t, files).Root
			if r.Port != c.port || !strings.HasPrefix(r.PortEvidence, c.evidence) {
				t.Errorf("port %d (%s), want %d (%s...)", r.Port, r.PortEvidence, c.port, c.evidence)
			}
		})
	}
}

func TestSpringLoopbackBind(t *testing.T) {
	r := mavenProject(t, bootApp(map[string]string{"application.properties": "server.port=8085\nserver.address=127.0.0.1\n"})).Root
	if r.Server.Loopback == "" || !strings.Contains(r.Server.Loopback, "application.properties:2") || r.Server.LoopbackEnv != "SERVER_ADDRESS" || r.Server.LoopbackValue != "0.0.0.0" {
		t.Errorf("server %+v, want a loopback at application.properties:2 overridden by SERVER_ADDRESS=0.0.0.0", r.Server)
	}
	r = mavenProject(t, bootApp(map[string]string{"application.properties": "server.address=0.0.0.0\n"})).Root
	if r.Server.Loopback != "" {
		t.Errorf("0.0.0.0 taken for a loopback: %+v", r.Server)
	}
}

func TestJavalinStart(t *testing.T) {
	app := func(lang, code string) map[string]string {
		files := map[string]string{"pom.xml": pom(`<dependencies><dependency><groupId>io.javalin</groupId><artifactId>javalin</artifactId><version>6.4.0</version></dependency></dependencies>
			<build><plugins><plugin><artifactId>maven-shade-plugin</artifactId><configuration><transformers><transformer><mainClass>app.Main</mainClass></transformer></transformers></configuration></plugin></plugins></build>`)}
		ext := map[string]string{"java": "java", "kotlin": "kt"}[lang]
		files["src/main/"+lang+"/app/Main."+ext] = "package app\n\nimport io.javalin.Javalin\n\n" + code + "\n"
		return files
	}
	cases := []struct {
		name, lang, code string
		port             int
		loopback         bool
	}{
		{"kotlin start(N)", "kotlin", "fun main() {\n    Javalin.create().start(7070)\n}", 7070, false},
		{"java start(host, N) on loopback", "java", "class Main { public static void main(String[] a) { Javalin.create().start(\"127.0.0.1\", 7001); } }", 7001, true},
		{"start() is Javalin's default", "java", "class Main { public static void main(String[] a) { Javalin.create().start(); } }", 8080, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := app(c.lang, c.code)
			files["src/test/java/app/MainTest.java"] = "import io.javalin.Javalin;\nclass T { void t() { Javalin.create().start(1234); } }\n"
			r := mavenProject(t, files).Root
			if r.Port != c.port || (r.Server.Loopback != "") != c.loopback {
				t.Errorf("port %d (%s), loopback %q; want %d, loopback %v", r.Port, r.PortEvidence, r.Server.Loopback, c.port, c.loopback)
			}
		})
	}
}

// dropwizardFiles is a Dropwizard module at dir with its config yml.
func dropwizardFiles(dir, readme, yml string) map[string]string {
	j := func(name string) string { return path.Join(dir, name) }
	files := map[string]string{
		j("pom.xml"): pom(`<build><plugins><plugin><artifactId>maven-shade-plugin</artifactId><configuration><transformers><transformer>
			<mainClass>com.example.App</mainClass></transformer></transformers></configuration></plugin></plugins></build>`),
		j("src/main/java/com/example/App.java"): "package com.example;\n\nimport io.dropwizard.core.Application;\n\npublic class App extends Application<Conf> {}\n",
		j("app.yml"):                            yml,
		j("dev.keystore"):                       "not a real key store",
	}
	if readme != "" {
		files[j("README.md")] = readme
	}
	return files
}

func TestDropwizardServerCommand(t *testing.T) {
	yml := "server:\n  applicationConnectors:\n    - type: http\n      port: 8300\n    - type: https\n      port: 8443\n      keyStorePath: dev.keystore\n      bindHost: 127.0.0.1\n  adminConnectors:\n    - type: http\n      port: 8301\n"
	files := dropwizardFiles("svc", "Start it: `java -jar target/svc.jar server app.yml`\n", yml)
	files["svc/other.yml"] = "logging:\n  level: INFO\n"
	files["svc/src/main/resources/banner.txt"] = "hi"
	files["pom.xml"] = pom(`<packaging>pom</packaging><modules><module>svc</module></modules>`)
	m := mavenProject(t, files)
	if len(m.Modules) != 1 {
		t.Fatalf("modules %+v", m.Modules)
	}
	s := m.Modules[0].Server
	if s.Framework != "dropwizard" || strings.Join(s.Args, " ") != "server app.yml" || !strings.Contains(s.ArgsEvidence, "README.md:1") {
		t.Errorf("server %+v, want `server app.yml` from the README", s)
	}
	if m.Modules[0].Port != 8300 {
		t.Errorf("port %d (%s), want the first application connector's 8300", m.Modules[0].Port, m.Modules[0].PortEvidence)
	}
	var got []string
	for _, f := range s.Files {
		got = append(got, f.Path+"->"+f.At)
	}
	if strings.Join(got, " ") != "svc/app.yml->app.yml svc/dev.keystore->dev.keystore" {
		t.Errorf("files %v, want the yml and the key store it names, relative to the module", got)
	}
	if !strings.Contains(s.Loopback, "svc/app.yml:8") || s.LoopbackEnv != "" {
		t.Errorf("loopback %q env %q, want svc/app.yml:8 with no override", s.Loopback, s.LoopbackEnv)
	}
}

func TestDropwizardConfigChoice(t *testing.T) {
	// No README: the only yml with a server section is the config.
	s := mavenProject(t, dropwizardFiles(".", "", "server:\n  type: simple\n")).Root.Server
	if strings.Join(s.Args, " ") != "server app.yml" {
		t.Errorf("args %v, want server app.yml", s.Args)
	}
	// A README naming a file that does not exist, and two candidate ymls:
	// the server command alone, and why.
	files := dropwizardFiles(".", "java -jar app.jar server missing.yml\n", "server:\n  type: simple\n")
	files["prod.yml"] = "server:\n  type: default\n"
	s = mavenProject(t, files).Root.Server
	if strings.Join(s.Args, " ") != "server" || !strings.Contains(s.ArgsEvidence, "several configuration ymls") || len(s.Files) != 0 {
		t.Errorf("server %+v, want only `server` and the reason", s)
	}
	// A README path that leaves the module is never taken.
	files = dropwizardFiles(".", "java -jar app.jar server ../../etc/app.yml\n", "server:\n  type: simple\n")
	s = mavenProject(t, files).Root.Server
	for _, f := range s.Files {
		if strings.Contains(f.Path, "..") {
			t.Errorf("file %+v outside the module", f)
		}
	}
}
