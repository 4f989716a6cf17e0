package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dockerize-dev/dockerize/internal/iostreams"
	"github.com/dockerize-dev/dockerize/internal/version"
)

// CheckOptions are the flags of dockerize check.
type CheckOptions struct {
	Dir    string
	Config string
}

// driftError: check found files that differ from what dockerize
// generates; the diffs have been printed.
type driftError struct{ paths []string }

func (e driftError) Error() string {
	return fmt.Sprintf("%s differ%s from what dockerize %s generates; run dockerize upgrade to bring %s forward (hand edits are kept)",
		strings.Join(e.paths, " and "), map[bool]string{true: "s", false: ""}[len(e.paths) == 1], version.Version,
		map[bool]string{true: "it", false: "them"}[len(e.paths) == 1])
}

func newCheckCmd(io *iostreams.IOStreams) *cobra.Command {
	opts := &CheckOptions{}
	cmd := &cobra.Command{
		Use:   "check [DIR]",
		Short: "Exit 1 with a diff when the generated files have drifted (default: .)",
		Long: `check regenerates the Dockerfile and .dockerignore of the project in DIR from
the answers saved in .dockerize.yaml and the team settings, in memory, and
compares them with the files on disk. It writes nothing and never prompts.

It exits 0 when they are what dockerize generates, and 1 with a unified diff
(on standard output) when they differ, saying why for each file (on standard
error): a local edit (the file's stamp does not match its text), a newer
dockerize (another release made it), or a project change (the project's files
or .dockerize.yaml changed since). Run it in CI, like gofmt -l; dockerize
upgrade brings the files forward and keeps hand edits.`,
		Example: `  dockerize check
  dockerize check services/api --config team.yaml`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Dir = "."
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			return runCheck(io, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Config, "config", "", "a shared team settings file, read before the project's .dockerize.yaml")
	return cmd
}

func runCheck(io *iostreams.IOStreams, opts *CheckOptions) error {
	r, err := regenerate(io, opts.Dir, opts.Config)
	if err != nil {
		return err
	}
	for _, n := range r.notes {
		fmt.Fprintf(io.ErrOut, "note: %s\n", n)
	}
	var drifted, ok []string
	for _, f := range r.files {
		c := r.checkFile(f)
		if c.Identical {
			ok = append(ok, f.Path)
			for _, n := range c.Notes {
				fmt.Fprintf(io.ErrOut, "%s: note: %s\n", f.Path, n)
			}
			continue
		}
		drifted = append(drifted, f.Path)
		var reasons []string
		for _, reason := range c.Reasons {
			reasons = append(reasons, string(reason))
		}
		fmt.Fprintf(io.ErrOut, "%s: %s\n", f.Path, strings.Join(reasons, ", "))
		for _, n := range c.Notes {
			fmt.Fprintf(io.ErrOut, "  %s\n", n)
		}
		fmt.Fprint(io.Out, c.Diff)
	}
	if len(ok) > 0 {
		fmt.Fprintf(io.ErrOut, "up to date: %s\n", strings.Join(ok, ", "))
	}
	if len(drifted) > 0 {
		return driftError{drifted}
	}
	return nil
}
