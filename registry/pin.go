package registry

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// DigestFunc resolves an image reference's tag to a digest.
type DigestFunc func(ctx context.Context, ref string) (string, error)

// Status says what pinning did, or would do, to one image.
type Status string

// Statuses of a Change.
const (
	Pinned    Status = "pinned"    // had no digest, now has one
	Refreshed Status = "refreshed" // had a digest the tag no longer points to
	Current   Status = "current"   // already pinned to the tag's digest
	Skipped   Status = "skipped"   // a digest without a tag: nothing to refresh from
)

// Change is one image reference of a Dockerfile.
type Change struct {
	Line     int
	Old, New string
	Status   Status
}

// Pin resolves every base image of a Dockerfile (and a # syntax= frontend)
// to tag@sha256:digest, keeping the tags so people and update bots can read
// them. Stage references, scratch and images named by build arguments are
// left alone. It returns the new content and what changed; on any error it
// returns no content, so callers leave the file untouched.
func Pin(ctx context.Context, data []byte, digest DigestFunc) ([]byte, []Change, error) {
	res, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, nil, fmt.Errorf("parsing Dockerfile: %w", err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	var changes []Change
	pin := func(lineIdx int, ref string) error {
		r, err := Parse(ref)
		if err != nil {
			return fmt.Errorf("line %d: %w", lineIdx+1, err)
		}
		if r.Tag == "" && r.Digest != "" {
			changes = append(changes, Change{lineIdx + 1, ref, ref, Skipped})
			return nil
		}
		d, err := digest(ctx, ref)
		if err != nil {
			return err
		}
		status := Pinned
		switch {
		case r.Digest == d:
			status = Current
		case r.Digest != "":
			status = Refreshed
		}
		withTag := ref
		if r.Tag == "" {
			withTag += ":latest"
		}
		if at := strings.LastIndex(withTag, "@"); at >= 0 {
			withTag = withTag[:at]
		}
		pinned := withTag + "@" + d
		changes = append(changes, Change{lineIdx + 1, ref, pinned, status})
		if status == Current {
			return nil
		}
		return replaceToken(lines, lineIdx, ref, pinned)
	}

	if l, ref, ok := syntaxDirective(lines); ok {
		if err := pin(l, ref); err != nil {
			return nil, nil, err
		}
	}
	stages := map[string]bool{}
	for _, n := range res.AST.Children {
		if !strings.EqualFold(n.Value, "from") || n.Next == nil {
			continue
		}
		ref := n.Next.Value
		if stages[strings.ToLower(ref)] || strings.EqualFold(ref, "scratch") || strings.Contains(ref, "$") {
			stageAfter(stages, n)
			continue
		}
		if err := pin(n.StartLine-1, ref); err != nil {
			return nil, nil, err
		}
		stageAfter(stages, n)
	}
	return []byte(strings.Join(lines, "")), changes, nil
}

// stageAfter records the stage a FROM names, so later FROMs that use it as
// a base are known to be stages, not images.
func stageAfter(stages map[string]bool, n *parser.Node) {
	if as := n.Next.Next; as != nil && strings.EqualFold(as.Value, "as") && as.Next != nil {
		stages[strings.ToLower(as.Next.Value)] = true
	}
}

var syntaxRE = regexp.MustCompile(`^#\s*syntax\s*=\s*(\S+)\s*$`)

// syntaxDirective finds a # syntax= line among the parser directives at the
// top of the file.
func syntaxDirective(lines []string) (int, string, bool) {
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if !strings.HasPrefix(l, "#") {
			return 0, "", false
		}
		if m := syntaxRE.FindStringSubmatch(l); m != nil {
			return i, m[1], true
		}
	}
	return 0, "", false
}

// replaceToken swaps the first whitespace-delimited occurrence of old on the
// instruction's line (or the lines continuing it) for new.
func replaceToken(lines []string, start int, old, new string) error {
	re := regexp.MustCompile(`(^|[\s=])` + regexp.QuoteMeta(old) + `(\s|$)`)
	for i := start; i < len(lines); i++ {
		if loc := re.FindStringSubmatchIndex(lines[i]); loc != nil {
			lines[i] = lines[i][:loc[3]] + new + lines[i][loc[4]:]
			return nil
		}
		if !strings.HasSuffix(strings.TrimRight(lines[i], "\r\n"), "\\") {
			break
		}
	}
	return fmt.Errorf("line %d: could not find %s to pin it", start+1, old)
}
