package detect

import (
	"bufio"
	"bytes"
	"io/fs"
	"strings"
)

// gitignorePatterns converts .gitignore lines to .dockerignore patterns.
// .gitignore patterns without a slash match at any depth and a leading slash
// anchors them at the root; .dockerignore patterns are always relative to
// the root, so the first get a **/ prefix and the second lose the slash.
func gitignorePatterns(data []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		neg := ""
		if strings.HasPrefix(line, "!") {
			neg, line = "!", line[1:]
		}
		line = strings.TrimSuffix(line, "/")
		switch {
		case line == "" || line == "*":
			continue
		case strings.HasPrefix(line, "/"):
			line = strings.TrimPrefix(line, "/")
		case !strings.Contains(line, "/") && !strings.HasPrefix(line, "**"):
			line = "**/" + line
		}
		out = append(out, neg+line)
	}
	return out
}

// readGitignore records the root .gitignore as .dockerignore patterns. One
// that exists but cannot be read is an error: dropping it would send what
// the project means to keep out.
func readGitignore(fsys fs.FS, p *Project) error {
	data, err := readOptional(fsys, ".gitignore")
	if err != nil {
		return err
	}
	p.Gitignore = gitignorePatterns(data)
	return nil
}
