package realworld

import (
	"bytes"
	"fmt"
	"path"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// Dockerfile is the part of a parsed Dockerfile the checks read.
type Dockerfile struct {
	Stages []Stage
	// Comments are the file's comment lines, # stripped.
	Comments []string
}

// Stage is one FROM with what it does.
type Stage struct {
	Name string
	// Base is the image or the stage it starts from.
	Base string
	// FromStage is the index of the stage it starts from, or -1 for an image.
	FromStage int
	// Workdir is the working directory at the end of the stage.
	Workdir string
	// Env is the environment at the end of the stage (inherited ENV included).
	Env map[string]string
	// Runs are the RUN command lines, joined.
	Runs []string
	// Copies are the COPY and ADD instructions, in order.
	Copies []Copy
	// Expose lists the EXPOSE ports.
	Expose     []string
	Entrypoint []string
	Cmd        []string
	// ShellForm is set when ENTRYPOINT or CMD is in shell form.
	ShellForm bool
}

// Copy is one COPY or ADD: its sources (relative to the context, or to the
// From stage's filesystem), its absolute destination and whether the
// destination is a directory.
type Copy struct {
	From    int // stage index, or -1 for the build context
	FromRaw string
	Sources []string
	Dest    string
	DestDir bool
}

// ParseDockerfile parses with BuildKit's own parser and instruction
// reader, as the engine does.
func ParseDockerfile(data []byte) (*Dockerfile, error) {
	res, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("parsing the Dockerfile: %w", err)
	}
	stages, _, err := instructions.Parse(res.AST, nil)
	if err != nil {
		return nil, fmt.Errorf("reading the Dockerfile's instructions: %w", err)
	}
	df := &Dockerfile{}
	for _, line := range strings.Split(string(data), "\n") {
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "#") {
			df.Comments = append(df.Comments, strings.TrimSpace(strings.TrimPrefix(t, "#")))
		}
	}
	index := map[string]int{}
	for i, s := range stages {
		st := Stage{Name: s.Name, Base: s.BaseName, FromStage: -1, Workdir: "/", Env: map[string]string{}}
		if j, ok := index[strings.ToLower(s.BaseName)]; ok {
			parent := df.Stages[j]
			st.FromStage, st.Workdir = j, parent.Workdir
			for k, v := range parent.Env {
				st.Env[k] = v
			}
			st.Entrypoint, st.Cmd, st.ShellForm = parent.Entrypoint, parent.Cmd, parent.ShellForm
		}
		for _, c := range s.Commands {
			switch c := c.(type) {
			case *instructions.WorkdirCommand:
				st.Workdir = absJoin(st.Workdir, c.Path)
			case *instructions.EnvCommand:
				for _, kv := range c.Env {
					st.Env[kv.Key] = kv.Value
				}
			case *instructions.RunCommand:
				st.Runs = append(st.Runs, strings.Join(c.CmdLine, " "))
			case *instructions.CopyCommand:
				st.Copies = append(st.Copies, newCopy(st.Workdir, c.From, c.SourcePaths, c.DestPath, index))
			case *instructions.AddCommand:
				st.Copies = append(st.Copies, newCopy(st.Workdir, "", c.SourcePaths, c.DestPath, index))
			case *instructions.ExposeCommand:
				st.Expose = append(st.Expose, c.Ports...)
			case *instructions.EntrypointCommand:
				st.Entrypoint, st.ShellForm = c.CmdLine, c.PrependShell
				st.Cmd = nil // as the engine does: a new ENTRYPOINT resets an inherited CMD
			case *instructions.CmdCommand:
				st.Cmd = c.CmdLine
				st.ShellForm = st.ShellForm || c.PrependShell
			}
		}
		if s.Name != "" {
			index[strings.ToLower(s.Name)] = i
		}
		index[fmt.Sprint(i)] = i
		df.Stages = append(df.Stages, st)
	}
	if len(df.Stages) == 0 {
		return nil, fmt.Errorf("the Dockerfile has no FROM")
	}
	return df, nil
}

func newCopy(workdir, from string, srcs []string, dest string, index map[string]int) Copy {
	c := Copy{From: -1, FromRaw: from, Sources: srcs}
	if from != "" {
		if j, ok := index[strings.ToLower(from)]; ok {
			c.From = j
		} else {
			c.From = -2 // an image: nothing of the project
		}
	}
	c.DestDir = strings.HasSuffix(dest, "/") || len(srcs) > 1 || dest == "." || strings.HasSuffix(dest, "/.")
	c.Dest = absJoin(workdir, dest)
	return c
}

func absJoin(dir, p string) string {
	if path.IsAbs(p) {
		return path.Clean(p)
	}
	return path.Join("/", dir, p)
}

// Final is the stage the image runs.
func (d *Dockerfile) Final() *Stage { return &d.Stages[len(d.Stages)-1] }

// Argv is what the container runs, ENTRYPOINT then CMD, with a leading
// init (tini, dumb-init, and its "--") stripped: the init is not the app.
func (s *Stage) Argv() []string {
	argv := append(append([]string{}, s.Entrypoint...), s.Cmd...)
	if len(argv) > 0 {
		switch path.Base(argv[0]) {
		case "tini", "tini-static", "dumb-init", "docker-init":
			argv = argv[1:]
			for len(argv) > 0 && strings.HasPrefix(argv[0], "-") {
				stop := argv[0] == "--"
				argv = argv[1:]
				if stop {
					break
				}
			}
		}
	}
	return argv
}

// BuildRuns are the RUN lines of every stage but the final one, plus the
// final one's (a single-stage file builds there).
func (d *Dockerfile) BuildRuns() []string {
	var runs []string
	for _, s := range d.Stages {
		runs = append(runs, s.Runs...)
	}
	return runs
}

// Images are the FROM bases that are images, not stages.
func (d *Dockerfile) Images() []string {
	var out []string
	for _, s := range d.Stages {
		if s.FromStage < 0 && s.Base != "scratch" {
			out = append(out, s.Base)
		}
	}
	return out
}
