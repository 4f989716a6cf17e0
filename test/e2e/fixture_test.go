//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"golang.org/x/tools/txtar"

	"github.com/dockerize-dev/dockerize/detect"
	"github.com/dockerize-dev/dockerize/stacks"
)

// fixture is one project the suite builds: a golden case or an example.
type fixture struct {
	name string
	// files writes the project into a directory.
	files func(dir string) error
	args  []string
	// skip is why the fixture cannot be built here, from its e2e-skip file.
	skip string
}

// fixtures lists every golden case and every example, sorted by name.
func fixtures(root string) ([]fixture, error) {
	var out []fixture
	cases, err := filepath.Glob(filepath.Join(root, "golden/cases/*.txtar"))
	if err != nil {
		return nil, err
	}
	for _, c := range cases {
		ar, err := txtar.ParseFile(c)
		if err != nil {
			return nil, err
		}
		f := fixture{name: strings.TrimSuffix(filepath.Base(c), ".txtar")}
		for _, file := range ar.Files {
			switch file.Name {
			case "args":
				f.args = strings.Fields(string(file.Data))
			case "e2e-skip":
				f.skip = strings.TrimSpace(string(file.Data))
			}
		}
		f.files = func(dir string) error {
			for _, file := range ar.Files {
				if file.Name == "args" || strings.HasPrefix(file.Name, "want/") {
					continue
				}
				p := filepath.Join(dir, filepath.FromSlash(file.Name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					return err
				}
				if err := os.WriteFile(p, file.Data, 0o644); err != nil {
					return err
				}
			}
			return nil
		}
		out = append(out, f)
	}
	examples, _ := filepath.Glob(filepath.Join(root, "examples/*"))
	for _, e := range examples {
		e := e
		out = append(out, fixture{name: "example-" + filepath.Base(e), files: func(dir string) error {
			return os.CopyFS(dir, os.DirFS(e))
		}})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, nil
}

// generated is a fixture after dockerize init ran on it.
type generated struct {
	dir        string
	dockerfile []byte
	froms      []string // base images, not stages
	buildImage string   // the base image under the stage named build, else the first
	port       string
	user       string
	stack      stacks.Stack
	depStep    *regexp.Regexp // the dependency step's command
	buildStep  *regexp.Regexp // the compile step's command, or the source copy
}

// baseImages lists the base images under a Dockerfile's stages (not the
// stages themselves, not scratch), and the one under the stage named
// build, following FROM another stage (else the first): the toolchain a
// naive baseline builds on.
func baseImages(stages []instructions.Stage) (froms []string, build string, err error) {
	bases := map[string]string{} // stage name -> the base image under it
	for _, s := range stages {
		base := s.BaseName
		if b, ok := bases[strings.ToLower(base)]; ok {
			base = b
		} else if s.BaseName != "scratch" && !slices.Contains(froms, s.BaseName) {
			froms = append(froms, s.BaseName)
		}
		bases[strings.ToLower(s.Name)] = base
	}
	if len(froms) == 0 {
		return nil, "", fmt.Errorf("the Dockerfile has no base image but scratch")
	}
	build = froms[0]
	if b, ok := bases["build"]; ok && b != "scratch" {
		build = b
	}
	return froms, build, nil
}

// detected reads the stack from init's "Detected a go project:" line.
var detected = regexp.MustCompile(`(?m)^Detected a (\S+) project:`)

func initFixture(ctx context.Context, dockerize string, f fixture, dir string) (*generated, error) {
	if err := f.files(dir); err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, dockerize, append([]string{"init", dir, "--yes"}, f.args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("dockerize init: %w\n%s", err, stderr.String())
	}
	df, err := os.ReadFile(filepath.Join(dir, "Dockerfile"))
	if err != nil {
		return nil, err
	}
	m := detected.FindStringSubmatch(stderr.String())
	if m == nil {
		return nil, fmt.Errorf("dockerize init named no stack:\n%s", stderr.String())
	}
	s, ok := stacks.Lookup(detect.Stack(m[1]))
	if !ok {
		return nil, fmt.Errorf("dockerize init detected %s, which is not in stacks.All", m[1])
	}
	g := &generated{dir: dir, dockerfile: df, stack: s, depStep: s.Build.DepStep,
		buildStep: regexp.MustCompile(s.Build.BuildStep.String() + `|COPY \. \.`)}
	res, err := parser.Parse(bytes.NewReader(df))
	if err != nil {
		return nil, err
	}
	stages, _, err := instructions.Parse(res.AST, nil)
	if err != nil {
		return nil, err
	}
	if g.froms, g.buildImage, err = baseImages(stages); err != nil {
		return nil, err
	}
	last := stages[len(stages)-1]
	for _, c := range last.Commands {
		switch c := c.(type) {
		case *instructions.ExposeCommand:
			g.port = strings.TrimSuffix(c.Ports[0], "/tcp")
		case *instructions.UserCommand:
			g.user = c.User
		}
	}
	if g.port == "" {
		return nil, fmt.Errorf("the Dockerfile exposes no port")
	}
	return g, nil
}

// sourceFile picks the file a developer would edit for a one-line change:
// the file that starts the program, outside dependency trees, as the
// stack's Sources describe it.
func sourceFile(dir string, src stacks.Sources) (string, error) {
	var candidates []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" || slices.Contains(src.SkipDirs, d.Name()) {
				return fs.SkipDir
			}
			return nil
		}
		if !slices.Contains(src.Exts, filepath.Ext(p)) {
			return nil
		}
		for _, suffix := range src.SkipSuffixes {
			if strings.HasSuffix(p, suffix) {
				return nil
			}
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range src.Markers {
			if bytes.Contains(data, []byte(m)) {
				candidates = append(candidates, p)
				break
			}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	if len(candidates) == 0 {
		return "", fmt.Errorf("no source file to change in %s", dir)
	}
	// The shallowest file first: the program's own entry, not an example's;
	// among equals, a main.go (a generator behind //go:build ignore also
	// has a func main).
	sort.Slice(candidates, func(i, j int) bool {
		mi, mj := filepath.Base(candidates[i]) == "main.go", filepath.Base(candidates[j]) == "main.go"
		if mi != mj {
			return mi
		}
		di, dj := strings.Count(candidates[i], "/"), strings.Count(candidates[j], "/")
		if di != dj {
			return di < dj
		}
		return candidates[i] < candidates[j]
	})
	return candidates[0], nil
}

// touchSource appends a comment line to a source file: a one-line change
// in the stack's own comment syntax.
func touchSource(dir string, src stacks.Sources) (string, error) {
	f, err := sourceFile(dir, src)
	if err != nil {
		return "", err
	}
	fh, err := os.OpenFile(f, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return "", err
	}
	defer fh.Close()
	comment := src.Comment
	if comment == "" {
		comment = "//"
	}
	// Unique each time, so an earlier run's cache cannot answer for it.
	_, err = fmt.Fprintf(fh, "%s a one-line change %d\n", comment, time.Now().UnixNano())
	return f, err
}
