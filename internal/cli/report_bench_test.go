package cli

import (
	"flag"
	"fmt"
	"testing"
	"time"
)

var reportBench = flag.Bool("report-bench", false, "time a report over 200 repositories and print a row of make bench's table")

// TestReportBench is make bench's report row, not a timed unit test: it
// runs only with -report-bench. The goal is under 10 s for 200
// repositories on the project's 2-core machine.
func TestReportBench(t *testing.T) {
	if !*reportBench {
		t.Skip("run with -report-bench (make bench does)")
	}
	const repos, goal = 200, 10 * time.Second
	dir := t.TempDir()
	makeFleet(t, dir, repos-len(handWritten)-1)
	start := time.Now()
	code, _, stderr := runCLI(t, "report", "-o", "json", dir)
	took := time.Since(start)
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	fmt.Println("| report | repositories | seconds | goal |")
	fmt.Println("|---|---|---|---|")
	fmt.Printf("| dockerize report -o json | %d | %.2f | < %.0f s |\n", repos, took.Seconds(), goal.Seconds())
	if took > goal {
		t.Errorf("a report over %d repositories took %s, goal %s", repos, took, goal)
	}
}
