package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/dockerize-dev/dockerize/detect"
	"github.com/dockerize-dev/dockerize/stacks"
)

// checkDir checks that dir is a readable directory.
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
	return nil
}

// openProject checks that dir is a readable directory and detects it.
func openProject(dir string, stack string) (*detect.Project, error) {
	if err := checkDir(dir); err != nil {
		return nil, err
	}
	p, err := stacks.Detect(os.DirFS(dir), detect.Options{Stack: detect.Stack(stack)})
	if err != nil {
		abs, _ := filepath.Abs(dir)
		return nil, fmt.Errorf("%s: %w", abs, err)
	}
	return p, nil
}
