// Package diff finds the lines two texts have in common, with Myers'
// algorithm (the one git and GNU diff use), and prints unified diffs. Its
// work is bounded: past a budget of edits or comparisons the unmatched middle
// counts as replaced, so a hostile file makes a coarse diff, never a hang.
package diff

import (
	"fmt"
	"strings"
)

// Lines splits s after each "\n", keeping the terminators, so joining the
// lines gives s back byte for byte. A last line without "\n" is kept as it
// is; an empty text has no lines.
func Lines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// Match is a run of N equal lines: a[A:A+N] == b[B:B+N].
type Match struct{ A, B, N int }

// Limits bound the work of one comparison.
const (
	maxEdits       = 1000     // edit distance explored before giving up
	maxComparisons = 20000000 // line comparisons while following diagonals
)

// Matches returns the runs of lines a and b share, in increasing order of
// both A and B, non-overlapping, and never empty. Lines are compared byte
// for byte, terminators included.
func Matches(a, b []string) []Match {
	// Lines become small integers so comparing is cheap and the budget
	// counts real work.
	ids := map[string]int{}
	id := func(lines []string) []int {
		out := make([]int, len(lines))
		for i, l := range lines {
			v, ok := ids[l]
			if !ok {
				v = len(ids)
				ids[l] = v
			}
			out[i] = v
		}
		return out
	}
	x, y := id(a), id(b)

	// A common prefix and suffix always belong to some shortest edit
	// script; taking them first makes the usual case (a few edits in a
	// long file) cost little.
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	var out []Match
	add := func(i, j, n int) {
		if n == 0 {
			return
		}
		if k := len(out) - 1; k >= 0 && out[k].A+out[k].N == i && out[k].B+out[k].N == j {
			out[k].N += n
			return
		}
		out = append(out, Match{i, j, n})
	}
	add(0, 0, pre)
	for _, m := range myers(x[pre:len(x)-suf], y[pre:len(y)-suf]) {
		add(pre+m.A, pre+m.B, m.N)
	}
	add(len(x)-suf, len(y)-suf, suf)
	return out
}

// myers returns the matches of a shortest edit script from a to b, or none
// when the script is longer than the budget allows.
func myers(a, b []int) []Match {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		return nil
	}
	limit := min(n+m, maxEdits)
	off := limit + 1
	v := make([]int, 2*limit+3)
	// trace[d] is v over diagonals -d..d after step d, for the way back.
	var trace [][]int
	comparisons := 0
	for d := 0; d <= limit; d++ {
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
				comparisons++
			}
			comparisons++
			v[off+k] = x
			if x >= n && y >= m {
				return backtrack(trace, d, n, m)
			}
		}
		if comparisons > maxComparisons {
			return nil
		}
		trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
	}
	return nil
}

func backtrack(trace [][]int, d, x, y int) []Match {
	var rev []Match
	for ; d > 0; d-- {
		prev := trace[d-1] // diagonals -(d-1)..d-1 at index k+d-1
		k := x - y
		var pk int
		if k == -d || (k != d && prev[k-1+d-1] < prev[k+1+d-1]) {
			pk = k + 1 // came down: a line of b inserted
		} else {
			pk = k - 1 // came right: a line of a deleted
		}
		px := prev[pk+d-1]
		py := px - pk
		sx := px // where the diagonal run of step d starts
		if pk == k-1 {
			sx = px + 1
		}
		if n := x - sx; n > 0 {
			rev = append(rev, Match{sx, sx - k, n})
		}
		x, y = px, py
	}
	if x > 0 {
		rev = append(rev, Match{0, 0, x})
	}
	out := make([]Match, 0, len(rev))
	for i := len(rev) - 1; i >= 0; i-- {
		out = append(out, rev[i])
	}
	return out
}

// Unified returns a unified diff from a to b with context lines around each
// change, headed by the two names; empty when the texts are equal. A last
// line without a newline is marked as diff and patch expect.
func Unified(a, b, from, to string, context int) string {
	if a == b {
		return ""
	}
	al, bl := Lines(a), Lines(b)
	ms := append(Matches(al, bl), Match{len(al), len(bl), 0})
	type span struct{ a0, a1, b0, b1 int } // a change: a[a0:a1] becomes b[b0:b1]
	var changes []span
	i, j := 0, 0
	for _, m := range ms {
		if i < m.A || j < m.B {
			changes = append(changes, span{i, m.A, j, m.B})
		}
		i, j = m.A+m.N, m.B+m.N
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s\n", from, to)
	line := func(prefix, l string) {
		sb.WriteString(prefix)
		sb.WriteString(l)
		if !strings.HasSuffix(l, "\n") {
			sb.WriteString("\n\\ No newline at end of file\n")
		}
	}
	for c := 0; c < len(changes); {
		// A hunk takes every change whose context touches the next one's.
		last := c
		for last+1 < len(changes) && changes[last+1].a0-changes[last].a1 <= 2*context {
			last++
		}
		a0 := max(changes[c].a0-context, 0)
		b0 := changes[c].b0 - (changes[c].a0 - a0)
		a1 := min(changes[last].a1+context, len(al))
		b1 := changes[last].b1 + (a1 - changes[last].a1)
		fmt.Fprintf(&sb, "@@ -%s +%s @@\n", hunkRange(a0, a1), hunkRange(b0, b1))
		at := a0
		for _, ch := range changes[c : last+1] {
			for ; at < ch.a0; at++ {
				line(" ", al[at])
			}
			for _, l := range al[ch.a0:ch.a1] {
				line("-", l)
			}
			for _, l := range bl[ch.b0:ch.b1] {
				line("+", l)
			}
			at = ch.a1
		}
		for ; at < a1; at++ {
			line(" ", al[at])
		}
		c = last + 1
	}
	return sb.String()
}

// hunkRange is "start,count" with 1-based lines; an empty range names the
// line before it.
func hunkRange(lo, hi int) string {
	if hi-lo == 1 {
		return fmt.Sprint(lo + 1)
	}
	if hi == lo {
		return fmt.Sprintf("%d,0", lo)
	}
	return fmt.Sprintf("%d,%d", lo+1, hi-lo)
}
