package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"

	"github.com/dockerize-dev/dockerize/detect"
	"github.com/dockerize-dev/dockerize/internal/iostreams"
	"github.com/dockerize-dev/dockerize/lint"
	"github.com/dockerize-dev/dockerize/stacks"
)

// projectFacts reads what the project in dir asks of its Dockerfile, for
// lint --project: detect's facts, and the plan's port, entry point and
// needed files from the saved answers (never a prompt). ok is false when
// dir holds no project dockerize detects. A plan that cannot be made (an
// answer is needed) leaves the parts that need it empty, with a note.
func projectFacts(dir, shared string) (p lint.Project, ok bool, note string, err error) {
	opts, err := savedOptions(dir, shared)
	if err != nil {
		return p, false, "", err
	}
	proj, err := openProject(dir, opts.Answers.String("stack"))
	if errors.Is(err, detect.ErrNoStack) {
		return p, false, "", nil
	}
	if err != nil {
		return p, false, "", err
	}
	p.Stack = proj.Stack
	s, _ := stacks.Lookup(proj.Stack)
	// readOutput refuses a symbolic link (it could point outside the
	// project) and an oversized file.
	text, exists, err := readOutput(dir, ".dockerignore")
	if err != nil {
		return p, true, "", err
	}
	if exists {
		p.DockerIgnore = []byte(text)
	}

	quiet, _, _, _ := iostreams.Test()
	_, pl, _, err := renderProject(quiet, opts)
	if err != nil {
		pl, note = nil, "the port, entry point and build version checks need a plan: "+err.Error()
	}
	if s.Plan.Checks != nil {
		c := s.Plan.Checks(proj, pl)
		p.Version, p.Engines, p.Entry, p.Lockfile, p.Needed = c.Version, c.Engines, c.Entry, c.Lockfile, c.Needed
	}
	if pl == nil {
		return p, true, note, nil
	}
	if d := pl.Decided("port"); d.Value != "" && pl.Port > 0 {
		p.Port = detect.Fact{Name: "port", Value: strconv.Itoa(pl.Port), Evidence: d.Evidence}
	}
	return p, true, "", nil
}

// lintDir is the directory whose project a Dockerfile is compared with:
// the file's own directory.
func lintDir(file string) string {
	d := filepath.Dir(file)
	if _, err := os.Stat(d); err != nil {
		return "."
	}
	return d
}
