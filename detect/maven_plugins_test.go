package detect

import (
	"strings"
	"testing"
)

// pom wraps a <build><plugins> section (and anything else) in a pom.
func pom(extra string) string {
	return `<project><groupId>g</groupId><artifactId>app</artifactId><version>1.0</version>
<properties><maven.compiler.release>17</maven.compiler.release></properties>` + extra + `</project>`
}

func TestRunnableJarKinds(t *testing.T) {
	cases := []struct {
		name, pom                    string
		kind, mainClass, jar, suffix string
		shaded, assembly             bool
	}{
		{"jar plugin", pom(`<build><plugins><plugin><artifactId>maven-jar-plugin</artifactId>
			<configuration><archive><manifest><addClasspath>true</addClasspath><mainClass> org.example.Main </mainClass></manifest></archive></configuration>
			</plugin></plugins></build>`), "jar", "org.example.Main", "app-1.0.jar", "", false, false},
		{"shade in an execution", pom(`<build><plugins><plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-shade-plugin</artifactId>
			<executions><execution><phase>package</phase><goals><goal>shade</goal></goals><configuration><transformers>
			<transformer implementation="org.apache.maven.plugins.shade.resource.ServicesResourceTransformer"/>
			<transformer implementation="org.apache.maven.plugins.shade.resource.ManifestResourceTransformer"><mainClass>org.example.Shaded</mainClass></transformer>
			</transformers></configuration></execution></executions></plugin></plugins></build>`), "jar", "org.example.Shaded", "app-1.0.jar", "", true, false},
		{"shade attached", pom(`<build><plugins><plugin><artifactId>maven-shade-plugin</artifactId>
			<configuration><shadedArtifactAttached>true</shadedArtifactAttached><shadedClassifierName>all</shadedClassifierName>
			<transformers><transformer><mainClass>org.example.All</mainClass></transformer></transformers></configuration>
			</plugin></plugins></build>`), "jar", "org.example.All", "app-1.0-all.jar", "-all", true, false},
		{"assembly", pom(`<build><plugins><plugin><artifactId>maven-assembly-plugin</artifactId>
			<configuration><archive><manifest><mainClass>org.example.Fat</mainClass></manifest></archive>
			<descriptorRefs><descriptorRef>jar-with-dependencies</descriptorRef></descriptorRefs></configuration>
			</plugin></plugins></build>`), "jar", "org.example.Fat", "app-1.0-jar-with-dependencies.jar", "-jar-with-dependencies", false, true},
		{"assembly without the id", pom(`<build><finalName>svc</finalName><plugins><plugin><artifactId>maven-assembly-plugin</artifactId>
			<configuration><appendAssemblyId>false</appendAssemblyId><archive><manifest><mainClass>org.example.Fat</mainClass></manifest></archive>
			<descriptorRefs><descriptorRef>jar-with-dependencies</descriptorRef></descriptorRefs></configuration>
			</plugin></plugins></build>`), "jar", "org.example.Fat", "svc.jar", "", false, true},
		{"assembly of a zip is not runnable", pom(`<build><plugins><plugin><artifactId>maven-assembly-plugin</artifactId>
			<configuration><archive><manifest><mainClass>org.example.Fat</mainClass></manifest></archive>
			<descriptorRefs><descriptorRef>bin</descriptorRef></descriptorRefs></configuration>
			</plugin></plugins></build>`), "", "", "app-1.0.jar", "", false, false},
		{"boot classifier", pom(`<build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId><version>3.4.1</version>
			<configuration><classifier>exec</classifier><mainClass>org.example.Boot</mainClass></configuration>
			</plugin></plugins></build>`), "spring-boot", "org.example.Boot", "app-1.0-exec.jar", "-exec", false, false},
		{"mainClass in a comment or CDATA", pom(`<build><plugins><plugin><artifactId>maven-jar-plugin</artifactId>
			<configuration><!-- <mainClass>org.example.Old</mainClass> --><archive><manifest><mainClass><![CDATA[org.example.New]]></mainClass></manifest></archive></configuration>
			</plugin></plugins></build>`), "jar", "org.example.New", "app-1.0.jar", "", false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := mavenProject(t, map[string]string{"pom.xml": c.pom}).Root
			if r.Kind != c.kind || r.MainClass != c.mainClass || r.JarName != c.jar || r.JarSuffix != c.suffix || r.Shaded != c.shaded || r.Assembly != c.assembly {
				t.Errorf("got kind %q main %q jar %q suffix %q shaded %v assembly %v", r.Kind, r.MainClass, r.JarName, r.JarSuffix, r.Shaded, r.Assembly)
			}
		})
	}
}

func TestBootVersionEvidence(t *testing.T) {
	plugin := func(version string) string {
		return `<build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId>` + version + `</plugin></plugins></build>`
	}
	cases := []struct {
		name, pom, version, evidence string
	}{
		{"parent", `<project><parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.3.5</version><relativePath/></parent>
			<artifactId>app</artifactId>` + plugin("") + `</project>`, "3.3.5", "parent org.springframework.boot:spring-boot-starter-parent 3.3.5"},
		{"plugin property", pom(`<dependencyManagement><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-dependencies</artifactId><version>9.9.9</version></dependency></dependencies></dependencyManagement>`+plugin(`<version>${boot}</version>`)) + ``, "", "uses a property not defined in this repository"},
		{"bom", `<project><artifactId>app</artifactId><properties><sb>2.7.18</sb></properties><dependencyManagement><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-dependencies</artifactId><version>${sb}</version><type>pom</type><scope>import</scope></dependency></dependencies></dependencyManagement>` + plugin("") + `</project>`, "2.7.18", "spring-boot-dependencies in dependencyManagement ${sb} = 2.7.18"},
		{"company parent", `<project><parent><groupId>com.corp</groupId><artifactId>corp-parent</artifactId><version>4</version></parent><artifactId>app</artifactId>` + plugin("") + `</project>`, "", "neither spring-boot-starter-parent"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Detect(mapFS(map[string]string{"pom.xml": c.pom}), mavenOnly(), Options{})
			if err != nil {
				t.Fatal(err)
			}
			r := p.Maven().Root
			if r.Kind != "spring-boot" || r.BootVersion != c.version || !strings.Contains(r.BootVersionEvidence, c.evidence) {
				t.Errorf("got %q %q (%s)", r.Kind, r.BootVersion, r.BootVersionEvidence)
			}
			want := c.version
			if want == "" {
				want = "unknown"
			}
			if !hasFact(p, "spring boot", want) {
				t.Errorf("no spring boot fact %q in %v", want, p.Facts)
			}
		})
	}
}

func TestBootParentWithoutPluginIsNotRunnable(t *testing.T) {
	p, err := Detect(mapFS(map[string]string{"pom.xml": `<project><parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.4.1</version></parent><artifactId>lib</artifactId></project>`}), mavenOnly(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Maven().Root.Kind != "" || !hasFact(p, "runnable", "no") {
		t.Errorf("kind %q, facts %v", p.Maven().Root.Kind, p.Facts)
	}
}

func TestCompilerPluginJavaVersion(t *testing.T) {
	cases := []struct{ config, version, problem string }{
		{`<release>21</release>`, "21", ""},
		{`<source>1.8</source><target>1.8</target>`, "8", ""},
		{`<release>${jdk}</release>`, "", "<release> is ${jdk}, which is not defined in this repository"},
	}
	for _, c := range cases {
		r := mavenProject(t, map[string]string{"pom.xml": `<project><artifactId>a</artifactId><build><plugins><plugin>
			<artifactId>maven-compiler-plugin</artifactId><configuration>` + c.config + `</configuration></plugin></plugins></build></project>`}).Root
		if r.JavaVersion != c.version || !strings.Contains(r.JavaProblem, c.problem) {
			t.Errorf("%s: got %q, problem %q", c.config, r.JavaVersion, r.JavaProblem)
		}
	}
}

func hasFact(p *Project, name, value string) bool {
	for _, f := range p.Facts {
		if f.Name == name && f.Value == value {
			return true
		}
	}
	return false
}
