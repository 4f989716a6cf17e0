package cli

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/dockerize-dev/dockerize/internal/iostreams"
	"github.com/dockerize-dev/dockerize/internal/safefs"
	"github.com/dockerize-dev/dockerize/internal/version"
	"github.com/dockerize-dev/dockerize/lint"
)

// LintOptions are the flags of dockerize lint.
type LintOptions struct {
	Files   []string
	Format  string
	FailOn  string
	Disable []string
	Config  string
	Rules   bool
	// Project compares each Dockerfile with the project in its directory
	// (DZ101-DZ105), when dockerize detects one there.
	Project bool
}

// errFindings is returned when findings reach the --fail-on severity; the
// report itself has already been written.
var errFindings = errors.New("findings at or above the --fail-on severity")

func newLintCmd(io *iostreams.IOStreams) *cobra.Command {
	opts := &LintOptions{}
	cmd := &cobra.Command{
		Use:   "lint [FILE...]",
		Short: "Check Dockerfiles against the standard (default: ./Dockerfile)",
		Long: `lint checks any Dockerfile, generated or not, against dockerize's standard:
the structure rules (DZ001...: multi-stage, pinned bases, cache-friendly order,
non-root numeric user, exec form...) and every check BuildKit runs
(buildkit/NAME). It works offline and exits 1 when a finding reaches
--fail-on (default warning, or lint.fail-on in .dockerize.yaml).

With the project beside the Dockerfile (its directory holds a Go, Node.js or
Maven project), lint also checks that the file still fits it (DZ101-DZ105):
the build image's version against go.mod, .nvmrc/engines or the pom, EXPOSE
against the detected port, the entry point against the detected main, start
file or jar, a lockfile copied but not installed from, and files the
.dockerignore hides but the build needs. Each finding names its evidence.
--project=false checks the text only.

Switch rules off for a repository with lint.disable in .dockerize.yaml (or a
shared --config file), for one run with --disable, or where they are meant
with a comment:

  # dockerize-lint ignore=DZ005,JSONArgsRecommended   (the next instruction)
  # dockerize-lint ignore-file=DZ006                  (the whole file)`,
		Example: `  dockerize lint
  dockerize lint services/*/Dockerfile --fail-on error
  dockerize lint --format sarif > dockerize.sarif   # for code scanning
  dockerize lint --rules`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			if len(args) == 0 {
				opts.Files = []string{"Dockerfile"}
			}
			if err := lintSettings(io, opts, cmd.Flags().Changed("fail-on")); err != nil {
				return err
			}
			return runLint(io, opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Format, "format", "o", "text", "output format: "+strings.Join(lint.Formats(), ", "))
	f.StringVar(&opts.FailOn, "fail-on", "warning", "exit 1 when a finding has this severity or higher: info, warning, error, or none")
	f.StringSliceVar(&opts.Disable, "disable", nil, "rules not to check, e.g. DZ006,JSONArgsRecommended")
	f.StringVar(&opts.Config, "config", "", "a shared team settings file, read before ./.dockerize.yaml")
	f.BoolVar(&opts.Rules, "rules", false, "list the rules and exit")
	f.BoolVar(&opts.Project, "project", true, "also check the Dockerfile against the project in its directory")
	return cmd
}

// lintSettings adds the team's lint settings from the shared file and the
// project's .dockerize.yaml: flags win, disabled rules add up.
func lintSettings(io *iostreams.IOStreams, opts *LintOptions, failOnSet bool) error {
	s, err := loadSettings(opts.Config, ".", nil)
	if err != nil {
		return err
	}
	team := s.Team
	opts.Disable = append(team.Lint.Disable, opts.Disable...)
	if !failOnSet && team.Lint.FailOn != "" {
		opts.FailOn = team.Lint.FailOn
	}
	return nil
}

func runLint(io *iostreams.IOStreams, opts *LintOptions) error {
	if opts.Rules {
		return listRules(io)
	}
	threshold := lint.Severity(-1)
	if opts.FailOn != "none" {
		s, err := lint.ParseSeverity(opts.FailOn)
		if err != nil {
			return usageError{fmt.Errorf("--fail-on: %w", err)}
		}
		threshold = s
	}
	if !contains(lint.Formats(), opts.Format) {
		return usageError{fmt.Errorf("--format %q is not known; use %s", opts.Format, strings.Join(lint.Formats(), ", "))}
	}
	for _, id := range opts.Disable {
		if !lint.Known(id) {
			return usageError{fmt.Errorf("--disable %s: no rule has that name; dockerize lint --rules lists them", id)}
		}
	}
	var results []lint.Result
	failed := false
	for _, path := range opts.Files {
		data, err := safefs.ReadFile(path, lint.MaxSize)
		if err != nil {
			return fmt.Errorf("reading %s: %w; pass the path of a Dockerfile", path, err)
		}
		findings, err := lint.CheckWith(data, lint.Options{Disable: opts.Disable})
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if opts.Project {
			more, err := lintProject(io, path, data, opts)
			if err != nil {
				return err
			}
			findings = append(findings, more...)
			sort.SliceStable(findings, func(i, j int) bool { return findings[i].Line < findings[j].Line })
		}
		for _, f := range findings {
			failed = failed || (threshold >= 0 && f.Severity >= threshold)
		}
		results = append(results, lint.Result{Path: path, Findings: findings})
	}
	if err := lint.WriteReport(io.Out, opts.Format, results, version.Version); err != nil {
		return err
	}
	if failed {
		return fmt.Errorf("%w (%s)", errFindings, opts.FailOn)
	}
	return nil
}

// lintProject runs the project rules for the Dockerfile at path against the
// project in its directory; a directory with no project adds nothing.
func lintProject(io *iostreams.IOStreams, path string, data []byte, opts *LintOptions) ([]lint.Finding, error) {
	p, ok, note, err := projectFacts(lintDir(path), opts.Config)
	if err != nil {
		return nil, fmt.Errorf("%s: reading the project beside it: %w; pass --project=false to check the text only", path, err)
	}
	if !ok {
		return nil, nil
	}
	if note != "" {
		fmt.Fprintf(io.ErrOut, "%s: note: %s\n", path, note)
	}
	findings, err := lint.CheckProject(data, p, lint.Options{Disable: opts.Disable})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return findings, nil
}

func listRules(io *iostreams.IOStreams) error {
	tw := tabwriter.NewWriter(io.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tSEVERITY\tNAME\tFIX")
	for _, r := range lint.Rules() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.Name, r.Hint)
	}
	for _, r := range lint.ProjectRules() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s (with the project beside it)\n", r.ID, r.Severity, r.Name, r.Hint)
	}
	for _, name := range lint.BuildKitRules() {
		fmt.Fprintf(tw, "buildkit/%s\twarning\t%s\tsee https://docs.docker.com/reference/build-checks/\n", name, name)
	}
	return tw.Flush()
}

func contains(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}
