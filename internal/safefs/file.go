package safefs

import (
	"io"
	"os"
)

// ReadFile reads one file the user named, such as a Dockerfile given to
// lint or a team settings file: links are followed (the user chose the
// path), but a special file is refused before it is opened, so /dev/zero
// or a named pipe can neither hang nor fill memory, and the read stops at
// limit.
func ReadFile(name string, limit int64) ([]byte, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if err := special(name, fi); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(name, os.O_RDONLY|nonBlock, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := special(name, fi); err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, &os.PathError{Op: "read", Path: name, Err: errIsDir}
	}
	if fi.Size() > limit {
		return nil, tooLarge(name, limit)
	}
	return io.ReadAll(&boundedFile{file: f, name: name, limit: limit})
}
