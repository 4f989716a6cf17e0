// Package combine joins the Dockerfiles of services that share one build
// context into one Dockerfile with a target per service. Stages that are
// the same in several services are written once; the stages of one
// service's own are prefixed with its name; each service's last stage
// becomes the target named after it. Stages that differ only in their last
// steps stay apart: BuildKit runs their equal steps once, since the steps
// have the same inputs and so the same cache key.
package combine

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
)

// Part is one service's Dockerfile.
type Part struct {
	// Target is the name the service's last stage takes: a lowercase stage
	// name.
	Target     string
	Dockerfile []byte
}

var (
	fromRE   = regexp.MustCompile(`(?i)^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?\s*$`)
	targetRE = regexp.MustCompile(`^[a-z][a-z0-9_.-]{0,62}$`)
	// buildLine is the header's "docker build -t NAME" hint.
	buildLine = regexp.MustCompile(`docker build -t (\S+) `)
)

// stage is one FROM and what follows it, with the comment block that
// introduces it.
type stage struct {
	name  string // the AS name, "" for an unnamed stage
	base  string // the FROM image or stage
	lines []string
}

// Dockerfiles joins parts, in order, into one Dockerfile.
func Dockerfiles(parts []Part) ([]byte, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("no Dockerfiles to combine")
	}
	type parsed struct {
		head   []string
		stages []stage
	}
	var all []parsed
	seen := map[string]bool{}
	for _, p := range parts {
		if !targetRE.MatchString(p.Target) {
			return nil, fmt.Errorf("target %q is not a stage name: use lowercase letters, digits, '-', '_' or '.', starting with a letter", p.Target)
		}
		if seen[p.Target] {
			return nil, fmt.Errorf("two services are both called %q; rename one", p.Target)
		}
		seen[p.Target] = true
		head, stages, err := split(p.Dockerfile)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.Target, err)
		}
		all = append(all, parsed{head, stages})
	}

	// Pass 1: give every stage a canonical key, its text with the stage's
	// own name left out and references to earlier stages replaced by their
	// keys' ids, so equal stages of different services get equal keys.
	ids := map[string]int{}
	var keys []string
	var users []map[int]bool // id -> the parts that use it
	stageID := make([][]int, len(all))
	for i, p := range all {
		local := map[string]int{}
		for j, st := range p.stages {
			text := canonical(st, local)
			id, ok := ids[text]
			if !ok || j == len(p.stages)-1 {
				id = len(keys)
				ids[text] = id
				keys = append(keys, text)
				users = append(users, map[int]bool{})
			}
			users[id][i] = true
			stageID[i] = append(stageID[i], id)
			if st.name != "" {
				local[strings.ToLower(st.name)] = id
			}
		}
	}

	// Pass 2: name each stage: a service's last stage after the service,
	// a shared stage by its own name, any other with the service's prefix.
	names := map[int]string{}
	taken := map[string]bool{}
	for _, p := range parts {
		taken[p.Target] = true
	}
	for i, p := range all {
		for j, st := range p.stages {
			id := stageID[i][j]
			if _, done := names[id]; done {
				continue
			}
			var name string
			switch {
			case j == len(p.stages)-1:
				name = parts[i].Target
			case len(users[id]) > 1 && st.name != "":
				name = strings.ToLower(st.name)
			default:
				name = parts[i].Target + "-" + strings.ToLower(st.name)
			}
			if j != len(p.stages)-1 {
				for base, n := name, 2; taken[name]; n++ {
					name = fmt.Sprintf("%s-%d", base, n)
				}
			}
			taken[name] = true
			names[id] = name
		}
	}

	// Pass 3: write the header, then each stage once, where it first
	// appears.
	var out bytes.Buffer
	writeHead(&out, parts, all[0].head, func(i int) []string { return all[i].head })
	written := map[int]bool{}
	for i, p := range all {
		local := map[string]string{}
		for j, st := range p.stages {
			id := stageID[i][j]
			if st.name != "" {
				local[strings.ToLower(st.name)] = names[id]
			}
			if written[id] {
				continue
			}
			written[id] = true
			out.WriteString("\n")
			for k, line := range st.lines {
				if k == firstFrom(st.lines) {
					line = renameFrom(line, local, names[id])
				} else {
					line = renameRefs(line, local)
				}
				out.WriteString(line + "\n")
			}
		}
	}
	return out.Bytes(), nil
}

// writeHead writes the parser directives once, then each service's header
// comment with its build hint naming the target.
func writeHead(out *bytes.Buffer, parts []Part, first []string, head func(int) []string) {
	for _, l := range first {
		if isDirective(l) {
			out.WriteString(l + "\n")
		}
	}
	var names []string
	for _, p := range parts {
		names = append(names, p.Target)
	}
	fmt.Fprintf(out, "# One Dockerfile, one target per service: %s.\n", strings.Join(names, ", "))
	fmt.Fprintf(out, "# docker buildx bake builds them all (see docker-bake.hcl).\n")
	for i, p := range parts {
		out.WriteString("#\n")
		for _, l := range head(i) {
			if isDirective(l) || strings.TrimSpace(l) == "" {
				continue
			}
			l = buildLine.ReplaceAllString(l, "docker build --target "+p.Target+" -t $1 ")
			out.WriteString(l + "\n")
		}
	}
}

func isDirective(l string) bool {
	l = strings.ToLower(strings.ReplaceAll(l, " ", ""))
	for _, d := range []string{"#syntax=", "#check=", "#escape="} {
		if strings.HasPrefix(l, d) {
			return true
		}
	}
	return false
}

// split cuts a Dockerfile into the lines before its first stage and its
// stages; a stage owns the comment block right above its FROM.
func split(df []byte) ([]string, []stage, error) {
	lines := strings.Split(strings.TrimRight(string(df), "\n"), "\n")
	var starts []int
	for i, l := range lines {
		if fromRE.MatchString(l) {
			start := i
			for start > 0 && strings.HasPrefix(lines[start-1], "#") && !isDirective(lines[start-1]) {
				start--
			}
			starts = append(starts, start)
		} else if strings.HasPrefix(strings.ToUpper(strings.TrimSpace(l)), "FROM ") {
			return nil, nil, fmt.Errorf("line %d: a FROM this package cannot read: %q", i+1, l)
		}
	}
	if len(starts) == 0 {
		return nil, nil, fmt.Errorf("no FROM line")
	}
	// The header is everything up to the first stage's comment block.
	head := lines[:starts[0]]
	var stages []stage
	for k, start := range starts {
		end := len(lines)
		if k+1 < len(starts) {
			end = starts[k+1]
		}
		body := trimBlank(lines[start:end])
		st := stage{lines: body}
		m := fromRE.FindStringSubmatch(body[firstFrom(body)])
		st.base, st.name = m[1], m[2]
		stages = append(stages, st)
	}
	return head, stages, nil
}

func trimBlank(lines []string) []string {
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

func firstFrom(lines []string) int {
	for i, l := range lines {
		if fromRE.MatchString(l) {
			return i
		}
	}
	return 0
}

// canonical is the stage's text with its own name dropped and references
// to earlier stages written as their ids.
func canonical(st stage, local map[string]int) string {
	ids := map[string]string{}
	for k, v := range local {
		ids[k] = fmt.Sprintf("\x00%d\x00", v)
	}
	var b strings.Builder
	for k, line := range st.lines {
		if k == firstFrom(st.lines) {
			line = renameFrom(line, ids, "")
		} else {
			line = renameRefs(line, ids)
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

var refRE = regexp.MustCompile(`(--from=|\bfrom=)([A-Za-z0-9_.-]+)`)

// renameRefs rewrites --from= and mount from= references to stages.
func renameRefs(line string, names map[string]string) string {
	return refRE.ReplaceAllStringFunc(line, func(m string) string {
		sub := refRE.FindStringSubmatch(m)
		if n, ok := names[strings.ToLower(sub[2])]; ok {
			return sub[1] + n
		}
		return m
	})
}

// renameFrom rewrites a FROM line: its base when that is an earlier stage,
// and its own name (none when name is "").
func renameFrom(line string, names map[string]string, name string) string {
	m := fromRE.FindStringSubmatchIndex(line)
	base := line[m[2]:m[3]]
	if n, ok := names[strings.ToLower(base)]; ok {
		base = n
	}
	out := line[:m[2]] + base
	if name != "" {
		out += " AS " + name
	}
	return out
}
