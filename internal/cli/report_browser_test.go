package cli

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// chromium finds Debian's headless browser. `make tools` (and CI through
// it) installs it; a developer's machine without it skips, CI fails.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed; make tools installs it (apt-get install chromium)")
	}
	t.Skip("chromium is not installed: run make tools (apt-get install chromium) to test the HTML report in a browser")
	return ""
}

// browse runs headless chromium on a local file with networking, sync and
// updates off and a fresh profile, bounded in time so it cannot hang.
func browse(t *testing.T, bin, page string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, bin, append(append(base, args...), "file://"+page)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return out
}

// outDir is where the screenshot goes: out/report in the repository, so a
// person (or CI's artifacts) can look at it.
func outDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "out", "report"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestReportHTMLInBrowser(t *testing.T) {
	bin := chromium(t)
	dir := fleet(t)
	code, page, stderr := runCLI(t, "report", "-o", "html", dir)
	if code != 0 {
		t.Fatalf("report -o html: exit %d: %s", code, stderr)
	}
	// Self-contained: nothing is fetched from anywhere.
	if m := regexp.MustCompile(`(?i)<[^>]*\s(src|href|xlink:href)\s*=|<(script|link|iframe|object)|https?://|@import|url\(`).FindString(page); m != "" {
		t.Errorf("the page refers to an outside resource (%q)", m)
	}
	out := outDir(t)
	file := filepath.Join(out, "fleet.html")
	if err := os.WriteFile(file, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(out, "fleet.png")
	_ = os.Remove(shot)
	browse(t, bin, file, "--screenshot="+shot, "--window-size=1400,1800", "--hide-scrollbars")
	if fi, err := os.Stat(shot); err != nil || fi.Size() < 10_000 {
		t.Errorf("no screenshot of the page at %s: %v", shot, err)
	}
	t.Logf("screenshot: %s", shot)

	dom := string(browse(t, bin, file, "--dump-dom"))
	rows := regexp.MustCompile(`<tr class="(ok|warning|error|none)">`).FindAllString(dom, -1)
	if want := fleetGenerated + len(handWritten) + 1; len(rows) != want {
		t.Errorf("the browser shows %d repository rows, want %d", len(rows), want)
	}
	// The hostile repository's name is text, not an element.
	if strings.Contains(dom, "<img") || strings.Contains(dom, "<script") {
		t.Errorf("markup from a repository name or FROM line reached the DOM")
	}
	if !strings.Contains(dom, "&lt;img src=x onerror=alert(1)&gt;") {
		t.Errorf("the hostile repository's name is not shown as text")
	}
	// Both charts are drawn, with one bar per rule and per base image, and
	// the counts agree with the JSON report.
	rowsJSON := reportJSON(t, dir)
	perRule, perBase := map[string]int{}, map[string]int{}
	for _, r := range rowsJSON {
		for k, n := range r.Rules {
			perRule[k] += n
		}
		if r.BaseName != "" {
			perBase[r.BaseName]++
		}
	}
	for id, want := range map[string]map[string]int{"findings-per-rule": perRule, "repositories-per-base": perBase} {
		fig := regexp.MustCompile(`(?s)<figure id="` + id + `">.*?</figure>`).FindString(dom)
		if !strings.Contains(fig, "<svg") {
			t.Errorf("chart %s is not drawn", id)
			continue
		}
		bars := regexp.MustCompile(`<g class="bar" data-label="([^"]*)" data-count="([0-9]+)">`).FindAllStringSubmatch(fig, -1)
		if len(bars) != len(want) {
			t.Errorf("chart %s has %d bars, want %d", id, len(bars), len(want))
		}
		for _, b := range bars {
			n, _ := strconv.Atoi(b[2])
			label := strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&", "&quot;", `"`).Replace(b[1])
			if want[label] != n {
				t.Errorf("chart %s: bar %s = %d, want %d", id, label, n, want[label])
			}
		}
	}
}
