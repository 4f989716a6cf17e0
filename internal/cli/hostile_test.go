//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

var (
	goApp = map[string]string{
		"go.mod":  "module example.com/app\n\ngo 1.24.4\n",
		"main.go": "package main\n\nfunc main() {}\n",
	}
	nodeApp = map[string]string{
		"package.json":      `{"name": "app", "scripts": {"start": "node server.js"}, "devDependencies": {"typescript": "5.7.2"}}`,
		"package-lock.json": `{"lockfileVersion": 3}`,
		"server.js":         "require('http').createServer().listen(3000)\n",
	}
	mavenApp = map[string]string{
		"pom.xml": `<project><groupId>g</groupId><artifactId>app</artifactId><version>1</version><properties><maven.compiler.release>21</maven.compiler.release></properties></project>`,
	}
)

// initWithin runs init and fails the test if it has not finished in time:
// a named pipe opened for reading waits for a writer forever.
func initWithin(t *testing.T, args ...string) (int, string) {
	t.Helper()
	type result struct {
		code   int
		stderr string
	}
	done := make(chan result, 1)
	go func() {
		code, _, stderr := runIn(args...)
		done <- result{code, stderr}
	}()
	select {
	case r := <-done:
		return r.code, r.stderr
	case <-time.After(20 * time.Second):
		t.Fatalf("dockerize %s hung", strings.Join(args, " "))
		return 0, ""
	}
}

func noOutput(t *testing.T, dir string) {
	t.Helper()
	for _, name := range []string{"Dockerfile", ".dockerignore"} {
		if fi, err := os.Lstat(filepath.Join(dir, name)); err == nil && fi.Mode().IsRegular() {
			t.Errorf("%s was written", name)
		}
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestNamedPipesNeverHang makes each file init reads a named pipe: init
// must refuse it by name, exit 1, and write nothing.
func TestNamedPipesNeverHang(t *testing.T) {
	for _, c := range []struct {
		name  string
		files map[string]string
	}{
		{"go.mod", goApp},
		{"main.go", goApp},
		{".gitignore", goApp},
		{".dockerize.yaml", goApp},
		{"Dockerfile", goApp},
		{"package.json", nodeApp},
		{".nvmrc", nodeApp},
		{"tsconfig.json", nodeApp},
		{"pom.xml", mavenApp},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := project(t, c.files)
			os.Remove(filepath.Join(dir, c.name))
			if err := syscall.Mkfifo(filepath.Join(dir, c.name), 0o644); err != nil {
				t.Fatal(err)
			}
			code, stderr := initWithin(t, "init", "--yes", "--force", dir)
			if code != exitError || !strings.Contains(stderr, c.name) || !strings.Contains(stderr, "named pipe") {
				t.Errorf("exit %d, stderr:\n%s", code, stderr)
			}
			noOutput(t, dir)
			// detect reads the same files, lint and pin a Dockerfile.
			if c.name != "Dockerfile" && c.name != ".dockerize.yaml" {
				if code, _, stderr := runIn("detect", dir); code != exitError || !strings.Contains(stderr, "named pipe") {
					t.Errorf("detect: exit %d\n%s", code, stderr)
				}
			}
		})
	}
}

// TestLinksOutOfTheProject points each file or folder init reads at a
// secret outside the project: init must refuse, name the link, and never
// print what is behind it.
func TestLinksOutOfTheProject(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret")
	os.WriteFile(secret, []byte("AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI\n"), 0o644)
	lib := filepath.Join(outside, "lib")
	os.MkdirAll(lib, 0o755)
	os.WriteFile(filepath.Join(lib, "go.mod"), []byte("module example.com/lib\n\ngo 1.24\n"), 0o644)
	os.WriteFile(filepath.Join(lib, "pom.xml"), []byte(mavenApp["pom.xml"]), 0o644)
	os.WriteFile(filepath.Join(lib, "package.json"), []byte(`{"name": "lib"}`), 0o644)
	with := func(base map[string]string, extra map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	for _, c := range []struct {
		name        string
		files       map[string]string
		link, to    string
		wantInError string
	}{
		{".gitignore to the environment", goApp, ".gitignore", "/proc/self/environ", ".gitignore is a symbolic link to /proc/self/environ, outside the project"},
		{".gitignore to a secret", goApp, ".gitignore", secret, ".gitignore is a symbolic link"},
		{"go.mod", goApp, "go.mod", filepath.Join(lib, "go.mod"), "go.mod is a symbolic link"},
		{"main.go", goApp, "main.go", secret, "main.go is a symbolic link"},
		{"go.work use", with(goApp, map[string]string{"go.work": "go 1.24.4\n\nuse (\n\t.\n\t./lib\n)\n"}), "lib", lib, "lib/go.mod leads outside the project through the symbolic link lib"},
		{"go.mod replace", with(goApp, map[string]string{"go.mod": "module example.com/app\n\ngo 1.24.4\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => ./lib\n"}), "lib", lib, "replace example.com/lib => ./lib: cannot read lib/go.mod: lib/go.mod leads outside"},
		{"maven module", with(mavenApp, map[string]string{"pom.xml": `<project><groupId>g</groupId><artifactId>app</artifactId><version>1</version><packaging>pom</packaging><modules><module>lib</module></modules></project>`}), "lib", lib, "module lib: cannot read lib/pom.xml: lib/pom.xml leads outside"},
		{"workspace glob", with(nodeApp, map[string]string{"package.json": `{"name": "mono", "private": true, "workspaces": ["packages/*"]}`, "packages/ok/package.json": `{"name": "ok"}`}), "packages/evil", lib, "workspace packages/evil: cannot read packages/evil: packages/evil is a symbolic link"},
		{".nvmrc", nodeApp, ".nvmrc", secret, ".nvmrc is a symbolic link"},
		{"package.json", nodeApp, "package.json", filepath.Join(lib, "package.json"), "package.json is a symbolic link"},
		{".dockerize.yaml", goApp, ".dockerize.yaml", secret, ".dockerize.yaml is a symbolic link"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := project(t, c.files)
			os.Remove(filepath.Join(dir, c.link))
			if err := os.Symlink(c.to, filepath.Join(dir, c.link)); err != nil {
				t.Fatal(err)
			}
			code, stderr := initWithin(t, "init", "--yes", dir)
			if code != exitError || !strings.Contains(stderr, c.wantInError) || !strings.Contains(stderr, "dockerize reads only files inside the project") {
				t.Errorf("exit %d, want 1 and %q in:\n%s", code, c.wantInError, stderr)
			}
			if strings.Contains(stderr, "wJalrXUtnFEMI") || strings.Contains(stderr, "PATH=") {
				t.Errorf("the error shows what is behind the link:\n%s", stderr)
			}
			noOutput(t, dir)
		})
	}
	// A link that stays inside the project is fine.
	dir := project(t, with(goApp, map[string]string{"config/gitignore": "*.log\n"}))
	os.Symlink("config/gitignore", filepath.Join(dir, ".gitignore"))
	if code, stderr := initWithin(t, "init", "--yes", dir); code != exitOK {
		t.Fatalf("a .gitignore linked inside the project: exit %d\n%s", code, stderr)
	}
	if ign, _ := os.ReadFile(filepath.Join(dir, ".dockerignore")); !strings.Contains(string(ign), "**/*.log") {
		t.Errorf("the linked .gitignore was not used:\n%s", ign)
	}
}
