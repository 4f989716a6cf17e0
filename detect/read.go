package detect

import (
	"errors"
	"fmt"
	"io/fs"
)

// readOptional reads a file the project may or may not have. A missing file
// gives nil and no error; any other failure (unreadable, a named pipe, a link
// leading outside the project, too large) is an error naming the file, so
// what the project says is never silently dropped.
func readOptional(fsys fs.FS, name string) ([]byte, error) {
	data, err := fs.ReadFile(fsys, name)
	switch {
	case err == nil:
		return data, nil
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	}
	return nil, readError(name, err)
}

// readError says which file could not be read and what to do about it.
func readError(name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if errors.Is(err, fs.ErrPermission) {
		return fmt.Errorf("cannot read %s: %w; make it readable (chmod a+rX %s) and run dockerize again", name, err, name)
	}
	return fmt.Errorf("cannot read %s: %w", name, err)
}

// present reports whether name exists, like exists, but a file that is there
// and refused (a link leading outside the project, say) is an error rather
// than an absence, so a module behind such a link is refused by name.
func present(fsys fs.FS, name string) (bool, error) {
	_, err := fs.Stat(fsys, name)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	}
	return false, readError(name, err)
}
