package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dockerize-dev/dockerize/config"
	"github.com/dockerize-dev/dockerize/detect"
	"github.com/dockerize-dev/dockerize/internal/safefs"
	"github.com/dockerize-dev/dockerize/stacks"
)

// checkDir checks that dir is a readable directory, and that its settings
// file, read before detection, is a regular file inside it.
func checkDir(dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return usageError{fmt.Errorf("directory %s does not exist; pass the project's root directory", dir)}
	case err != nil:
		return fmt.Errorf("cannot read %s: %w", dir, err)
	case !fi.IsDir():
		return usageError{fmt.Errorf("%s is a file, not a directory; pass the project's root directory", dir)}
	}
	if _, err := os.ReadDir(dir); err != nil {
		return fmt.Errorf("cannot read directory %s: %w; check its permissions", dir, err)
	}
	fsys, err := safefs.New(dir)
	if err != nil {
		return fmt.Errorf("cannot open directory %s: %w", dir, err)
	}
	defer fsys.Close()
	if _, err := fsys.Open(config.FileName); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// openProject checks that dir is a readable directory and detects it,
// reading only regular files inside it, each up to a bound.
func openProject(dir string, stack string) (*detect.Project, error) {
	if err := checkDir(dir); err != nil {
		return nil, err
	}
	if stack != "" && !slices.Contains(stacks.Names(), stack) {
		return nil, usageError{fmt.Errorf("unknown stack %q: use one of %s (--stack)", stack, strings.Join(stacks.Names(), ", "))}
	}
	fsys, err := safefs.New(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot open directory %s: %w", dir, err)
	}
	defer fsys.Close()
	p, err := stacks.Detect(fsys, detect.Options{Stack: detect.Stack(stack)})
	if err != nil {
		abs, _ := filepath.Abs(dir)
		return nil, fmt.Errorf("%s: %w", abs, err)
	}
	return p, nil
}
