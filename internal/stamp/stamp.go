// Package stamp records in a generated file what made it: one comment line
// with the dockerize version and the sha256 of the file's text without that
// line. Verify tells an unedited file from an edited one; the line survives
// edits anywhere else, so check and upgrade can tell whose change is whose.
//
// The line goes right after the file's leading comment block (the header
// dockerize writes, which already names the version), not at the end:
// parser directives (# syntax=, # escape=) stay above it, and the end of a
// Dockerfile or a .dockerignore is where people add lines, so a trailing
// stamp would soon sit in the middle. The line holds no "=", so BuildKit
// never reads it as a directive, and .dockerignore reads any "#" line as a
// comment.
package stamp

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// prefix starts every stamp line; Parse looks for it on any line.
const prefix = "# dockerize-stamp: "

// Stamp is what a stamp line says.
type Stamp struct {
	Version string // the dockerize release that generated the file
	Digest  string // hex sha256 of the generated text without the stamp line
	Line    int    // 1-based line of the stamp in the text it was read from
}

// ErrNone means the text carries no stamp: written by hand, made by an older
// dockerize, or the line was deleted.
var ErrNone = errors.New("no dockerize stamp")

var (
	validVersion = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z.+-]{0,63}$`)
	stampLine    = regexp.MustCompile(`^# dockerize-stamp: (\S+) sha256:([0-9a-f]{64})(?: \(of this file without this line\))?\r?$`)
)

// Add stamps generated text with version, after its leading comment block.
// The text must not carry a stamp already (a team template that copied one
// would make every file look edited).
func Add(text, version string) (string, error) {
	if !validVersion.MatchString(version) {
		return "", fmt.Errorf("stamping: version %q is not a release name", version)
	}
	if s, err := Parse(text); !errors.Is(err, ErrNone) {
		return "", fmt.Errorf("stamping: the generated text has a stamp line already (line %d); remove it from the template", s.Line)
	}
	return insert(text, Stamp{Version: version, Digest: Sum(text)}), nil
}

// Put gives text the stamp s in place of every stamp line it has (damaged
// or copied ones too): after a merge, the merged text carries the stamp of
// the text dockerize generated, so Verify reads the merged file as edited,
// which it is.
func Put(text string, s Stamp) string {
	return insert(Strip(text), s)
}

// Strip removes every line that starts like a stamp, readable or not.
func Strip(text string) string {
	var kept []string
	for _, l := range strings.SplitAfter(text, "\n") {
		if !strings.HasPrefix(l, prefix) {
			kept = append(kept, l)
		}
	}
	return strings.Join(kept, "")
}

// String is the stamp line, without its newline.
func (s Stamp) String() string {
	return fmt.Sprintf("%s%s sha256:%s (of this file without this line)", prefix, s.Version, s.Digest)
}

// insert puts the stamp line after the leading comment block.
func insert(text string, s Stamp) string {
	lines := strings.SplitAfter(text, "\n")
	at := 0
	for at < len(lines) && strings.HasPrefix(lines[at], "#") && strings.HasSuffix(lines[at], "\n") {
		at++
	}
	out := append(append(lines[:at:at], s.String()+"\n"), lines[at:]...)
	return strings.Join(out, "")
}

// Parse finds the stamp on any line of text. A line that starts like a
// stamp but does not read as one is an error that names it; several stamps
// are read as the first (the others make the text count as edited).
func Parse(text string) (Stamp, error) {
	for i, l := range strings.Split(text, "\n") {
		if !strings.HasPrefix(l, prefix) {
			continue
		}
		m := stampLine.FindStringSubmatch(l)
		if m == nil || !validVersion.MatchString(m[1]) {
			return Stamp{Line: i + 1}, fmt.Errorf("line %d looks like a dockerize stamp but is damaged (%q); restore it from version control, or run dockerize init --force to regenerate", i+1, clip(l))
		}
		return Stamp{Version: m[1], Digest: m[2], Line: i + 1}, nil
	}
	return Stamp{}, ErrNone
}

// Content is text without its stamp line: what the generator rendered,
// when the text is unedited. Text without a stamp comes back as it is.
func Content(text string) string {
	s, err := Parse(text)
	if s.Line == 0 || err != nil {
		return text
	}
	lines := strings.SplitAfter(text, "\n")
	return strings.Join(append(lines[:s.Line-1:s.Line-1], lines[s.Line:]...), "")
}

// Verify reads text's stamp and reports whether the text is as generated.
// Line endings do not count: a CRLF checkout of an LF file is unedited.
func Verify(text string) (s Stamp, unedited bool, err error) {
	s, err = Parse(text)
	if err != nil {
		return s, false, err
	}
	return s, Sum(Content(text)) == s.Digest, nil
}

// Sum is the digest a stamp records for text: hex sha256, with CRLF line
// endings read as LF.
func Sum(text string) string {
	sum := sha256.Sum256([]byte(strings.ReplaceAll(text, "\r\n", "\n")))
	return hex.EncodeToString(sum[:])
}

func clip(s string) string {
	if len(s) > 100 {
		return s[:100] + "..."
	}
	return s
}
