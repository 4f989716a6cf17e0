package detect

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"time"
)

// laughs builds a pom whose properties multiply by ten at every level: a
// few kilobytes that would expand to 10^levels bytes.
func laughs(levels int) string {
	var b strings.Builder
	b.WriteString("<project><artifactId>app</artifactId><properties><l0>lol</l0>")
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "<l%d>%s</l%d>", i, strings.Repeat(fmt.Sprintf("${l%d}", i-1), 10), i)
	}
	fmt.Fprintf(&b, "<maven.compiler.release>${l%d}</maven.compiler.release></properties></project>", levels)
	return b.String()
}

func TestPOMExpansionIsBounded(t *testing.T) {
	start := time.Now()
	_, err := Detect(mapFS(map[string]string{"pom.xml": laughs(12)}), allDetectors(), Options{})
	if err == nil || !strings.Contains(err.Error(), "expands to more than 64 KiB") || !strings.Contains(err.Error(), "pom.xml") {
		t.Fatalf("err = %v, want the expansion bound named", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("bounded expansion took %s", d)
	}
}

func TestPOMPropertyCycleIsACycle(t *testing.T) {
	_, err := Detect(mapFS(map[string]string{"pom.xml": `<project><artifactId>app</artifactId><properties>
		<a>${b}</a><b>x${a}</b><maven.compiler.release>${a}</maven.compiler.release></properties></project>`}), allDetectors(), Options{})
	if err == nil || !strings.Contains(err.Error(), "refers to itself (a -> b -> a)") {
		t.Fatalf("err = %v, want the cycle named", err)
	}
	// A long but finite chain is fine up to the depth bound.
	var b strings.Builder
	b.WriteString("<project><artifactId>app</artifactId><properties><p0>17</p0>")
	for i := 1; i <= 10; i++ {
		fmt.Fprintf(&b, "<p%d>${p%d}</p%d>", i, i-1, i)
	}
	b.WriteString("<maven.compiler.release>${p10}</maven.compiler.release></properties></project>")
	m := mavenProject(t, map[string]string{"pom.xml": b.String()})
	if m.Root.JavaVersion != "17" {
		t.Errorf("java version through ten properties = %q", m.Root.JavaVersion)
	}
}

func TestPOMParentCycle(t *testing.T) {
	_, err := Detect(mapFS(map[string]string{
		"pom.xml": `<project><parent><groupId>g</groupId><artifactId>child</artifactId><version>1</version><relativePath>child/pom.xml</relativePath></parent>
			<artifactId>root</artifactId><modules><module>child</module></modules></project>`,
		"child/pom.xml": `<project><parent><groupId>g</groupId><artifactId>root</artifactId><version>1</version></parent><artifactId>child</artifactId></project>`,
	}), allDetectors(), Options{})
	if err == nil || !strings.Contains(err.Error(), "form a cycle (pom.xml -> child/pom.xml -> pom.xml)") {
		t.Fatalf("err = %v, want the parent cycle named", err)
	}
	if strings.Contains(err.Error(), "not defined") {
		t.Errorf("a cycle reported as undefined: %v", err)
	}
}

func TestPOMInLatin1(t *testing.T) {
	m := mavenProject(t, map[string]string{"pom.xml": "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" +
		"<project><artifactId>caf\xe9</artifactId><name>Caf\xe9 cr\xe8me</name><properties><maven.compiler.release>17</maven.compiler.release></properties></project>"})
	if m.Root.ArtifactID != "café" || m.Root.JavaVersion != "17" {
		t.Errorf("artifact %q, java %q", m.Root.ArtifactID, m.Root.JavaVersion)
	}
}

func TestPackageJSONShapes(t *testing.T) {
	n := nodeProject(t, map[string]string{"package.json": "\xef\xbb\xbf{\"name\": \"bom\", \"scripts\": {\"start\": \"node server.js\"}}", "server.js": ""})
	if n.Packages[0].Name != "bom" {
		t.Errorf("a package.json with a byte order mark: name %q", n.Packages[0].Name)
	}
	for content, kind := range map[string]string{"[1, 2]": "array", "null": "null", " \"x\"": "string", "42": "number", "\xef\xbb\xbfnull": "null"} {
		_, err := Detect(mapFS(map[string]string{"package.json": content}), allDetectors(), Options{})
		want := "package.json holds a JSON " + kind + ", but a package.json is an object"
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("package.json %q: err = %v, want %q", content, err, want)
		}
	}
}

// deniedOpen refuses to open one file, as a file without read permission
// does for anyone but root.
type deniedOpen struct {
	fs.FS
	name string
}

func (d deniedOpen) Open(name string) (fs.File, error) {
	if name == d.name {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return d.FS.Open(name)
}

func TestUnreadableFilesAreSaid(t *testing.T) {
	files := map[string]string{
		"go.mod":     "module example.com/app\n\ngo 1.24\n",
		"main.go":    "package main\n\nfunc main() {}\n",
		".gitignore": "secret.txt\n",
	}
	for _, name := range []string{"main.go", ".gitignore"} {
		_, err := Detect(deniedOpen{mapFS(files), name}, allDetectors(), Options{})
		if !errors.Is(err, fs.ErrPermission) || !strings.Contains(err.Error(), "cannot read "+name) || !strings.Contains(err.Error(), "chmod") {
			t.Errorf("%s unreadable: err = %v", name, err)
		}
		if err != nil && strings.Contains(err.Error(), "no main package") {
			t.Errorf("%s unreadable reported as a library: %v", name, err)
		}
	}
}

func allDetectors() []Detector {
	return append(append(goOnly(), mavenOnly()...), nodeOnly()...)
}
