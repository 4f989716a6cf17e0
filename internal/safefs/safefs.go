// Package safefs gives read access to a project directory that cannot be
// turned against the caller: no symbolic link leads outside the directory,
// no special file (named pipe, device, socket) is opened, and no read goes
// past a size bound. Detection reads projects it did not write, so every
// file it opens goes through here.
package safefs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// DefaultMaxFileSize bounds one file's read unless the caller says
// otherwise: real manifests and sources are kilobytes, and a bound keeps a
// crafted 2 GB package.json from taking the machine's memory.
const DefaultMaxFileSize = 8 << 20

// maxLinks bounds how many symbolic links one name may go through, as the
// kernel's ELOOP does.
const maxLinks = 40

// The kinds of refusal; errors.Is tells them apart.
var (
	ErrOutside  = errors.New("leads outside the project")
	ErrSpecial  = errors.New("not a regular file")
	ErrTooLarge = errors.New("file too large")
	ErrLinkLoop = errors.New("too many symbolic links")
)

var errIsDir = errors.New("is a directory")

// Error is a refused file: Path is the name asked for, Kind one of the
// Err values, and the message says what to do.
type Error struct {
	Path string
	Kind error
	msg  string
}

func (e *Error) Error() string { return e.msg }

// Unwrap lets errors.Is match the kind.
func (e *Error) Unwrap() error { return e.Kind }

// FS is an fs.FS over one directory. It implements fs.StatFS, fs.ReadFileFS
// and fs.ReadDirFS; the files it opens bound their reads.
type FS struct {
	root *os.Root
	// real is the directory's own path with its links resolved, to judge
	// absolute link targets.
	real  string
	limit int64
}

// New opens dir. Close it when done.
func New(dir string) (*FS, error) {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, err
	}
	if real, err = filepath.Abs(real); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(real)
	if err != nil {
		return nil, err
	}
	return &FS{root: root, real: real, limit: DefaultMaxFileSize}, nil
}

// WithLimit returns the same directory with another per-file read bound.
func (f *FS) WithLimit(n int64) *FS {
	c := *f
	c.limit = n
	return &c
}

// Close releases the directory.
func (f *FS) Close() error { return f.root.Close() }

// Open opens a regular file or a directory, following symbolic links only
// while they stay inside the root.
func (f *FS) Open(name string) (fs.File, error) {
	real, fi, err := f.lookup("open", name)
	if err != nil {
		return nil, err
	}
	file, err := f.root.OpenFile(real, os.O_RDONLY|nonBlock, 0)
	if err != nil {
		return nil, err
	}
	// The name was checked before opening; check what was opened too, in
	// case the tree changed in between.
	if fi, err = file.Stat(); err != nil {
		file.Close()
		return nil, err
	}
	if err := special(name, fi); err != nil {
		file.Close()
		return nil, err
	}
	if fi.IsDir() {
		return file, nil
	}
	return &boundedFile{file: file, name: name, limit: f.limit}, nil
}

// ReadFile reads a whole file, refusing one larger than the bound.
func (f *FS) ReadFile(name string) ([]byte, error) {
	file, err := f.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	if fi, err := file.Stat(); err == nil && fi.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errIsDir}
	} else if err == nil && fi.Size() > f.limit {
		return nil, tooLarge(name, f.limit)
	}
	return io.ReadAll(file)
}

// ReadDir lists a directory, sorted by name. Entries are not followed: a
// link is listed as a link.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	real, fi, err := f.lookup("readdir", name)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a directory")}
	}
	return fs.ReadDir(f.root.FS(), real)
}

// Stat describes the file name leads to. Special files are described, not
// refused: looking does not block, only reading would.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	_, fi, err := f.lookup("stat", name)
	return fi, err
}

// lookup resolves name and describes what it leads to, refusing special
// files for every operation but stat.
func (f *FS) lookup(op, name string) (string, fs.FileInfo, error) {
	real, err := resolve(f.root, f.real, name)
	if err != nil {
		return "", nil, err
	}
	fi, err := f.root.Lstat(real)
	if err != nil {
		return "", nil, &fs.PathError{Op: op, Path: name, Err: unwrapPath(err)}
	}
	if op != "stat" {
		if err := special(name, fi); err != nil {
			return "", nil, err
		}
	}
	return real, fi, nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// special refuses anything but a regular file or a directory.
func special(name string, fi fs.FileInfo) error {
	m := fi.Mode()
	if m.IsRegular() || m.IsDir() {
		return nil
	}
	what := "special file"
	switch {
	case m&fs.ModeNamedPipe != 0:
		what = "named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		what = "socket"
	case m&fs.ModeCharDevice != 0:
		what = "character device"
	case m&fs.ModeDevice != 0:
		what = "device"
	case m&fs.ModeSymlink != 0:
		what = "symbolic link"
	}
	return &Error{Path: name, Kind: ErrSpecial,
		msg: fmt.Sprintf("%s is a %s, not a regular file; dockerize reads only regular files, so replace it with one or remove it", name, what)}
}

func tooLarge(name string, limit int64) error {
	return &Error{Path: name, Kind: ErrTooLarge,
		msg: fmt.Sprintf("%s is larger than %s, more than dockerize reads from one file; is it the file you meant?", name, size(limit))}
}

func size(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	if n >= 1<<10 && n%(1<<10) == 0 {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// boundedFile fails a read that goes past the bound, naming the file.
// Only Read, Stat and Close: a Seek or ReadAt would get around the bound.
type boundedFile struct {
	file        *os.File
	name        string
	limit, used int64
}

func (b *boundedFile) Stat() (fs.FileInfo, error) { return b.file.Stat() }
func (b *boundedFile) Close() error               { return b.file.Close() }

func (b *boundedFile) Read(p []byte) (int, error) {
	if b.used >= b.limit {
		// One byte more tells a file of exactly the bound from a longer one.
		var one [1]byte
		if n, _ := b.file.Read(one[:]); n > 0 {
			return 0, tooLarge(b.name, b.limit)
		}
		return 0, io.EOF
	}
	if left := b.limit - b.used; int64(len(p)) > left {
		p = p[:left]
	}
	n, err := b.file.Read(p)
	b.used += int64(n)
	return n, err
}

// linkReader is what resolution needs of the root: *os.Root has it.
type linkReader interface {
	Lstat(name string) (fs.FileInfo, error)
	Readlink(name string) (string, error)
}

// resolve turns name into the path, relative to the root and free of
// symbolic links, that it leads to. It follows links one component at a
// time, so a link inside the root (relative, or absolute into the root)
// works, while one whose target leaves the root, even for a moment on the
// way back in, is refused.
func resolve(r linkReader, real, name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	var done []string
	todo := splitPath(name)
	links := 0
	for len(todo) > 0 {
		c := todo[0]
		todo = todo[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			// Only a link's target can hold "..": name is a valid path.
			if len(done) == 0 {
				return "", outside(name, "", "")
			}
			done = done[:len(done)-1]
			continue
		}
		cur := path.Join(append(done, c)...)
		fi, err := r.Lstat(cur)
		if err != nil {
			return "", &fs.PathError{Op: "open", Path: name, Err: unwrapPath(err)}
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			if len(todo) > 0 && !fi.IsDir() {
				return "", &fs.PathError{Op: "open", Path: name, Err: errors.New("not a directory")}
			}
			done = append(done, c)
			continue
		}
		if links++; links > maxLinks {
			return "", &Error{Path: name, Kind: ErrLinkLoop,
				msg: fmt.Sprintf("%s: more than %d symbolic links on the way, probably a loop; fix the links", name, maxLinks)}
		}
		target, err := r.Readlink(cur)
		if err != nil {
			return "", &fs.PathError{Op: "open", Path: name, Err: unwrapPath(err)}
		}
		target = filepath.ToSlash(target)
		if path.IsAbs(target) || filepath.IsAbs(target) {
			rel, ok := within(real, target)
			if !ok {
				return "", outside(name, cur, target)
			}
			done = nil
			todo = append(splitPath(rel), todo...)
			continue
		}
		// A relative target is read from the link's own directory; "..",
		// when it climbs above the root, is caught above.
		if climbs(done, target) {
			return "", outside(name, cur, target)
		}
		todo = append(splitPath(target), todo...)
	}
	if len(done) == 0 {
		return ".", nil
	}
	return path.Join(done...), nil
}

// climbs reports whether target, read in directory dir, goes above the root.
func climbs(dir []string, target string) bool {
	depth := len(dir)
	for _, c := range splitPath(target) {
		switch c {
		case "", ".":
		case "..":
			if depth--; depth < 0 {
				return true
			}
		default:
			depth++
		}
	}
	return false
}

// within returns target relative to the root, if it lies inside it.
func within(real, target string) (string, bool) {
	rel, err := filepath.Rel(real, filepath.FromSlash(target))
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

func splitPath(p string) []string {
	if p == "" || p == "." {
		return nil
	}
	return strings.Split(p, "/")
}

func outside(name, link, target string) error {
	msg := name + " leads outside the project"
	switch link {
	case "":
	case name:
		msg = fmt.Sprintf("%s is a symbolic link to %s, outside the project", name, target)
	default:
		msg = fmt.Sprintf("%s leads outside the project through the symbolic link %s (to %s)", name, link, target)
	}
	return &Error{Path: name, Kind: ErrOutside,
		msg: msg + "; dockerize reads only files inside the project, so replace the link with a copy of what it points to, or remove it"}
}
