package detect

import (
	"bytes"
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
		data, err := readBounded(fsys, name)
		if err != nil {
			continue
		}
		res, err := parser.Parse(bytes.NewReader(data))
		if err != nil {
			continue
		}
		out := map[string]projectEnv{}
		// Only the last stage runs.
		for _, n := range res.AST.Children {
			switch strings.ToLower(n.Value) {
			case "from":
				clear(out)
			case "env":
				for kv := n.Next; kv != nil && kv.Next != nil && kv.Next.Next != nil; kv = kv.Next.Next.Next {
					key, value := kv.Value, unquoteEnv(kv.Next.Value)
					if strings.ContainsAny(value, "$`\\") {
						continue
					}
					out[key] = projectEnv{value, fmt.Sprintf("%s: ENV %s=%s, in the project's own Dockerfile", name, key, truncate(value, 40))}
				}
			}
		}
		return out
	}
	return nil
}

// unquoteEnv takes the quotes off an ENV value as the Dockerfile reads it.
func unquoteEnv(v string) string {
	if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'') {
		return v[1 : len(v)-1]
	}
	return v
}
