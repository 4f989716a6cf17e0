package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/dockerize-dev/dockerize/internal/iostreams"
	"github.com/dockerize-dev/dockerize/internal/version"
	"github.com/dockerize-dev/dockerize/internal/write"
	"github.com/dockerize-dev/dockerize/plan"
	"github.com/dockerize-dev/dockerize/render"
	"github.com/dockerize-dev/dockerize/templates"
)

// InitOptions are the flags of dockerize init.
type InitOptions struct {
	Dir     string
	Answers plan.Answers
	Force   bool
	DryRun  bool
	Stdout  bool
	Diff    bool
	Yes     bool
}

func newInitCmd(io *iostreams.IOStreams) *cobra.Command {
	opts := &InitOptions{}
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Write a Dockerfile and .dockerignore for the project in DIR (default: .)",
		Long: `init detects the project in DIR, resolves every choice (flags first, then what
the project says, then documented defaults) and writes Dockerfile and
.dockerignore. It never replaces a file that differs without --force.`,
		Example: `  dockerize init
  dockerize init --main cmd/api --port 9090
  dockerize init --dry-run          # show what would be written
  dockerize init --stdout | docker build -t app -f - .
  dockerize init --diff             # compare with the files you have
  dockerize init --force            # replace them`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Dir = "."
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			if n := countTrue(opts.DryRun, opts.Stdout, opts.Diff); n > 1 {
				return usageError{errors.New("--dry-run, --stdout and --diff each show the result without writing; pass only one")}
			}
			if opts.Yes {
				io.NeverPrompt = true
			}
			opts.Answers.Version = version.Version
			return runInit(io, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Answers.Stack, "stack", "", "the project's stack when detection should not choose (go)")
	f.IntVar(&opts.Answers.Port, "port", 0, "the port the app listens on (default: found in the code, else 8080)")
	f.StringVar(&opts.Answers.Main, "main", "", "Go: the main package directory to build, e.g. cmd/api")
	f.StringVar(&opts.Answers.Module, "module", "", "Go: the go.work module to build, e.g. services/api")
	f.StringVar(&opts.Answers.GoVersion, "go-version", "", "Go: the toolchain version (default: go.mod's toolchain or go line)")
	f.StringVar(&opts.Answers.Runtime, "runtime", "", "the runtime image flavour; Go: static or glibc (default: static, glibc for cgo)")
	f.BoolVar(&opts.Force, "force", false, "overwrite existing files that differ")
	f.BoolVar(&opts.DryRun, "dry-run", false, "show what would be written, and write nothing")
	f.BoolVar(&opts.Stdout, "stdout", false, "print the Dockerfile to standard output, and write nothing")
	f.BoolVar(&opts.Diff, "diff", false, "print a unified diff against the existing files, and write nothing")
	f.BoolVarP(&opts.Yes, "yes", "y", false, "never prompt: take detected values and defaults")
	return cmd
}

func runInit(io *iostreams.IOStreams, opts *InitOptions) error {
	proj, err := openProject(opts.Dir, opts.Answers.Stack)
	if err != nil {
		return err
	}
	pl, err := plan.New(proj, opts.Answers)
	if err != nil {
		return err
	}
	files, err := render.Render(pl, templates.FS)
	if err != nil {
		return err
	}
	switch {
	case opts.Stdout:
		_, err := io.Out.Write(files[0].Data)
		return err
	case opts.Diff:
		for _, f := range files {
			d, err := write.Diff(opts.Dir, f)
			if err != nil {
				return err
			}
			fmt.Fprint(io.Out, d)
		}
		return nil
	}
	fmt.Fprintf(io.ErrOut, "Detected a %s project:\n", proj.Stack)
	for _, d := range pl.Decisions {
		fmt.Fprintf(io.ErrOut, "  %-13s %s (%s)\n", d.Name+":", d.Value, d.Evidence)
	}
	if opts.DryRun {
		results, err := write.Plan(opts.Dir, files, opts.Force)
		if err != nil {
			return err
		}
		for i, r := range results {
			fmt.Fprintf(io.ErrOut, "would be %s: %s\n", r.Status, r.Path)
			fmt.Fprintf(io.Out, "==> %s <==\n%s", files[i].Path, files[i].Data)
		}
		return nil
	}
	results, err := write.Write(opts.Dir, files, opts.Force)
	if err != nil {
		return err
	}
	for _, r := range results {
		fmt.Fprintf(io.ErrOut, "%s %s\n", r.Status, r.Path)
	}
	fmt.Fprintf(io.ErrOut, "Next: docker build -t %s %s && docker run --rm -p %d:%d %s\n", pl.Name, opts.Dir, pl.Port, pl.Port, pl.Name)
	return nil
}

func countTrue(bs ...bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}
