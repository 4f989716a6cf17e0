package realworld

import (
	"fmt"
	"sort"
	"strings"
)

// Row is one line of the suite's table.
type Row struct {
	Case    Case
	Verdict Verdict
	// Built is the outcome of the real build and run, "" when not tried.
	Built string
}

// Table renders the rows as a markdown table with a summary line.
func Table(rows []Row, withBuild bool) string {
	var b strings.Builder
	counts := map[Result]int{}
	accepted := 0
	head := "| case | stack | flags | result | what differs from the expected |"
	sep := "|---|---|---|---|---|"
	if withBuild {
		head += " built and run |"
		sep += "---|"
	}
	b.WriteString(head + "\n" + sep + "\n")
	for _, r := range rows {
		counts[r.Verdict.Result]++
		res := string(r.Verdict.Result)
		if r.Verdict.Accepted {
			accepted++
			res += " (names the fix)"
		}
		flags := strings.Join(r.Case.Flags, " ")
		if flags == "" {
			flags = "-"
		}
		diffs := "-"
		if len(r.Verdict.Diffs) > 0 {
			diffs = cell(strings.Join(r.Verdict.Diffs, "; "))
		}
		fmt.Fprintf(&b, "| %s | %s | `%s` | %s | %s |", r.Case.Name, r.Case.Stack, flags, res, diffs)
		if withBuild {
			built := r.Built
			if built == "" {
				built = "-"
			}
			fmt.Fprintf(&b, " %s |", cell(built))
		}
		b.WriteString("\n")
	}
	var parts []string
	for _, res := range []Result{Correct, Wrong, Refused, Error, Missing} {
		if n := counts[res]; n > 0 {
			s := fmt.Sprintf("%d %s", n, res)
			if res == Refused && accepted > 0 {
				s += fmt.Sprintf(" (%d naming the fix)", accepted)
			}
			parts = append(parts, s)
		}
	}
	fmt.Fprintf(&b, "\n%d cases: %s.\n", len(rows), strings.Join(parts, ", "))
	return b.String()
}

// ByStack is a per-stack summary: stack -> result -> count.
func ByStack(rows []Row) string {
	m := map[string]map[Result]int{}
	for _, r := range rows {
		if m[r.Case.Stack] == nil {
			m[r.Case.Stack] = map[Result]int{}
		}
		m[r.Case.Stack][r.Verdict.Result]++
	}
	var stacks []string
	for s := range m {
		stacks = append(stacks, s)
	}
	sort.Strings(stacks)
	var b strings.Builder
	b.WriteString("| stack | correct | wrong | refused | error | missing |\n|---|---|---|---|---|---|\n")
	for _, s := range stacks {
		c := m[s]
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d | %d |\n", s, c[Correct], c[Wrong], c[Refused], c[Error], c[Missing])
	}
	return b.String()
}

func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
