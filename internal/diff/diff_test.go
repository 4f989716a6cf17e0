package diff

import (
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestLines(t *testing.T) {
	for in, want := range map[string][]string{
		"":           nil,
		"\n":         {"\n"},
		"a":          {"a"},
		"a\nb":       {"a\n", "b"},
		"a\r\nb\r\n": {"a\r\n", "b\r\n"},
		"\n\n":       {"\n", "\n"},
	} {
		got := Lines(in)
		if strings.Join(got, "") != in || len(got) != len(want) {
			t.Errorf("Lines(%q) = %q, want %q", in, got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("Lines(%q) = %q, want %q", in, got, want)
			}
		}
	}
}

// lcs is the textbook dynamic program, the reference Matches must reach.
func lcs(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}

func checkMatches(t *testing.T, a, b []string) []Match {
	t.Helper()
	ms := Matches(a, b)
	ai, bi, total := 0, 0, 0
	for _, m := range ms {
		if m.N <= 0 || m.A < ai || m.B < bi || m.A+m.N > len(a) || m.B+m.N > len(b) {
			t.Fatalf("bad match %+v after a=%d b=%d in %v for %q / %q", m, ai, bi, ms, a, b)
		}
		for k := 0; k < m.N; k++ {
			if a[m.A+k] != b[m.B+k] {
				t.Fatalf("match %+v pairs %q with %q", m, a[m.A+k], b[m.B+k])
			}
		}
		ai, bi, total = m.A+m.N, m.B+m.N, total+m.N
	}
	if want := lcs(a, b); total != want {
		t.Fatalf("matched %d lines of %q / %q, the longest common subsequence has %d", total, a, b, want)
	}
	return ms
}

func randomLines(r *rand.Rand, n int) []string {
	alphabet := []string{"FROM x\n", "\n", "RUN a\n", "COPY . .\n", "USER 1\n", "b"}
	out := make([]string, n)
	for i := range out {
		out[i] = alphabet[r.Intn(len(alphabet))]
	}
	return out
}

func TestMatchesAreLongestCommonSubsequence(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 3000; i++ {
		checkMatches(t, randomLines(r, r.Intn(14)), randomLines(r, r.Intn(14)))
	}
	checkMatches(t, nil, nil)
	checkMatches(t, []string{"a\n"}, nil)
}

// apply is a strict patch: it checks every context and removed line.
func apply(t *testing.T, a, patch string) string {
	t.Helper()
	al := Lines(a)
	pl := strings.Split(strings.TrimSuffix(patch, "\n"), "\n")
	if len(pl) < 2 || !strings.HasPrefix(pl[0], "--- ") || !strings.HasPrefix(pl[1], "+++ ") {
		t.Fatalf("no header in %q", patch)
	}
	var out []string
	at := 0
	for i := 2; i < len(pl); i++ {
		l := pl[i]
		if strings.HasPrefix(l, "@@ ") {
			f := strings.Fields(l)
			start, _ := strconv.Atoi(strings.Split(f[1][1:], ",")[0])
			if strings.HasSuffix(f[1], ",0") {
				start++ // an empty range names the line before
			}
			for ; at < start-1; at++ {
				out = append(out, al[at])
			}
			continue
		}
		text := l[1:] + "\n"
		if i+1 < len(pl) && pl[i+1] == `\ No newline at end of file` {
			text = l[1:]
			i++
		}
		switch l[0] {
		case ' ', '-':
			if at >= len(al) || al[at] != text {
				t.Fatalf("patch line %q does not match line %d of %q\n%s", l, at+1, a, patch)
			}
			if l[0] == ' ' {
				out = append(out, text)
			}
			at++
		case '+':
			out = append(out, text)
		default:
			t.Fatalf("bad patch line %q", l)
		}
	}
	return strings.Join(append(out, al[at:]...), "")
}

func TestUnifiedAppliesBack(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for i := 0; i < 3000; i++ {
		a := strings.Join(randomLines(r, r.Intn(30)), "")
		b := strings.Join(randomLines(r, r.Intn(30)), "")
		p := Unified(a, b, "a/Dockerfile", "b/Dockerfile", r.Intn(4))
		if a == b {
			if p != "" {
				t.Fatalf("equal texts gave a diff: %q", p)
			}
			continue
		}
		if got := apply(t, a, p); got != b {
			t.Fatalf("applying\n%s\nto %q gave %q, want %q", p, a, got, b)
		}
	}
}

// TestUnifiedPatch feeds the diff to GNU patch, the consumer users have.
func TestUnifiedPatch(t *testing.T) {
	if _, err := exec.LookPath("patch"); err != nil {
		t.Skip("patch not installed")
	}
	a := "FROM golang:1.24\nWORKDIR /src\nCOPY . .\nRUN go build\n\nFROM scratch\nUSER 1\nENTRYPOINT [\"/app\"]"
	b := "FROM golang:1.26\nWORKDIR /src\nCOPY . .\nRUN go build\n\nFROM scratch\nUSER 65532\nEXPOSE 8080\nENTRYPOINT [\"/app\"]\n"
	dir := t.TempDir()
	f := filepath.Join(dir, "Dockerfile")
	os.WriteFile(f, []byte(a), 0o644)
	cmd := exec.Command("patch", "-s", f)
	cmd.Stdin = strings.NewReader(Unified(a, b, "a/Dockerfile", "b/Dockerfile", 1))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("patch: %v\n%s", err, out)
	}
	if got, _ := os.ReadFile(f); string(got) != b {
		t.Errorf("patched file = %q, want %q", got, b)
	}
}

func TestUnifiedText(t *testing.T) {
	got := Unified("a\nb\nc\n", "a\nB\nc\n", "a/x", "b/x", 3)
	want := "--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	got = Unified("", "a\n", "/dev/null", "b/x", 3)
	if want := "--- /dev/null\n+++ b/x\n@@ -0,0 +1 @@\n+a\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestHostileSizes: texts far larger and stranger than any Dockerfile still
// give correct matches (the budget only coarsens them).
func TestHostileSizes(t *testing.T) {
	same := strings.Repeat("\n", 200000)
	if ms := Matches(Lines(same), Lines(same)); len(ms) != 1 || ms[0].N != 200000 {
		t.Errorf("equal texts: %v", ms)
	}
	var a, b strings.Builder
	for i := 0; i < 60000; i++ {
		a.WriteString(strconv.Itoa(i) + "\n")
		b.WriteString(strconv.Itoa(i*7+1) + "x\n")
	}
	al, bl := Lines(a.String()), Lines(b.String())
	if ms := Matches(al, bl); len(ms) != 0 {
		t.Errorf("disjoint texts matched: %v", ms[:1])
	}
	if p := Unified(a.String(), b.String(), "a", "b", 3); apply(t, a.String(), p) != b.String() {
		t.Error("coarse diff does not apply")
	}
	alt := strings.Repeat("a\nb\n", 50000)
	if ms := Matches(Lines(alt), Lines(strings.Repeat("a\n", 100000))); len(ms) == 0 {
		t.Error("repeated lines: no match at all")
	}
}
