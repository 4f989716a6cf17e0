package e2e

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/dockerize-dev/dockerize/detect"
	"github.com/dockerize-dev/dockerize/internal/safefs"
	"github.com/dockerize-dev/dockerize/stacks"
)

// TestBigRepo checks the detection benchmark's generator on small sizes:
// exactly the files asked for, the same tree each time, a bigger size
// differing only in node_modules, and the 200 services discovery must find.
func TestBigRepo(t *testing.T) {
	sizes := []int{5000, 5000, 6000}
	sums := make([]string, len(sizes))
	own := make([]int, len(sizes)) // files outside node_modules
	for i, total := range sizes {
		dir := t.TempDir()
		r, err := writeBigRepo(dir, total)
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.New()
		n := 0
		err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			fmt.Fprintf(h, "%s %x\n", rel, sha256.Sum256(data))
			n++
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if n != total || r.files != total {
			t.Fatalf("wrote %d files (counted %d), want %d", n, r.files, total)
		}
		own[i] = r.files - r.nodeModules
		sums[i] = fmt.Sprintf("%x", h.Sum(nil))
		if i == 0 {
			checkBigRepoServices(t, dir)
		}
	}
	if sums[0] != sums[1] {
		t.Error("two runs wrote different trees")
	}
	if own[0] != own[2] {
		t.Errorf("%d and %d files: %d and %d files outside node_modules, want the same", sizes[0], sizes[2], own[0], own[2])
	}
	if _, err := writeBigRepo(t.TempDir(), 100); err == nil {
		t.Error("100 files: no error, want one saying the services take more")
	}
}

func checkBigRepoServices(t *testing.T, dir string) {
	t.Helper()
	fsys, err := safefs.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	svcs, err := stacks.Discover(fsys)
	if err != nil {
		t.Fatal(err)
	}
	count := map[detect.Stack]int{}
	for _, s := range svcs {
		count[s.Stack]++
	}
	want := map[detect.Stack]int{detect.Go: bigGoServices, detect.Maven: bigJavaServices, detect.Node: bigNodeServices}
	if len(svcs) != bigServicesTotal || fmt.Sprint(count) != fmt.Sprint(want) {
		t.Errorf("discovery found %d services %v, want %d %v", len(svcs), count, bigServicesTotal, want)
	}
}
