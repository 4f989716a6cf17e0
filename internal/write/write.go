// Package write puts rendered files on disk safely: it never replaces a file
// that differs unless forced, checks every file before writing any, and
// writes each one atomically.
package write

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/pmezard/go-difflib/difflib"
)

// File is one file to write.
type File struct {
	Path string // relative to the project root
	Data []byte
	Mode fs.FileMode
}

// Status is what happened, or would happen, to one file.
type Status string

// The statuses a file can end in.
const (
	Created     Status = "created"
	Overwritten Status = "overwritten"
	Unchanged   Status = "unchanged"
)

// Result is the outcome for one file.
type Result struct {
	Path   string
	Status Status
}

// ExistsError lists files that exist with other content.
type ExistsError struct{ Paths []string }

func (e *ExistsError) Error() string {
	return fmt.Sprintf("%s already exist%s with different content; use --diff to compare or --force to overwrite",
		strings.Join(e.Paths, " and "), map[bool]string{true: "s", false: ""}[len(e.Paths) == 1])
}

// Check works out what writing files into dir would do, without writing.
func Check(dir string, files []File, force bool) ([]Result, error) {
	var results []Result
	var conflicts []string
	for _, f := range files {
		old, err := os.ReadFile(filepath.Join(dir, f.Path))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			results = append(results, Result{f.Path, Created})
		case err != nil:
			return nil, fmt.Errorf("reading existing %s: %w", f.Path, err)
		case bytes.Equal(old, f.Data):
			results = append(results, Result{f.Path, Unchanged})
		case force:
			results = append(results, Result{f.Path, Overwritten})
		default:
			conflicts = append(conflicts, f.Path)
		}
	}
	if len(conflicts) > 0 {
		return nil, &ExistsError{conflicts}
	}
	return results, nil
}

// Write writes files into dir. Nothing is written unless every file can be:
// a differing file without force fails the whole call.
func Write(dir string, files []File, force bool) ([]Result, error) {
	results, err := Check(dir, files, force)
	if err != nil {
		return nil, err
	}
	for i, f := range files {
		switch results[i].Status {
		case Created:
			err = create(filepath.Join(dir, f.Path), f.Data, f.Mode)
		case Overwritten:
			err = replace(filepath.Join(dir, f.Path), f.Data)
		}
		if err != nil {
			return nil, err
		}
	}
	return results, nil
}

// create writes a new file atomically and refuses to clobber one that
// appeared meanwhile: the content goes to a temporary file first, which is
// then hard-linked into place (link fails if the name exists).
func create(name string, data []byte, mode fs.FileMode) error {
	tmp, err := writeTemp(name, data, mode)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := os.Link(tmp, name); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s appeared while dockerize was writing it; run dockerize again", filepath.Base(name))
		}
		return fmt.Errorf("writing %s: %w", filepath.Base(name), err)
	}
	return nil
}

// replace swaps in new content atomically, keeping the old file's mode.
func replace(name string, data []byte) error {
	mode := fs.FileMode(0o644)
	if fi, err := os.Stat(name); err == nil {
		mode = fi.Mode().Perm()
	}
	tmp, err := writeTemp(name, data, mode)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", filepath.Base(name), err)
	}
	return nil
}

func writeTemp(name string, data []byte, mode fs.FileMode) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp*")
	if err != nil {
		return "", fmt.Errorf("writing %s: %w", filepath.Base(name), err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), mode)
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("writing %s: %w", filepath.Base(name), err)
	}
	return f.Name(), nil
}

// Diff returns a unified diff from the file on disk (or nothing) to the new
// content; empty when they are equal.
func Diff(dir string, f File) (string, error) {
	old, err := os.ReadFile(filepath.Join(dir, f.Path))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("reading existing %s: %w", f.Path, err)
	}
	from := "a/" + f.Path
	if errors.Is(err, fs.ErrNotExist) {
		from = "/dev/null"
	}
	return difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A:        difflib.SplitLines(string(old)),
		B:        difflib.SplitLines(string(f.Data)),
		FromFile: from,
		ToFile:   "b/" + f.Path,
		Context:  3,
	})
}
