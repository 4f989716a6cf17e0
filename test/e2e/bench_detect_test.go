//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// detectRow is the name -only selects the detection benchmark by.
const detectRow = "detect-scale"

// detectRuns is how many times dockerize detect runs on each repository;
// the row shows the median.
const detectRuns = 5

// TestBenchDetect times dockerize detect, the built binary, on a generated
// monorepo of 100,000 and of 500,000 files with 200 services (bigrepo_test.go),
// where the larger one differs only by a bigger node_modules, and reads
// each run's peak resident memory from the kernel. Goal: under 1 s, and the
// same memory at both sizes.
func TestBenchDetect(t *testing.T) {
	if !*table {
		t.Skip("run with -table (make bench)")
	}
	if *only != "" && !regexp.MustCompile(*only).MatchString(detectRow) {
		t.Skip("not selected by -only")
	}
	type result struct {
		repo            bigRepo
		wall, cpu       time.Duration
		rss             int64
		services, files int
	}
	var results []result
	for _, total := range []int{100_000, 500_000} {
		dir, err := os.MkdirTemp("", "dockerize-bench-detect")
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		repo, err := writeBigRepo(dir, total)
		if err != nil {
			os.RemoveAll(dir)
			t.Fatal(err)
		}
		t.Logf("%d files written in %s", total, time.Since(start).Round(time.Second))
		r := result{repo: repo}
		var walls, cpus []time.Duration
		for i := 0; i < detectRuns; i++ {
			wall, cpu, rss, n, err := detectOnce(dir)
			if err != nil {
				os.RemoveAll(dir)
				t.Fatal(err)
			}
			if n != bigServicesTotal {
				os.RemoveAll(dir)
				t.Fatalf("dockerize detect listed %d services in the %d-file repository, want %d", n, total, bigServicesTotal)
			}
			walls, cpus = append(walls, wall), append(cpus, cpu)
			r.rss = max(r.rss, rss)
			r.services = n
		}
		slices.Sort(walls)
		slices.Sort(cpus)
		r.wall, r.cpu = walls[len(walls)/2], cpus[len(cpus)/2]
		results = append(results, r)
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
	}
	rows := []string{
		fmt.Sprintf("| repository | files (under node_modules) | services | detect s, median of %d (goal < 1) | CPU s (user + sys) | peak RSS MB |", detectRuns),
		"|---|---|---|---|---|---|",
	}
	for _, r := range results {
		rows = append(rows, fmt.Sprintf("| %s %dk | %d (%d) | %d | %.2f | %.2f | %.1f |", detectRow, r.repo.files/1000,
			r.repo.files, r.repo.nodeModules, r.services, r.wall.Seconds(), r.cpu.Seconds(), float64(r.rss)/1e6))
	}
	a, b := results[0], results[1]
	rows = append(rows, fmt.Sprintf("| %s %dk / %dk | %s | | %s | %s | %s |", detectRow, b.repo.files/1000, a.repo.files/1000,
		ratio(float64(b.repo.files), float64(a.repo.files)), ratio(float64(b.wall), float64(a.wall)),
		ratio(float64(b.cpu), float64(a.cpu)), ratio(float64(b.rss), float64(a.rss))))
	fmt.Println(strings.Join(rows, "\n"))
}

// detectOnce runs dockerize detect -o json on dir and returns its wall time,
// CPU time, peak resident memory in bytes and the number of services listed.
func detectOnce(dir string) (wall, cpu time.Duration, rss int64, services int, err error) {
	cmd := exec.Command(dockerize, "detect", dir, "-o", "json")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	err = cmd.Run()
	wall = time.Since(start)
	if err != nil {
		return 0, 0, 0, 0, fmt.Errorf("dockerize detect: %w\n%s", err, errOut.String())
	}
	cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss * 1024 // kilobytes on Linux
	}
	var doc struct{ Services []json.RawMessage }
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		return 0, 0, 0, 0, fmt.Errorf("dockerize detect -o json: %w", err)
	}
	return wall, cpu, rss, len(doc.Services), nil
}
