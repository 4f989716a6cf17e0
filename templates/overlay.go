package templates

import (
	"errors"
	"io"
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
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err == nil {
		fi, serr := f.Stat()
		if serr != nil {
			f.Close()
			return nil, serr
		}
		if !fi.IsDir() {
			return f, nil
		}
		f.Close()
	} else if lf, lerr := o.lower.Open(name); lerr != nil || !isDir(lf) {
		// Only the built-in set has it (or neither does).
		return lf, lerr
	}
	// A directory: list both sets in it.
	entries, err := o.ReadDir(name)
	if err != nil {
		return nil, err
	}
	info, err := fs.Stat(o.upper, name)
	if err != nil {
		info, err = fs.Stat(o.lower, name)
	}
	if err != nil {
		return nil, err
	}
	return &dir{info: info, entries: entries}, nil
}

func isDir(f fs.File) bool {
	fi, err := f.Stat()
	if err != nil || !fi.IsDir() {
		return false
	}
	f.Close()
	return true
}

// dir is an open directory of the overlay.
type dir struct {
	info    fs.FileInfo
	entries []fs.DirEntry
	off     int
}

func (d *dir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *dir) Close() error               { return nil }
func (d *dir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.Name(), Err: errors.New("is a directory")}
}

func (d *dir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n <= 0 {
		d.off = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(rest))
	d.off += n
	return rest[:n], nil
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
