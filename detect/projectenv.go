package detect

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// projectEnv is a variable the project's own Dockerfile sets with ENV.
type projectEnv struct {
	value, evidence string
}

// ownDockerfileEnv reads the ENV instructions of the Dockerfile the project
// ships (in dir, else the root, else docker/), for values its app needs at
// start. Values that expand a variable are not taken. A Dockerfile that
// dockerize wrote over the project's keeps the value, so the evidence names
// no line: a second run, on dockerize's own file, says the same.
func ownDockerfileEnv(fsys fs.FS, dir string) map[string]projectEnv {
	for _, name := range []string{path.Join(dir, "Dockerfile"), "Dockerfile", "docker/Dockerfile"} {
		nodes, _, ok := parseDockerfile(fsys, name)
		if !ok {
			continue
		}
		out := map[string]projectEnv{}
		for _, e := range lastStageEnv(nodes) {
			out[e.name] = projectEnv{e.value, fmt.Sprintf("%s: ENV %s=%s, in the project's own Dockerfile", name, e.name, truncate(e.value, 40))}
		}
		return out
	}
	return nil
}

// envVar is one variable an ENV instruction sets.
type envVar struct{ name, value string }

// lastStageEnv lists the variables the last stage's ENV instructions set,
// in order, with literal values only: one that expands a variable or holds
// a backslash or backtick is left out.
func lastStageEnv(nodes []*parser.Node) []envVar {
	var out []envVar
	for _, n := range nodes {
		switch strings.ToLower(n.Value) {
		case "from":
			out = nil // only the last stage runs
		case "env":
			for kv := n.Next; kv != nil && kv.Next != nil && kv.Next.Next != nil; kv = kv.Next.Next.Next {
				if value := unquoteEnv(kv.Next.Value); !strings.ContainsAny(value, "$`\\") {
					out = append(out, envVar{kv.Value, value})
				}
			}
		}
	}
	return out
}

// unquoteEnv takes the quotes off an ENV value as the Dockerfile reads it.
func unquoteEnv(v string) string {
	if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'') {
		return v[1 : len(v)-1]
	}
	return v
}

// startLine is one line of the project's own start: a boot script's line,
// or its Dockerfile's CMD or ENTRYPOINT, with where it is.
type startLine struct {
	text, at string
}

// startScripts are where projects keep the command their image runs.
var startScripts = []string{"boot.sh", "start.sh", "entrypoint.sh", "docker-entrypoint.sh", "run.sh", "scripts/start.sh", "scripts/boot.sh", "docker/entrypoint.sh"}

// projectStartLines reads the project's own start commands: the lines of
// its boot scripts, then the CMD and ENTRYPOINT of its Dockerfile's last
// stage (exec form joined with spaces), unless dockerize wrote that
// Dockerfile.
func projectStartLines(fsys fs.FS) []startLine {
	var out []startLine
	for _, name := range startScripts {
		data, err := readBounded(fsys, name)
		if err != nil {
			continue
		}
		for i, l := range strings.Split(string(data), "\n") {
			if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "#") {
				out = append(out, startLine{t, fmt.Sprintf("%s:%d", name, i+1)})
			}
		}
	}
	for _, name := range []string{"Dockerfile", "docker/Dockerfile"} {
		nodes, generated, ok := parseDockerfile(fsys, name)
		if generated {
			break // its CMD is dockerize's own choice, not the project's
		}
		if !ok {
			continue
		}
		var last []startLine
		for _, n := range nodes {
			switch v := strings.ToLower(n.Value); v {
			case "from":
				last = nil
			case "cmd", "entrypoint":
				var words []string
				for w := n.Next; w != nil; w = w.Next {
					words = append(words, w.Value)
				}
				last = append(last, startLine{strings.Join(words, " "), fmt.Sprintf("%s:%d: %s", name, n.StartLine, strings.ToUpper(v))})
			}
		}
		out = append(out, last...)
		break
	}
	return out
}
