package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/dockerize-dev/dockerize/internal/iostreams"
	"github.com/dockerize-dev/dockerize/internal/write"
	"github.com/dockerize-dev/dockerize/render"
	"github.com/dockerize-dev/dockerize/templates"
)

func newTemplatesCmd(io *iostreams.IOStreams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "templates",
		Short: "Work with the Dockerfile templates",
		Args:  cobra.NoArgs,
	}
	var force bool
	export := &cobra.Command{
		Use:   "export DIR",
		Short: "Write the built-in templates into DIR, for a team to edit",
		Long: `export writes the built-in templates (one folder per stack, plus partials/)
into DIR. Edit them, then point dockerize at them with init --templates DIR or
templates: DIR in .dockerize.yaml. Files left out of DIR come from the built-in
set, so DIR may keep only the files the team changes. Templates see the plan
(dockerize detect -o json shows what detection found); a broken template fails
init with its file and line.`,
		Example: `  dockerize templates export .dockerize/templates
  dockerize init --templates .dockerize/templates`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			return exportTemplates(io, args[0], force)
		},
	}
	export.Flags().BoolVar(&force, "force", false, "overwrite files in DIR that differ")
	cmd.AddCommand(export)
	return cmd
}

func exportTemplates(io *iostreams.IOStreams, dir string, force bool) error {
	var files []write.File
	err := fs.WalkDir(templates.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(templates.FS, path)
		if err != nil {
			return err
		}
		files = append(files, write.File{Path: filepath.FromSlash(path), Data: data, Mode: 0o644})
		return nil
	})
	if err != nil {
		return fmt.Errorf("reading the built-in templates: %w", err)
	}
	// Check every file before creating anything, so a conflict leaves DIR as it was.
	if _, err := write.Check(dir, files, force); err != nil {
		var exists *write.ExistsError
		if errors.As(err, &exists) {
			exists.Hint = "pass --force to overwrite them with the built-in templates, or export into an empty directory"
		}
		return err
	}
	for _, f := range files {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(f.Path)), 0o755); err != nil {
			return fmt.Errorf("creating %s: %w", dir, err)
		}
	}
	results, err := write.Write(dir, files, force)
	if err != nil {
		return err
	}
	for _, r := range results {
		fmt.Fprintf(io.ErrOut, "%s %s\n", r.Status, filepath.Join(dir, r.Path))
	}
	return nil
}

// templateFS returns the templates init renders with: the built-in set,
// overlaid with a team's directory when one is configured.
func templateFS(dir string) (fs.FS, error) {
	if dir == "" {
		return templates.FS, nil
	}
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() {
		return nil, usageError{fmt.Errorf("templates directory %s does not exist; create it with dockerize templates export %s", dir, dir)}
	}
	return templates.Overlay(os.DirFS(dir)), nil
}

// customTemplateError names the team's file when a template fails, so the
// message points at the file to fix: DIR/go/Dockerfile.tmpl:12: ...
func customTemplateError(dir string, err error) error {
	var te *render.TemplateError
	if dir == "" || !errors.As(err, &te) {
		return err
	}
	file := filepath.Join(dir, filepath.FromSlash(te.File))
	if _, serr := os.Stat(file); serr != nil {
		file = "built-in template " + te.File
	}
	return fmt.Errorf("%s:%d: %s; fix the template (dockerize templates export shows the built-in one)", file, te.Line, te.Msg)
}
