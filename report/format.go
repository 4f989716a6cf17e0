package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Formats are the output formats Write knows.
func Formats() []string { return []string{"text", "json", "html"} }

// Write writes the report in format.
func Write(w io.Writer, format string, r *Report) error {
	switch format {
	case "text":
		return writeText(w, r)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	case "html":
		return writeHTML(w, r)
	}
	return fmt.Errorf("--format %q is not known; use %s", format, strings.Join(Formats(), ", "))
}

// Cells returns a row's columns as the text and HTML tables show them.
func (row Row) Cells() []string {
	df := "no"
	if row.Dockerfile {
		df = "yes"
	}
	findings := "-"
	if row.Dockerfile {
		findings = fmt.Sprintf("%d/%d/%d", row.Findings["error"], row.Findings["warning"], row.Findings["info"])
	}
	behind := "-"
	if row.Behind != nil {
		behind = row.Behind.String()
	}
	return []string{row.Path, row.Stack, df, findings, orDash(row.Pinning), orDash(row.Base), orDash(row.Version), behind, orDash(row.Drift)}
}

// Header names the columns of Cells.
func Header() []string {
	return []string{"REPOSITORY", "STACK", "DOCKERFILE", "ERR/WARN/INFO", "PINNED", "BASE IMAGE", "VERSION", "BEHIND", "DRIFT"}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func writeText(w io.Writer, r *Report) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(Header(), "\t"))
	for _, row := range r.Rows {
		fmt.Fprintln(tw, strings.Join(cleanCells(row.Cells()), "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, row := range r.Rows {
		if row.Problem != "" {
			fmt.Fprintf(w, "%s: %s\n", clean(row.Path), clean(row.Problem))
		}
	}
	s := summarise(r)
	_, err := fmt.Fprintf(w, "%d repositories, %d with a Dockerfile, %d pinned (exact tag or digest); findings %d error, %d warning, %d info; releases as of %s\n",
		len(r.Rows), s.Dockerfiles, s.Pinned, s.Severity["error"], s.Severity["warning"], s.Severity["info"], r.AsOf)
	return err
}

// clean keeps a project's text from breaking the table or the terminal:
// control characters (tabs, newlines, escapes) become spaces.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

func cleanCells(cells []string) []string {
	for i := range cells {
		cells[i] = clean(cells[i])
	}
	return cells
}

type summary struct {
	Dockerfiles, Pinned int
	Severity            map[string]int
	Rules               []count // findings per rule, most first
	Bases               []count // repositories per base image name, most first
}

type count struct {
	Name string
	N    int
}

func summarise(r *Report) summary {
	s := summary{Severity: map[string]int{}}
	rules, bases := map[string]int{}, map[string]int{}
	for _, row := range r.Rows {
		if row.Dockerfile {
			s.Dockerfiles++
		}
		if row.Pinning == "exact" || row.Pinning == "digest" {
			s.Pinned++
		}
		for k, n := range row.Findings {
			s.Severity[k] += n
		}
		for k, n := range row.Rules {
			rules[k] += n
		}
		if row.BaseName != "" {
			bases[row.BaseName]++
		}
	}
	s.Rules, s.Bases = sorted(rules), sorted(bases)
	return s
}

func sorted(m map[string]int) []count {
	out := make([]count, 0, len(m))
	for k, n := range m {
		out = append(out, count{k, n})
	}
	// Most first; ties by name, so the output is stable.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && (out[j].N > out[j-1].N || out[j].N == out[j-1].N && out[j].Name < out[j-1].Name); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
