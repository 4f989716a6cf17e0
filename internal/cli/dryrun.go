package cli

import (
	"fmt"

	"github.com/dockerize-dev/dockerize/internal/iostreams"
	"github.com/dockerize-dev/dockerize/internal/write"
)

// dryRun shows what init would write, and writes nothing: each file's status
// on stderr, its content on stdout, and for a file that is already there
// with other content, the diff against it. A dry run is for looking, so a
// file that init would refuse to replace is reported, not an error.
func dryRun(io *iostreams.IOStreams, dir string, files []write.File, force bool) error {
	results, err := write.Preview(dir, files, force)
	if err != nil {
		return err
	}
	for i, r := range results {
		switch r.Status {
		case write.Conflict:
			fmt.Fprintf(io.ErrOut, "would stop at %s: it exists with different content (--force overwrites it; the diff follows)\n", r.Path)
		default:
			fmt.Fprintf(io.ErrOut, "would be %s: %s\n", r.Status, r.Path)
		}
		fmt.Fprintf(io.Out, "==> %s <==\n%s", files[i].Path, files[i].Data)
		if r.Status == write.Conflict || r.Status == write.Overwritten {
			d, err := write.Diff(dir, files[i])
			if err != nil {
				return err
			}
			fmt.Fprintf(io.Out, "==> diff of %s against what is there <==\n%s", files[i].Path, d)
		}
	}
	return nil
}
