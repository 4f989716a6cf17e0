// Package render lays out a plan with the stack's templates. It is pure: it
// returns the files' content and writes nothing.
package render

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig/v3"

	"github.com/dockerize-dev/dockerize/internal/stamp"
	"github.com/dockerize-dev/dockerize/internal/write"
	"github.com/dockerize-dev/dockerize/plan"
)

// outputs maps each file dockerize writes to the template that makes it, so
// no template needs a dotfile name.
var outputs = []struct{ path, template string }{
	{"Dockerfile", "Dockerfile.tmpl"},
	{".dockerignore", "dockerignore.tmpl"},
}

// Render executes the plan's stack templates (its Templates folder) from
// tfs (the built-in templates.FS or a team's own directory).
func Render(p *plan.Plan, tfs fs.FS) ([]write.File, error) {
	t, err := Parse(tfs, p.Templates)
	if err != nil {
		return nil, err
	}
	var files []write.File
	for _, o := range outputs {
		var buf bytes.Buffer
		if err := t.ExecuteTemplate(&buf, path.Join(p.Templates, o.template), p); err != nil {
			return nil, fmt.Errorf("rendering %s: %w", o.path, templateError(err))
		}
		files = append(files, write.File{Path: o.path, Data: normalize(buf.Bytes()), Mode: 0o644})
	}
	return files, nil
}

// Parse parses one stack's templates with the shared partials. Each stack
// gets its own set, so same-named templates of two stacks never collide.
// Templates are named by their path in tfs (go/Dockerfile.tmpl,
// partials/header.tmpl), so parse and execution errors name the file a team
// has to fix, with its line.
func Parse(tfs fs.FS, stack string) (*template.Template, error) {
	if _, err := fs.Stat(tfs, stack); err != nil {
		return nil, fmt.Errorf("no templates for the %s stack: %w", stack, err)
	}
	t := template.New(stack).Option("missingkey=error").Funcs(sprig.HermeticTxtFuncMap()).Funcs(funcs())
	for _, pattern := range []string{stack + "/*.tmpl", "partials/*.tmpl"} {
		names, err := fs.Glob(tfs, pattern)
		if err != nil {
			return nil, fmt.Errorf("listing templates: %w", err)
		}
		for _, name := range names {
			data, err := fs.ReadFile(tfs, name)
			if err != nil {
				return nil, fmt.Errorf("reading template %s: %w", name, err)
			}
			if _, err := t.New(name).Parse(string(data)); err != nil {
				return nil, templateError(err)
			}
		}
	}
	return t, nil
}

// funcs are dockerize's own template functions: data the templates share
// with the plan, so a list lives in one place.
func funcs() template.FuncMap {
	return template.FuncMap{"bootLayers": plan.BootLayers}
}

var blankRuns = regexp.MustCompile(`\n{3,}`)

// normalize strips trailing spaces, collapses runs of blank lines and ends
// the file with exactly one newline: whitespace in a Dockerfile is content,
// and templates should not have to be careful about it.
func normalize(b []byte) []byte {
	lines := strings.Split(string(b), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	s := blankRuns.ReplaceAllString(strings.Join(lines, "\n"), "\n\n")
	return []byte(strings.Trim(s, "\n") + "\n")
}

// Stamp gives every file the stamp line that records version and the
// digest of its text (see internal/stamp). It runs last, after pinning, so
// the stamp covers the text as written.
func Stamp(files []write.File, version string) error {
	for i := range files {
		s, err := stamp.Add(string(files[i].Data), version)
		if err != nil {
			return fmt.Errorf("%s: %w", files[i].Path, err)
		}
		files[i].Data = []byte(s)
	}
	return nil
}
