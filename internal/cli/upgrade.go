package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dockerize-dev/dockerize/drift"
	"github.com/dockerize-dev/dockerize/internal/iostreams"
	"github.com/dockerize-dev/dockerize/internal/version"
	"github.com/dockerize-dev/dockerize/internal/write"
)

// UpgradeOptions are the flags of dockerize upgrade.
type UpgradeOptions struct {
	Dir    string
	Config string
	Force  bool
	DryRun bool
	Diff   bool
}

// conflictError: an upgrade met hand edits where dockerize changed too.
type conflictError struct {
	paths   []string
	written bool
}

func (e conflictError) Error() string {
	if e.written {
		return fmt.Sprintf("%s now hold%s conflict markers; resolve each <<<<<<< ... >>>>>>> block, then commit the files with %s",
			strings.Join(e.paths, " and "), map[bool]string{true: "s", false: ""}[len(e.paths) == 1], drift.BasePath)
	}
	return fmt.Sprintf("%s: your edits conflict with what dockerize %s generates, so nothing was changed; edit the lines named above and run upgrade again, or pass --force to write the conflict markers",
		strings.Join(e.paths, " and "), version.Version)
}

func newUpgradeCmd(io *iostreams.IOStreams) *cobra.Command {
	opts := &UpgradeOptions{}
	cmd := &cobra.Command{
		Use:   "upgrade [DIR]",
		Short: "Regenerate the files with this dockerize, keeping hand edits (default: .)",
		Long: `upgrade regenerates the Dockerfile and .dockerignore of the project in DIR from
the answers saved in .dockerize.yaml and the team settings. A file nobody
edited (its stamp matches its text) is replaced. An edited file gets a
three-way merge of the text dockerize generated last (saved in
.dockerize/base.txtar), your text and the new text, so your edits are kept.

Where an edit conflicts with a change dockerize makes, upgrade prints the
conflicts, exits 1 and changes nothing; with --force it writes the files with
conflict markers (<<<<<<< yours ... >>>>>>> dockerize) and still exits 1.
Commit .dockerize/base.txtar with the files: the next upgrade merges from it.`,
		Example: `  dockerize upgrade
  dockerize upgrade --diff      # show what would change, write nothing
  dockerize upgrade --force     # write conflict markers to resolve by hand`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Dir = "."
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			if opts.DryRun && opts.Diff {
				return usageError{errors.New("--dry-run and --diff each show the result without writing; pass only one")}
			}
			return runUpgrade(io, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Config, "config", "", "a shared team settings file, read before the project's .dockerize.yaml")
	f.BoolVar(&opts.Force, "force", false, "write conflicting files with conflict markers instead of changing nothing")
	f.BoolVar(&opts.DryRun, "dry-run", false, "say what would happen to each file, and write nothing")
	f.BoolVar(&opts.Diff, "diff", false, "print a unified diff of what would change, and write nothing")
	return cmd
}

func runUpgrade(io *iostreams.IOStreams, opts *UpgradeOptions) error {
	r, err := regenerate(io, opts.Dir, opts.Config)
	if err != nil {
		return err
	}
	for _, n := range r.notes {
		fmt.Fprintf(io.ErrOut, "note: %s\n", n)
	}
	var ups []drift.Upgrade
	var conflicted []string
	for _, f := range r.files {
		u := drift.UpgradeFile(f, r.base[f.Path], version.Version)
		ups = append(ups, u)
		for _, n := range u.Notes {
			fmt.Fprintf(io.ErrOut, "%s: note: %s\n", f.Path, n)
		}
		if u.Action == drift.Conflict {
			conflicted = append(conflicted, f.Path)
			for _, c := range u.Conflicts {
				fmt.Fprintf(io.ErrOut, "%s: %s", f.Path, c.Describe(u.Labels))
			}
		}
	}
	if opts.DryRun || opts.Diff {
		for _, u := range ups {
			if opts.Diff {
				fmt.Fprint(io.Out, u.Diff)
			} else {
				fmt.Fprintf(io.ErrOut, "would be %s: %s\n", u.Action, u.Path)
			}
		}
		if len(conflicted) > 0 {
			return conflictError{paths: conflicted}
		}
		return nil
	}
	if len(conflicted) > 0 && !opts.Force {
		return conflictError{paths: conflicted}
	}
	var files []write.File
	base := map[string]string{}
	for _, u := range ups {
		base[u.Path] = u.Base
		if u.Action != drift.Keep {
			files = append(files, write.File{Path: u.Path, Data: []byte(u.Text), Mode: 0o644})
		}
	}
	base[factsEntry] = r.facts
	saved, err := drift.EncodeBase(base)
	if err != nil {
		return err
	}
	files = append(files, write.File{Path: drift.BasePath, Data: saved, Mode: 0o644, Own: true})
	if _, err := write.Write(opts.Dir, files, true); err != nil {
		return err
	}
	for _, u := range ups {
		fmt.Fprintf(io.ErrOut, "%s %s\n", u.Action, u.Path)
	}
	if len(conflicted) > 0 {
		return conflictError{paths: conflicted, written: true}
	}
	return nil
}
