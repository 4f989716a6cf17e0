// Package write puts rendered files on disk safely: it never replaces a file
// that differs unless forced, never writes through a symbolic link, and
// writes all the files or none. Every file is staged in a temporary file
// first; only when all are staged are they moved into place, and a failure
// (a full disk) or a signal (Ctrl-C) on the way undoes what was done and
// removes the temporary files.
package write

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/dockerize-dev/dockerize/internal/safefs"
)

// File is one file to write.
type File struct {
	Path string // relative to the project root
	Data []byte
	Mode fs.FileMode
	// Own marks a file only dockerize writes (its saved generated text):
	// replaced without force, and its directory made when missing.
	Own bool
}

// Status is what happened, or would happen, to one file.
type Status string

// The statuses a file can end in. Conflict is only reported by a preview:
// the file differs and writing it needs --force.
const (
	Created     Status = "created"
	Overwritten Status = "overwritten"
	Unchanged   Status = "unchanged"
	Conflict    Status = "different from what is there"
)

// maxExisting bounds how much of an existing file is read to compare it.
const maxExisting = 16 << 20

// Result is the outcome for one file. Link is the target of the symbolic
// link the file replaces, if it was one.
type Result struct {
	Path   string
	Status Status
	Link   string
}

func (r Result) String() string {
	if r.Link != "" {
		return fmt.Sprintf("%s %s (it was a symbolic link to %s: the link was replaced, its target left as it was)", r.Status, r.Path, r.Link)
	}
	return fmt.Sprintf("%s %s", r.Status, r.Path)
}

// ExistsError lists files that exist with other content. Hint, when set,
// replaces the advice on what to do.
type ExistsError struct {
	Paths []string
	Hint  string
}

func (e *ExistsError) Error() string {
	hint := e.Hint
	if hint == "" {
		hint = "use --diff to compare or --force to overwrite"
	}
	return fmt.Sprintf("%s already exist%s with different content; %s",
		strings.Join(e.Paths, " and "), map[bool]string{true: "s", false: ""}[len(e.Paths) == 1], hint)
}

// ErrInterrupted is returned when a signal stopped the write; nothing was
// left changed.
var ErrInterrupted = errors.New("interrupted: nothing was written")

// existing is what is at a file's place now.
type existing struct {
	present bool
	data    []byte
	mode    fs.FileMode
	link    string // the target, when the file is a symbolic link
}

// inspect looks at what is at f's place without following a link out of
// dir and without opening anything but a regular file.
func inspect(dir string, fsys *safefs.FS, f File) (existing, error) {
	name := filepath.Join(dir, f.Path)
	fi, err := os.Lstat(name)
	if errors.Is(err, fs.ErrNotExist) {
		return existing{}, nil
	}
	if err != nil {
		return existing{}, fmt.Errorf("reading existing %s: %w", f.Path, err)
	}
	e := existing{present: true, mode: fi.Mode().Perm()}
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		e.link, _ = os.Readlink(name)
		// A link inside the project is compared through; one leading
		// outside, or nowhere, is never read and counts as different.
		if fsys != nil {
			e.data, _ = fsys.ReadFile(filepath.ToSlash(f.Path))
		}
		return e, nil
	case !fi.Mode().IsRegular():
		what := "not a regular file"
		switch {
		case fi.IsDir():
			what = "a directory"
		case fi.Mode()&fs.ModeNamedPipe != 0:
			what = "a named pipe (FIFO)"
		case fi.Mode()&(fs.ModeDevice|fs.ModeCharDevice) != 0:
			what = "a device"
		case fi.Mode()&fs.ModeSocket != 0:
			what = "a socket"
		}
		return existing{}, fmt.Errorf("%s exists and is %s; dockerize only replaces regular files, so move it away and run dockerize again", f.Path, what)
	}
	if e.data, err = safefs.ReadFile(name, maxExisting); err != nil {
		return existing{}, fmt.Errorf("reading existing %s: %w", f.Path, err)
	}
	return e, nil
}

type planned struct {
	Result
	file File
	old  existing
}

func plan(dir string, files []File, force, preview bool) ([]planned, error) {
	fsys, err := safefs.New(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if fsys != nil {
		defer fsys.Close()
	}
	var out []planned
	var conflicts []string
	for _, f := range files {
		old, err := inspect(dir, fsys, f)
		if err != nil {
			return nil, err
		}
		p := planned{Result: Result{Path: f.Path, Link: old.link}, file: f, old: old}
		switch {
		case !old.present:
			p.Status = Created
		case old.link == "" && bytes.Equal(old.data, f.Data):
			p.Status = Unchanged
		case old.link != "" && old.data != nil && bytes.Equal(old.data, f.Data):
			p.Status, p.Link = Unchanged, ""
		case force || f.Own:
			p.Status = Overwritten
		case preview:
			p.Status = Conflict
		default:
			conflicts = append(conflicts, f.Path)
		}
		out = append(out, p)
	}
	if len(conflicts) > 0 {
		return nil, &ExistsError{Paths: conflicts}
	}
	return out, nil
}

func results(ps []planned) []Result {
	var out []Result
	for _, p := range ps {
		out = append(out, p.Result)
	}
	return out
}

// Check works out what writing files into dir would do, without writing.
func Check(dir string, files []File, force bool) ([]Result, error) {
	ps, err := plan(dir, files, force, false)
	if err != nil {
		return nil, err
	}
	return results(ps), nil
}

// Preview is Plan for a dry run: a file that differs is reported as a
// Conflict (or Overwritten with force) instead of failing the whole call.
func Preview(dir string, files []File, force bool) ([]Result, error) {
	ps, err := plan(dir, files, force, true)
	if err != nil {
		return nil, err
	}
	return results(ps), nil
}

// Write writes files into dir with the process's own file system and
// signals. Nothing is written unless every file can be.
func Write(dir string, files []File, force bool) ([]Result, error) {
	return Writer{}.Write(dir, files, force)
}

// Writer writes files; its zero value uses the operating system. The
// fields let tests stand in for a full disk, a file system without hard
// links, or a signal arriving mid-write.
type Writer struct {
	// Notify and Stop start and stop the delivery of SIGINT and SIGTERM to
	// c; nil means signal.Notify and signal.Stop.
	Notify func(c chan<- os.Signal)
	Stop   func(c chan<- os.Signal)
	// WriteData writes a staged file's content; nil means f.Write.
	WriteData func(f *os.File, data []byte) (int, error)
	// Link and Rename stand for os.Link and os.Rename when set.
	Link   func(oldname, newname string) error
	Rename func(oldname, newname string) error
}

// Write writes files into dir. Nothing is written unless every file can be:
// a differing file without force fails the whole call, and a failure while
// writing leaves every file as it was.
func (w Writer) Write(dir string, files []File, force bool) ([]Result, error) {
	ps, err := plan(dir, files, force, false)
	if err != nil {
		return nil, err
	}
	sig := make(chan os.Signal, 1)
	notify, stop := w.Notify, w.Stop
	if notify == nil {
		notify = func(c chan<- os.Signal) { signal.Notify(c, os.Interrupt, syscall.SIGTERM) }
		stop = func(c chan<- os.Signal) { signal.Stop(c) }
	}
	notify(sig)
	defer stop(sig)
	t := &txn{w: w, sig: sig}
	if err := t.run(dir, ps); err != nil {
		t.undo()
		return nil, err
	}
	t.cleanup()
	return results(ps), nil
}

// txn is one all-or-nothing write: the temporary files made and the files
// put in place so far, to undo.
type txn struct {
	w     Writer
	sig   chan os.Signal
	temps []string
	done  []func() error // undo steps, in the order they were done
	dirs  []string       // directories made, removed last on undo
}

func (t *txn) interrupted() error {
	select {
	case <-t.sig:
		return ErrInterrupted
	default:
		return nil
	}
}

func (t *txn) run(dir string, ps []planned) error {
	staged := make([]string, len(ps))
	for i, p := range ps {
		if p.Status == Unchanged {
			continue
		}
		if p.Status == Created {
			if err := t.mkdirs(dir, filepath.Dir(p.Path)); err != nil {
				return fmt.Errorf("writing %s: %w", p.Path, err)
			}
		}
		mode := p.file.Mode
		if p.Status == Overwritten && p.old.link == "" {
			mode = p.old.mode // a regular file keeps its mode
		}
		if mode == 0 {
			mode = 0o644
		}
		tmp, err := t.stage(filepath.Join(dir, p.Path), p.file.Data, mode)
		if err != nil {
			return err
		}
		staged[i] = tmp
		if err := t.interrupted(); err != nil {
			return err
		}
	}
	for i, p := range ps {
		name := filepath.Join(dir, p.Path)
		var err error
		switch p.Status {
		case Created:
			err = t.create(staged[i], name, p.file.Data, p.file.Mode)
		case Overwritten:
			err = t.replace(staged[i], name, p.old)
		}
		if err != nil {
			return err
		}
		if err := t.interrupted(); err != nil {
			return err
		}
	}
	return nil
}

// mkdirs makes the missing directories of rel (inside dir), each undone
// (removed while empty) if the write fails. An existing directory is used
// as it is; a symbolic link on the way is refused, so nothing is written
// outside dir.
func (t *txn) mkdirs(dir, rel string) error {
	if rel == "." {
		return nil
	}
	if err := t.mkdirs(dir, filepath.Dir(rel)); err != nil {
		return err
	}
	name := filepath.Join(dir, rel)
	fi, err := os.Lstat(name)
	switch {
	case err == nil && fi.IsDir():
		return nil
	case err == nil:
		return fmt.Errorf("%s exists and is not a directory; move it away and run dockerize again", rel)
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	if err := os.Mkdir(name, 0o755); err != nil {
		return err
	}
	t.dirs = append(t.dirs, name)
	return nil
}

func (t *txn) rename(a, b string) error {
	if t.w.Rename != nil {
		return t.w.Rename(a, b)
	}
	return os.Rename(a, b)
}

func (t *txn) link(a, b string) error {
	if t.w.Link != nil {
		return t.w.Link(a, b)
	}
	return os.Link(a, b)
}

// stage writes data to a new temporary file beside name.
func (t *txn) stage(name string, data []byte, mode fs.FileMode) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp*")
	if err != nil {
		return "", fmt.Errorf("writing %s: %w", filepath.Base(name), err)
	}
	t.temps = append(t.temps, f.Name())
	if err := t.fill(f, data); err != nil {
		return "", fmt.Errorf("writing %s: %w", filepath.Base(name), err)
	}
	if err := os.Chmod(f.Name(), mode); err != nil {
		return "", fmt.Errorf("writing %s: %w", filepath.Base(name), err)
	}
	return f.Name(), nil
}

func (t *txn) fill(f *os.File, data []byte) error {
	write := t.w.WriteData
	if write == nil {
		write = (*os.File).Write
	}
	_, err := write(f, data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// create puts a new file in place without ever clobbering one that
// appeared meanwhile: the staged file is hard-linked to the name (link fails
// if the name exists). Where the file system has no hard links (vfat,
// exFAT, some network mounts), the file is created with O_EXCL instead,
// which refuses an existing name just the same.
func (t *txn) create(tmp, name string, data []byte, mode fs.FileMode) error {
	err := t.link(tmp, name)
	if err != nil && !errors.Is(err, fs.ErrExist) && noHardLinks(err) {
		err = t.createExclusive(name, data, mode)
	}
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s appeared while dockerize was writing it; run dockerize again", filepath.Base(name))
		}
		return fmt.Errorf("writing %s: %w", filepath.Base(name), err)
	}
	t.done = append(t.done, func() error { return os.Remove(name) })
	return nil
}

// noHardLinks reports whether a link failed because the file system does
// not do hard links.
func noHardLinks(err error) bool {
	return errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.ENOTSUP) || errors.Is(err, syscall.EOPNOTSUPP) ||
		errors.Is(err, syscall.ENOSYS) || errors.Is(err, syscall.EXDEV) || errors.Is(err, syscall.EMLINK)
}

func (t *txn) createExclusive(name string, data []byte, mode fs.FileMode) error {
	if mode == 0 {
		mode = 0o644
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	if err := t.fill(f, data); err != nil {
		os.Remove(name)
		return err
	}
	return nil
}

// replace swaps the staged file in. Over a symbolic link, the rename
// replaces the link itself: writing through it could change a file outside
// the project, and the target keeps its content and mode.
func (t *txn) replace(tmp, name string, old existing) error {
	if err := t.rename(tmp, name); err != nil {
		return fmt.Errorf("writing %s: %w", filepath.Base(name), err)
	}
	t.done = append(t.done, func() error { return restore(name, old) })
	return nil
}

// restore puts back what was at name before.
func restore(name string, old existing) error {
	if old.link != "" {
		os.Remove(name)
		return os.Symlink(old.link, name)
	}
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp*")
	if err != nil {
		return err
	}
	_, err = f.Write(old.data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), old.mode)
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// undo reverses what was done, last first, and removes the temporary files.
func (t *txn) undo() {
	for i := len(t.done) - 1; i >= 0; i-- {
		_ = t.done[i]()
	}
	t.cleanup()
	for i := len(t.dirs) - 1; i >= 0; i-- {
		_ = os.Remove(t.dirs[i])
	}
}

func (t *txn) cleanup() {
	for _, tmp := range t.temps {
		_ = os.Remove(tmp)
	}
}

// Diff returns a unified diff from the file on disk (or nothing) to the new
// content; empty when they are equal. A symbolic link is compared through
// only while it stays inside dir.
func Diff(dir string, f File) (string, error) {
	fsys, err := safefs.New(dir)
	if err != nil {
		return "", err
	}
	defer fsys.Close()
	old, err := inspect(dir, fsys, f)
	if err != nil {
		return "", err
	}
	from := "a/" + f.Path
	switch {
	case !old.present:
		from = "/dev/null"
	case old.link != "" && old.data == nil:
		from = "/dev/null (" + f.Path + " is a symbolic link to " + old.link + ", not followed)"
	}
	if old.present && old.link == "" && bytes.Equal(old.data, f.Data) {
		return "", nil
	}
	return difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A:        difflib.SplitLines(string(old.data)),
		B:        difflib.SplitLines(string(f.Data)),
		FromFile: from,
		ToFile:   "b/" + f.Path,
		Context:  3,
	})
}
