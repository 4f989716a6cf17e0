package detect

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// PythonSpec is a parsed Python version range: alternatives (Poetry's ||)
// of clauses that must all hold (PEP 440's comma).
type PythonSpec struct {
	any [][]pyClause
}

type pyClause struct {
	op  string // ==, !=, <, <=, >, >=, ~=, ==* (prefix match), !=* (prefix exclusion)
	ver [3]int
	n   int // how many parts ver was written with
}

var errSpec = errors.New("not a Python version range (PEP 440 like >=3.11,<3.13, or Poetry's ^3.11)")

// ParsePythonSpec parses requires-python (PEP 440 specifiers) and Poetry's
// python constraint (^3.11, ~3.11, 3.11.*, alternatives with ||).
func ParsePythonSpec(s string) (PythonSpec, error) {
	var spec PythonSpec
	if len(s) > 200 {
		return spec, errSpec
	}
	for _, alt := range strings.Split(s, "||") {
		var all []pyClause
		// Poetry also separates clauses with spaces: ">=3.9 <3.13".
		parts := strings.FieldsFunc(alt, func(r rune) bool { return r == ',' })
		var fields []string
		for _, p := range parts {
			fields = append(fields, splitSpaced(p)...)
		}
		if len(fields) == 0 {
			return spec, errSpec
		}
		for _, f := range fields {
			cs, err := parseClause(f)
			if err != nil {
				return spec, err
			}
			all = append(all, cs...)
		}
		spec.any = append(spec.any, all)
	}
	return spec, nil
}

// splitSpaced splits "  >=3.9 <3.13" into its clauses, keeping ">= 3.9"
// together.
func splitSpaced(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		if len(out) > 0 && strings.Trim(out[len(out)-1], "<>=!~^") == "" {
			out[len(out)-1] += f
			continue
		}
		out = append(out, f)
	}
	return out
}

func parseClause(s string) ([]pyClause, error) {
	op := ""
	for _, o := range []string{"===", "~=", "==", "!=", "<=", ">=", "<", ">", "^", "~", "="} {
		if strings.HasPrefix(s, o) {
			op = o
			break
		}
	}
	v := strings.TrimSpace(s[len(op):])
	if v == "*" && (op == "" || op == "==") {
		return nil, nil
	}
	wild := strings.HasSuffix(v, ".*")
	v = strings.TrimSuffix(v, ".*")
	ver, n, err := parsePyVersion(v)
	if err != nil {
		return nil, err
	}
	switch op {
	case "", "=", "==", "===":
		if wild {
			return []pyClause{{"==*", ver, n}}, nil
		}
		if op == "" && n < 3 {
			// Poetry: a bare 3.11 means 3.11.*
			return []pyClause{{"==*", ver, n}}, nil
		}
		return []pyClause{{"==", ver, n}}, nil
	case "!=":
		if wild {
			return []pyClause{{"!=*", ver, n}}, nil
		}
		return []pyClause{{"!=", ver, n}}, nil
	case "~=":
		if n < 2 || wild {
			return nil, fmt.Errorf("%q: ~= needs at least two version parts", s)
		}
		return []pyClause{{">=", ver, n}, {"==*", ver, n - 1}}, nil
	case "^":
		// ^3.11 allows >=3.11,<4; ^0.3 would be <0.4, irrelevant for Python.
		return []pyClause{{">=", ver, n}, {"==*", ver, 1}}, nil
	case "~":
		// ~3.11 and ~3.11.2 allow >=that,<3.12; ~3 allows 3.*.
		keep := n
		if keep > 2 {
			keep = 2
		}
		return []pyClause{{">=", ver, n}, {"==*", ver, keep}}, nil
	default:
		if wild {
			return nil, fmt.Errorf("%q: a wildcard only goes with == or !=", s)
		}
		return []pyClause{{op, ver, n}}, nil
	}
}

// parsePyVersion reads 3, 3.11 or 3.11.4 (pre-release tags are refused).
func parsePyVersion(s string) ([3]int, int, error) {
	var v [3]int
	parts := strings.Split(s, ".")
	if s == "" || len(parts) > 3 {
		return v, 0, fmt.Errorf("%q: %w", s, errSpec)
	}
	for i, p := range parts {
		if p == "" || len(p) > 4 {
			return v, 0, fmt.Errorf("%q: %w", s, errSpec)
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return v, 0, fmt.Errorf("%q: %w", s, errSpec)
		}
		v[i] = n
	}
	return v, len(parts), nil
}

func cmpVersion(a, b [3]int) int {
	for i := range a {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

func (c pyClause) holds(v [3]int) bool {
	switch c.op {
	case "==*", "!=*":
		match := true
		for i := 0; i < c.n; i++ {
			match = match && v[i] == c.ver[i]
		}
		return match == (c.op == "==*")
	}
	d := cmpVersion(v, c.ver)
	switch c.op {
	case "==":
		return d == 0
	case "!=":
		return d != 0
	case "<":
		return d < 0
	case "<=":
		return d <= 0
	case ">":
		return d > 0
	case ">=":
		return d >= 0
	}
	return false
}

// AllowsMinor reports whether some release of Python major.minor satisfies
// the spec: an image tag like python:3.12 names the newest 3.12.x, so
// ">=3.12.4" allows 3.12 and "<3.12" does not.
func (s PythonSpec) AllowsMinor(major, minor int) bool {
	for _, all := range s.any {
		// The patches that satisfy a clause form intervals whose ends are
		// the patches the clauses name; trying those, their neighbours,
		// 0 and a large patch is enough.
		cands := map[int]bool{0: true, 9999: true}
		for _, c := range all {
			if c.ver[0] == major && c.ver[1] == minor {
				for _, d := range []int{-1, 0, 1} {
					if p := c.ver[2] + d; p >= 0 {
						cands[p] = true
					}
				}
			}
		}
		for p := range cands {
			ok := true
			for _, c := range all {
				ok = ok && c.holds([3]int{major, minor, p})
			}
			if ok {
				return true
			}
		}
	}
	return false
}

// NewestPython picks the newest of the supported minors ("3.13", "3.12",
// ...) that the spec allows.
func NewestPython(spec string, supported []string) (string, error) {
	s, err := ParsePythonSpec(spec)
	if err != nil {
		return "", err
	}
	best, bestV := "", [3]int{-1}
	for _, m := range supported {
		v, n, err := parsePyVersion(m)
		if err != nil || n != 2 {
			continue
		}
		if s.AllowsMinor(v[0], v[1]) && cmpVersion(v, bestV) > 0 {
			best, bestV = m, v
		}
	}
	if best == "" {
		return "", fmt.Errorf("no supported Python (%s) satisfies %q; pass --python-version", strings.Join(supported, ", "), spec)
	}
	return best, nil
}
