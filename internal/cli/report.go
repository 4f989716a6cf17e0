package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dockerize-dev/dockerize/drift"
	"github.com/dockerize-dev/dockerize/internal/iostreams"
	"github.com/dockerize-dev/dockerize/internal/stamp"
	"github.com/dockerize-dev/dockerize/lint"
	"github.com/dockerize-dev/dockerize/report"
)

// ReportOptions are the flags of dockerize report.
type ReportOptions struct {
	Dirs   []string
	Format string
}

func newReportCmd(io *iostreams.IOStreams) *cobra.Command {
	opts := &ReportOptions{}
	cmd := &cobra.Command{
		Use:   "report DIR...",
		Short: "One row per repository: stack, lint findings, base image, pinning, how far behind",
		Long: `report reads many repositories and prints one row for each: its stack, whether
it has a Dockerfile, that file's lint findings by severity, the final stage's
base image and version, whether the tag is pinned (an exact release or a
digest), and how far the version is behind the newest release dockerize
knows. Each DIR is a checkout, or a directory whose subdirectories are
checkouts. It only reads.`,
		Example: `  dockerize report ~/src/services
  dockerize report svc-a svc-b -o json
  dockerize report checkouts/ -o html > fleet.html`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{fmt.Errorf("report needs at least one DIR: a checkout or a directory of checkouts")}
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Dirs = args
			return runReport(io, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Format, "format", "o", "text", "output format: "+strings.Join(report.Formats(), ", "))
	return cmd
}

func runReport(io *iostreams.IOStreams, opts *ReportOptions) error {
	if !contains(report.Formats(), opts.Format) {
		return usageError{fmt.Errorf("--format %q is not known; use %s", opts.Format, strings.Join(report.Formats(), ", "))}
	}
	repos, err := report.Repositories(opts.Dirs)
	if err != nil {
		return usageError{err}
	}
	return report.Write(io.Out, opts.Format, report.Build(repos, report.Hooks{Drift: repositoryDrift, Lint: repositoryLint}))
}

// repositoryDrift is dockerize check for the report's drift column: the
// repository's files regenerated in memory from its saved answers (no team
// file, no prompt, nothing written) and compared. A repository whose files
// carry no stamp and that has no saved base was written by hand: it is
// "not generated", without rendering anything.
func repositoryDrift(dir string) (string, error) {
	if !generatedHere(dir) {
		return "not generated", nil
	}
	quiet, _, _, _ := iostreams.Test()
	r, err := regenerate(quiet, dir, "")
	if errors.Is(err, errNothingGenerated) {
		return "not generated", nil
	}
	if err != nil {
		return "", err
	}
	var drifted []string
	for _, f := range r.files {
		c := r.checkFile(f)
		if c.Identical {
			continue
		}
		var reasons []string
		for _, reason := range c.Reasons {
			reasons = append(reasons, string(reason))
		}
		drifted = append(drifted, f.Path+": "+strings.Join(reasons, ", "))
	}
	if len(drifted) == 0 {
		return "current", nil
	}
	return strings.Join(drifted, "; "), nil
}

// repositoryLint is dockerize lint run in the repository: its own
// .dockerize.yaml's lint.disable, and the project rules.
func repositoryLint(dir string, data []byte) ([]lint.Finding, error) {
	s, err := loadSettings("", dir, nil)
	if err != nil {
		return nil, err
	}
	opts := &LintOptions{Disable: s.Team.Lint.Disable, Project: true}
	findings, err := lint.CheckWith(data, lint.Options{Disable: opts.Disable})
	if err != nil {
		return nil, err
	}
	quiet, _, _, _ := iostreams.Test()
	more, err := lintProject(quiet, filepath.Join(dir, "Dockerfile"), data, opts)
	if err != nil {
		return findings, err
	}
	return append(findings, more...), nil
}

// generatedHere reports whether dockerize made any of dir's files: a saved
// base, or a stamp line in the Dockerfile or .dockerignore.
func generatedHere(dir string) bool {
	if _, err := os.Lstat(filepath.Join(dir, drift.BasePath)); err == nil {
		return true
	}
	for _, name := range []string{"Dockerfile", ".dockerignore"} {
		text, exists, err := readOutput(dir, name)
		if err != nil {
			return true // let regenerate say what is wrong with it
		}
		if _, err := stamp.Parse(text); exists && !errors.Is(err, stamp.ErrNone) {
			return true
		}
	}
	return false
}
