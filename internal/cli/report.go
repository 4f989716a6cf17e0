package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dockerize-dev/dockerize/internal/iostreams"
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
	return report.Write(io.Out, opts.Format, report.Build(repos))
}
