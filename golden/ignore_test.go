package golden

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
	"golang.org/x/tools/txtar"
)

// TestIgnoreSendsWhatTheBuildUses checks every case's .dockerignore with
// the engine's own matcher: each file the build uses reaches it. The used
// files are found without dockerize's help: go list for Go (sources and
// embedded files), the manifests and sources for Node.js and Maven, the
// file CMD runs when it is committed, and every file the Dockerfile copies
// by name.
func TestIgnoreSendsWhatTheBuildUses(t *testing.T) {
	cases, _ := filepath.Glob("cases/*.txtar")
	for _, file := range cases {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			ignore, df := wantFile(ar, ".dockerignore"), wantFile(ar, "Dockerfile")
			if ignore == nil || df == nil {
				t.Skip("no want/ files yet")
			}
			pm := matcher(t, ignore)
			dir := writeInput(t, ar)
			for used, why := range usedFiles(t, ar, dir, df) {
				if excluded, _ := pm.MatchesOrParentMatches(used); excluded {
					t.Errorf(".dockerignore hides %s, which the build uses (%s)", used, why)
				}
			}
		})
	}
}

func matcher(t *testing.T, ignore []byte) *patternmatcher.PatternMatcher {
	t.Helper()
	patterns, err := ignorefile.ReadAll(bytes.NewReader(ignore))
	if err != nil {
		t.Fatal(err)
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		t.Fatal(err)
	}
	return pm
}

// writeInput writes a case's project files into a new directory.
func writeInput(t *testing.T, ar *txtar.Archive) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range ar.Files {
		if f.Name == "args" || strings.HasPrefix(f.Name, "want/") {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var manifests = map[string]bool{
	"go.mod": true, "go.sum": true, "package.json": true, "package-lock.json": true, "pnpm-lock.yaml": true,
	"yarn.lock": true, ".yarnrc.yml": true, "pnpm-workspace.yaml": true, "tsconfig.json": true, "pom.xml": true, "mvnw": true,
}

// usedFiles maps each file the build uses to the reason.
func usedFiles(t *testing.T, ar *txtar.Archive, dir string, df []byte) map[string]string {
	t.Helper()
	used := map[string]string{}
	inputs := map[string]bool{}
	for _, f := range ar.Files {
		if f.Name == "args" || strings.HasPrefix(f.Name, "want/") {
			continue
		}
		inputs[f.Name] = true
		base := path.Base(f.Name)
		inBuildOutput := false
		for _, d := range strings.Split(path.Dir(f.Name), "/") {
			switch d {
			case "node_modules", "dist", "build", ".next", "target", "coverage":
				inBuildOutput = true
			}
		}
		switch {
		case manifests[base]:
			used[f.Name] = "a manifest"
		case strings.HasPrefix(f.Name, ".mvn/"):
			used[f.Name] = "Maven's configuration"
		case strings.Contains("/"+f.Name, "/src/main/"):
			used[f.Name] = "a Maven source" // wherever it is: a Java package may be named build
		case !inBuildOutput && strings.Contains(".js .mjs .cjs .ts .tsx .jsx", path.Ext(f.Name)+" ") && path.Ext(f.Name) != "":
			used[f.Name] = "a Node.js source"
		}
	}
	for _, f := range goListed(t, ar, dir) {
		used[f] = "go list"
	}
	stages, entry := copiedAndRun(t, df)
	for _, src := range stages {
		if inputs[src] {
			used[src] = "the Dockerfile copies it"
		}
	}
	if entry != "" && inputs[entry] {
		used[entry] = "CMD runs it"
	}
	return used
}

// goListed asks go list which files each module's packages are built from.
func goListed(t *testing.T, ar *txtar.Archive, dir string) []string {
	t.Helper()
	var files []string
	for _, f := range ar.Files {
		if path.Base(f.Name) != "go.mod" || strings.HasPrefix(f.Name, "want/") || strings.Contains(f.Name, "vendor/") {
			continue
		}
		modDir := filepath.Join(dir, filepath.FromSlash(path.Dir(f.Name)))
		cmd := exec.Command("go", "list", "-find", "-e", "-json", "./...")
		cmd.Dir = modDir
		cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local", "GOPROXY=off", "GOFLAGS=")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list in %s: %v", f.Name, err)
		}
		dec := json.NewDecoder(bytes.NewReader(out))
		for {
			var pkg struct {
				Dir                           string
				GoFiles, CgoFiles, EmbedFiles []string
			}
			if err := dec.Decode(&pkg); err == io.EOF {
				break
			} else if err != nil {
				t.Fatal(err)
			}
			rel, _ := filepath.Rel(dir, pkg.Dir)
			for _, list := range [][]string{pkg.GoFiles, pkg.CgoFiles, pkg.EmbedFiles} {
				for _, name := range list {
					files = append(files, path.Join(filepath.ToSlash(rel), name))
				}
			}
		}
	}
	return files
}

// copiedAndRun returns the build-context paths the Dockerfile copies by
// name, and the file the final CMD or ENTRYPOINT hands to node or java,
// relative to the context when it is given relative to WORKDIR.
func copiedAndRun(t *testing.T, df []byte) ([]string, string) {
	t.Helper()
	res, err := parser.Parse(bytes.NewReader(df))
	if err != nil {
		t.Fatal(err)
	}
	stages, _, err := instructions.Parse(res.AST, nil)
	if err != nil {
		t.Fatal(err)
	}
	var copied []string
	entry := ""
	for _, st := range stages {
		for _, cmd := range st.Commands {
			switch c := cmd.(type) {
			case *instructions.CopyCommand:
				if c.From != "" {
					continue
				}
				for _, src := range c.SourcePaths {
					src = strings.TrimPrefix(path.Clean(src), "/")
					if src != "." {
						copied = append(copied, src)
					}
				}
			case *instructions.CmdCommand:
				if len(c.CmdLine) >= 2 && c.CmdLine[0] == "node" {
					entry = path.Clean(c.CmdLine[1])
				}
			}
		}
	}
	return copied, entry
}
