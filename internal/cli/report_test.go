package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockerize-dev/dockerize/internal/iostreams"
	"github.com/dockerize-dev/dockerize/report"
)

func runCLIQuiet(dir string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := Run([]string{"init", dir}, &iostreams.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	return code, out.String(), errOut.String()
}

const fleetGenerated = 15

func fleet(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	makeFleet(t, dir, fleetGenerated)
	return dir
}

func reportJSON(t *testing.T, dirs ...string) map[string]report.Row {
	t.Helper()
	code, stdout, stderr := runCLI(t, append([]string{"report", "-o", "json"}, dirs...)...)
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	var r report.Report
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("report -o json is not JSON: %v\n%s", err, stdout)
	}
	rows := map[string]report.Row{}
	for _, row := range r.Rows {
		rows[filepath.Base(row.Path)] = row
	}
	return rows
}

func findings(row report.Row) string {
	if !row.Dockerfile {
		return ""
	}
	return fmt.Sprintf("%d/%d/%d", row.Findings["error"], row.Findings["warning"], row.Findings["info"])
}

func TestReportFleet(t *testing.T) {
	rows := reportJSON(t, fleet(t))
	if want := fleetGenerated + len(handWritten) + 1; len(rows) != want {
		t.Fatalf("%d rows, want one per repository (%d)", len(rows), want)
	}
	for _, h := range handWritten {
		row, ok := rows[h.name]
		if !ok {
			t.Errorf("no row for %s", h.name)
			continue
		}
		got := []string{row.Stack, findings(row), row.Pinning, row.Version}
		want := []string{h.stack, h.findings, h.pinning, h.version}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: stack, findings, pinning, version = %q, want %q (rules %v, problem %q)", h.name, got, want, row.Rules, row.Problem)
		}
	}
	if r := rows["old-go"]; r.Behind == nil || r.Behind.String() != "3 minor behind (1.27.4)" {
		t.Errorf("old-go behind = %+v, want 3 minor behind 1.27.4", r.Behind)
	}
	if r := rows["broken"]; r.Dockerfile != true || !strings.Contains(r.Problem, "Dockerfile") {
		t.Errorf("a Dockerfile that does not parse: %+v", r)
	}
	if r := rows["symlinked"]; r.Dockerfile || !strings.Contains(r.Problem, "not a regular file") {
		t.Errorf("a symlinked Dockerfile must not be read: %+v", r)
	}
	for i := 0; i < fleetGenerated; i++ {
		row := rows[fmt.Sprintf("gen-%03d", i)]
		stack := []string{"go", "node", "maven"}[i%3]
		if row.Stack != stack || !row.Dockerfile || row.Findings["error"] != 0 || row.Base == "" {
			t.Errorf("generated %s repository %d: %+v", stack, i, row)
		}
		if stack == "go" && (row.BaseName != "distroless" || row.Pinning != "floating") {
			t.Errorf("generated Go repository %d: base %s (%s), pinning %s; want distroless, floating without --pin", i, row.Base, row.BaseName, row.Pinning)
		}
	}
}

func TestReportText(t *testing.T) {
	dir := fleet(t)
	code, stdout, stderr := runCLI(t, "report", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	repos := fleetGenerated + len(handWritten) + 1
	if !strings.HasPrefix(lines[0], "REPOSITORY") || len(lines) < repos+2 {
		t.Fatalf("want a header, %d rows and a summary:\n%s", repos, stdout)
	}
	if !strings.Contains(stdout, fmt.Sprintf("%d repositories, %d with a Dockerfile", repos, repos-3)) {
		t.Errorf("summary line wrong:\n%s", lines[len(lines)-1])
	}
	if !strings.Contains(stdout, "3 minor behind (1.27.4)") || !strings.Contains(stdout, "broken: Dockerfile:") {
		t.Errorf("text report lacks the gap or the problem line:\n%s", stdout)
	}
}

func TestReportUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"report"}, "at least one DIR"},
		{[]string{"report", filepath.Join(t.TempDir(), "nope")}, "pass a checkout or a directory of checkouts"},
		{[]string{"report", "-o", "xml", "."}, `--format "xml" is not known`},
		{[]string{"report", t.TempDir()}, "holds no repository"},
	} {
		code, stdout, stderr := runCLI(t, c.args...)
		if code != exitUsage || !strings.Contains(stderr, c.want) || stdout != "" {
			t.Errorf("%v: exit %d, stderr %q, stdout %q; want exit %d saying %q and nothing on stdout", c.args, code, stderr, stdout, exitUsage, c.want)
		}
	}
}
