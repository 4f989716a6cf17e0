package plan

import (
	"strings"
	"testing"

	"github.com/dockerize-dev/dockerize/detect"
)

func decisions(pl *Plan, name string) string {
	var out []string
	for _, d := range pl.Decisions {
		if d.Name == name {
			out = append(out, d.Value+" ("+d.Evidence+")")
		}
	}
	return strings.Join(out, "; ")
}

func TestDropwizardStartAndFiles(t *testing.T) {
	files := map[string]string{
		"pom.xml": `<project><groupId>g</groupId><artifactId>svc</artifactId><version>1</version>
<properties><maven.compiler.release>17</maven.compiler.release></properties>
<build><plugins><plugin><artifactId>maven-shade-plugin</artifactId><configuration><transformers><transformer><mainClass>a.App</mainClass></transformer></transformers></configuration></plugin></plugins></build></project>`,
		"src/main/java/a/App.java": "package a;\nimport io.dropwizard.core.Application;\npublic class App extends Application<C> {}\n",
		"README.md":                "run: java -jar target/svc-1.jar server svc.yml\n",
		"svc.yml":                  "server:\n  applicationConnectors:\n    - type: https\n      port: 8443\n      keyStorePath: svc.jks\n",
		"svc.jks":                  "k",
	}
	pl, err := newPlan(project(t, files), Answers{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(pl.Maven().Entrypoint.Args(), " "); got != "java -XX:MaxRAMPercentage=75.0 -jar svc-1.jar server svc.yml" {
		t.Errorf("entrypoint %s", got)
	}
	if len(pl.Files) != 2 || pl.Files[0].Src.String() != "svc.yml" || pl.Files[0].Dest.String() != "svc.yml" || pl.Files[1].Src.String() != "svc.jks" || pl.Files[1].Dest.String() != "svc.jks" {
		t.Errorf("files %v, want svc.yml and the key store it names", pl.Files)
	}
	if !strings.Contains(decisions(pl, "warning"), "svc.jks is a key or credential file") {
		t.Errorf("no warning about shipping the key store: %v", pl.Decisions)
	}
	// The key store is a secret pattern, let through by name only.
	var ignored []string
	for _, s := range pl.Ignore.Sections {
		ignored = append(ignored, s.Patterns...)
	}
	if all := strings.Join(ignored, "\n"); !strings.Contains(all, "**/*.jks") || !strings.Contains(all, "!svc.jks") {
		t.Errorf(".dockerignore does not keep other key stores out and this one in:\n%s", all)
	}
	if pl.Port != 8443 {
		t.Errorf("port %d, want 8443", pl.Port)
	}
}

func TestJavaLoopback(t *testing.T) {
	pl, err := newPlan(project(t, map[string]string{
		"pom.xml":                            bootPOM("3.4.1", "", "jar")["pom.xml"],
		"src/main/resources/application.yml": "server:\n  address: localhost\n  port: 8099\n",
	}), Answers{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if len(pl.Env) != 1 || pl.Env[0].Name.String() != "SERVER_ADDRESS" || pl.Env[0].Value.String() != "0.0.0.0" || !strings.Contains(decisions(pl, "env"), "application.yml:2") {
		t.Errorf("env %v (%s), want SERVER_ADDRESS=0.0.0.0 citing application.yml:2", pl.Env, decisions(pl, "env"))
	}
}

func TestJavaLoopbackWithoutOverrideWarns(t *testing.T) {
	pl := &Plan{}
	mod := &detect.MavenModule{Server: detect.JavaServer{Loopback: "src/main/java/a/App.java:9: Javalin .start(\"127.0.0.1\", ...)"}}
	if err := javaServerPlan(pl, &MavenPlan{}, mod); err != nil {
		t.Fatal(err)
	}
	if w := decisions(pl, "warning"); !strings.Contains(w, "App.java:9") || !strings.Contains(w, "0.0.0.0") || len(pl.Env) != 0 {
		t.Errorf("warning %q env %v, want the line to change and no ENV", w, pl.Env)
	}
}

func TestJavaServerRefusesUnsafeValues(t *testing.T) {
	for _, s := range []detect.JavaServer{
		{Args: []string{"server", "--x=$(id)"}, ArgsEvidence: "README.md:1"},
		{Args: []string{"server", "../../etc/app.yml"}, ArgsEvidence: "README.md:1"},
		{Files: []detect.RuntimeFile{{Path: "a b.yml", At: "a b.yml", Evidence: "README.md:1"}}},
		{Loopback: "x:1", LoopbackEnv: "SERVER ADDRESS", LoopbackValue: "0.0.0.0"},
		{Loopback: "x:1", LoopbackEnv: "SERVER_ADDRESS", LoopbackValue: "0.0.0.0\nRUN id"},
	} {
		pl, mp := &Plan{}, &MavenPlan{}
		if err := javaServerPlan(pl, mp, &detect.MavenModule{Server: s}); err == nil {
			t.Errorf("%+v: accepted, entrypoint %v, files %v, env %v", s, mp.entry, pl.Files, pl.Env)
		}
	}
}

func TestJavaLineRule(t *testing.T) {
	cases := []struct{ in, want, why string }{
		{"17", "17", "long-term"},
		{"8", "8", "long-term"},
		{"14", "17", "the next long-term release, Java 17"},
		{"22", "25", "the next long-term release, Java 25"},
		{"9", "11", "the next long-term release, Java 11"},
		{"7", "8", "the oldest supported long-term release"},
		{"29", "29", "taken as written"},
	}
	for _, c := range cases {
		if got, why := javaLine(c.in); got != c.want || !strings.Contains(why, c.why) {
			t.Errorf("javaLine(%s) = %s (%s), want %s (...%s...)", c.in, got, why, c.want, c.why)
		}
	}
	// Through a pom: maven.compiler.source 1.7 and target 14.
	pl, err := newPlan(project(t, map[string]string{
		"pom.xml": `<project><groupId>g</groupId><artifactId>old</artifactId><version>1</version>
<properties><maven.compiler.target>14</maven.compiler.target></properties>
<build><plugins><plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>a.Main</mainClass></manifest></archive></configuration></plugin></plugins></build></project>`,
	}), Answers{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if pl.Maven().JavaVersion != "17" || !strings.Contains(decisions(pl, "java version"), "pom.xml: maven.compiler.target 14; Java 14 is not a long-term release") || !strings.Contains(pl.BuildImage.String(), "eclipse-temurin-17") {
		t.Errorf("java %s (%s), build image %s; want 17 from the rule", pl.Maven().JavaVersion, decisions(pl, "java version"), pl.BuildImage)
	}
}
