package templates

import (
	"errors"
	"io/fs"
	"sort"
)

// Overlay returns a file system that serves custom's files first and falls
// back to the built-in templates, so a team's templates directory need hold
// only the files it changes (and stacks added to dockerize later still work).
func Overlay(custom fs.FS) fs.FS { return overlay{custom, FS} }

type overlay struct{ upper, lower fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.upper.Open(name)
	if err == nil {
		fi, serr := f.Stat()
		if serr == nil && !fi.IsDir() {
			return f, nil
		}
		f.Close()
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if lf, lerr := o.lower.Open(name); lerr == nil {
		return lf, nil
	}
	// A directory only the team has.
	return o.upper.Open(name)
}

// ReadDir merges both directories, so globs see every file.
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]fs.DirEntry{}
	var firstErr error
	found := false
	for _, fsys := range []fs.FS{o.lower, o.upper} {
		entries, err := fs.ReadDir(fsys, name)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) && firstErr == nil {
				firstErr = err
			}
			continue
		}
		found = true
		for _, e := range entries {
			seen[e.Name()] = e
		}
	}
	if !found {
		if firstErr != nil {
			return nil, firstErr
		}
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	out := make([]fs.DirEntry, 0, len(seen))
	for _, e := range seen {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}
