package detect

import (
	"strings"
	"testing"
)

// bootPlugin is the Spring Boot plugin as a <build><plugins> section.
const bootPlugin = `<build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId><version>3.4.1</version></plugin></plugins></build>`

func profileXML(id, activation, body string) string {
	return `<profile><id>` + id + `</id>` + activation + body + `</profile>`
}

func TestProfileActivation(t *testing.T) {
	cases := []struct {
		name     string
		profiles string
		files    map[string]string
		runnable bool
	}{
		{"a plugin in an inactive profile does not count", profileXML("boot", "", bootPlugin), nil, false},
		{"activeByDefault", profileXML("boot", `<activation><activeByDefault>true</activeByDefault></activation>`, bootPlugin), nil, true},
		{"activeByDefault gives way to another active profile", profileXML("boot", `<activation><activeByDefault>true</activeByDefault></activation>`, bootPlugin) +
			profileXML("other", `<activation><file><exists>marker.txt</exists></file></activation>`, ""), map[string]string{"marker.txt": "x"}, false},
		{"file exists", profileXML("boot", `<activation><file><exists>${basedir}/src/main/resources/application.yml</exists></file></activation>`, bootPlugin),
			map[string]string{"src/main/resources/application.yml": "x: 1\n"}, true},
		{"file exists, but it does not", profileXML("boot", `<activation><file><exists>src/main/resources/application.yml</exists></file></activation>`, bootPlugin), nil, false},
		{"file missing", profileXML("boot", `<activation><file><missing>skip-boot</missing></file></activation>`, bootPlugin), nil, true},
		{"negated property that is not set", profileXML("boot", `<activation><property><name>!skipBoot</name></property></activation>`, bootPlugin), nil, true},
		{"property that is not set", profileXML("boot", `<activation><property><name>withBoot</name></property></activation>`, bootPlugin), nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{"pom.xml": pom(`<profiles>` + c.profiles + `</profiles>`)}
			for k, v := range c.files {
				files[k] = v
			}
			r := mavenProject(t, files).Root
			if (r.Kind == "spring-boot") != c.runnable {
				t.Errorf("kind %q (active %v), want runnable %v", r.Kind, r.ActiveProfiles, c.runnable)
			}
		})
	}
}

func TestParentProfileActivatesPerModule(t *testing.T) {
	// The parent's file activation is resolved against each module.
	files := map[string]string{
		"pom.xml": pom(`<packaging>pom</packaging><modules><module>api</module><module>lib</module></modules><profiles>` +
			profileXML("boot", `<activation><file><exists>src/main/resources/application.yml</exists></file></activation>`, bootPlugin) + `</profiles>`),
		"api/pom.xml":                            `<project><parent><groupId>g</groupId><artifactId>app</artifactId><version>1.0</version></parent><artifactId>api</artifactId></project>`,
		"api/src/main/resources/application.yml": "server:\n  port: 8123\n",
		"lib/pom.xml":                            `<project><parent><groupId>g</groupId><artifactId>app</artifactId><version>1.0</version></parent><artifactId>lib</artifactId></project>`,
	}
	m := mavenProject(t, files)
	kinds := map[string]string{}
	for _, mod := range m.Modules {
		kinds[mod.Dir] = mod.Kind
	}
	if kinds["api"] != "spring-boot" || kinds["lib"] != "" {
		t.Errorf("kinds %v, want api a Boot jar and lib not runnable", kinds)
	}
}

func TestDeploymentProfile(t *testing.T) {
	files := map[string]string{"pom.xml": pom(bootPlugin + `<profiles>` +
		profileXML("dev", `<activation><activeByDefault>true</activeByDefault></activation>`, `<properties><spring.profiles.active>dev</spring.profiles.active></properties>`) +
		profileXML("prod", "", `<properties><spring.profiles.active>prod</spring.profiles.active></properties>`) + `</profiles>`),
		"src/main/resources/application.properties": "spring.profiles.active=@spring.profiles.active@\n",
		"src/main/resources/application-dev.yml":    "server:\n  port: 8001\n",
		"src/main/resources/application-prod.yml":   "server:\n  port: 8002\n",
	}
	r := mavenProject(t, files).Root
	if r.Profile != "prod" || !strings.HasPrefix(r.ProfileEvidence, "pom.xml:") || r.Port != 8002 {
		t.Errorf("profile %q (%s), port %d; want prod from pom.xml and its Spring profile's port 8002", r.Profile, r.ProfileEvidence, r.Port)
	}
	dev, ok := r.WithProfile("")
	if !ok || dev.Port != 8001 {
		t.Errorf("without -P: ok %v, port %d; want dev (activeByDefault) and 8001", ok, dev.Port)
	}
	if _, ok := r.WithProfile("staging"); ok {
		t.Error("a profile no pom declares was found")
	}
	if got := strings.Join(r.Profiles, ","); got != "dev,prod" {
		t.Errorf("profiles %s, want dev,prod", got)
	}
}

func TestManagedMainClassMakesJarRunnable(t *testing.T) {
	files := map[string]string{"pom.xml": pom(`<build><pluginManagement><plugins><plugin><artifactId>maven-jar-plugin</artifactId>
		<configuration><archive><manifest><mainClass>org.example.Main</mainClass></manifest></archive></configuration></plugin></plugins></pluginManagement></build>`)}
	r := mavenProject(t, files).Root
	if r.Kind != "jar" || r.MainClass != "org.example.Main" {
		t.Errorf("kind %q main %q, want a runnable jar from the managed jar plugin", r.Kind, r.MainClass)
	}
}

func TestToolchainRaisesJavaVersion(t *testing.T) {
	tc := func(v string) string {
		return `<build><plugins><plugin><artifactId>maven-toolchains-plugin</artifactId><configuration><toolchains><jdk><version>` + v + `</version></jdk></toolchains></configuration></plugin></plugins></build>`
	}
	cases := []struct{ version, want string }{{"[21,)", "21"}, {"1.8", "17"}, {"[11,18)", "17"}, {"${jdk}", "17"}}
	for _, c := range cases {
		r := mavenProject(t, map[string]string{"pom.xml": pom(tc(c.version))}).Root
		if r.JavaVersion != c.want {
			t.Errorf("toolchain %s over release 17: java %s (%s), want %s", c.version, r.JavaVersion, r.JavaVersionEvidence, c.want)
		}
	}
	if r := mavenProject(t, map[string]string{"pom.xml": pom(tc("[21,)"))}).Root; r.Toolchain != "21" || !strings.Contains(r.ToolchainEvidence, "pom.xml: maven-toolchains-plugin jdk version [21,)") {
		t.Errorf("toolchain %q (%s)", r.Toolchain, r.ToolchainEvidence)
	}
}
