// Package dfvalue holds the only values a plan hands to the Dockerfile and
// .dockerignore templates. Each type is built by a validating constructor
// and prints, through String, text that is already correct for where the
// templates use it: a path that needs no quoting in COPY, a shell or JSON
// array; a shell command whose arguments are quoted; an exec-form array
// written by a JSON encoder; an image reference parsed as the engine does; a
// label value that the Dockerfile parser neither splits nor expands.
// A value from the project that fails is refused with an error that says
// what is wrong with it, so a project can never add an instruction.
package dfvalue

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-containerregistry/pkg/name"
)

// ErrUnsafe marks a value dockerize will not write into a Dockerfile.
var ErrUnsafe = errors.New("cannot be written into a Dockerfile")

// maxLen bounds every value: nothing a Dockerfile needs is longer.
const maxLen = 4096

func unsafe(s, why string) error {
	return fmt.Errorf("%s %w: %s", Quote(s), ErrUnsafe, why)
}

// Quote shows a value in an error or on a terminal: Go-quoted, so control
// characters, line separators and invalid UTF-8 are visible escapes, and
// cut short when long.
func Quote(s string) string {
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return fmt.Sprintf("%+q", s)
}

// checkText refuses what can never appear in a Dockerfile value: invalid
// UTF-8, control characters (a newline would end the instruction), the
// Unicode line and paragraph separators, and overlong values.
func checkText(s string) error {
	if len(s) > maxLen {
		return unsafe(s, fmt.Sprintf("it is longer than %d bytes", maxLen))
	}
	if !utf8.ValidString(s) {
		return unsafe(s, "it is not valid UTF-8")
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\ufeff' {
			return unsafe(s, fmt.Sprintf("it holds the control character %U", r))
		}
	}
	return nil
}

// plain reports whether r is safe unquoted in COPY, in a shell word and in
// a JSON string: letters, digits and ._@+-.
func plain(r rune) bool {
	return r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._@+-", r)) ||
		r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// Path is a clean relative path inside the build context, in slash form,
// every segment of letters, digits and ._@+- and none starting with "-".
// It prints as it is: it needs no quoting in COPY, RUN or JSON, and COPY
// neither expands nor globs it.
type Path struct{ s string }

// NewPath checks a relative path. "." is the context itself.
func NewPath(s string) (Path, error) {
	if err := checkText(s); err != nil {
		return Path{}, err
	}
	switch {
	case s == "":
		return Path{}, unsafe(s, "a path cannot be empty")
	case path.IsAbs(s) || strings.HasPrefix(s, `\`):
		return Path{}, unsafe(s, "it is absolute; use a path inside the project")
	case path.Clean(s) != s:
		return Path{}, unsafe(s, fmt.Sprintf("it is not a clean path (%s)", path.Clean(s)))
	case s == ".":
		return Path{s}, nil
	}
	for _, seg := range strings.Split(s, "/") {
		if seg == ".." {
			return Path{}, unsafe(s, "it leads out of the project")
		}
		if strings.HasPrefix(seg, "-") {
			return Path{}, unsafe(s, "a part of it starts with -, which a command takes for an option")
		}
		for _, r := range seg {
			if !plain(r) {
				return Path{}, unsafe(s, fmt.Sprintf("it holds %q, and a path here is letters, digits and ._@+- only", r))
			}
		}
	}
	return Path{s}, nil
}

// String returns the path as written in the Dockerfile.
func (p Path) String() string { return p.s }

// IsZero reports a path never set.
func (p Path) IsZero() bool { return p.s == "" }

// Join appends a checked path: p/q, or q when p is ".".
func (p Path) Join(q Path) Path {
	if p.s == "" || p.s == "." {
		return q
	}
	if q.s == "." || q.s == "" {
		return p
	}
	return Path{p.s + "/" + q.s}
}

// Dir returns p's parent directory ("." for a top-level name).
func (p Path) Dir() Path { return Path{path.Dir(p.s)} }

// Base returns p's last element as a Name.
func (p Path) Base() Name { return Name{path.Base(p.s)} }

// Rel is p as a relative command argument: "./p", or "." for the context.
func (p Path) Rel() Path {
	if p.s == "." {
		return p
	}
	return Path{"./" + p.s}
}

// DirDest is p as a COPY destination directory: "./p/", or "./".
func (p Path) DirDest() Path {
	if p.s == "." || p.s == "" {
		return Path{"./"}
	}
	return Path{"./" + p.s + "/"}
}

// Prefix is p as the start of a longer path: "p/", or "" for ".".
func (p Path) Prefix() Path {
	if p.s == "." || p.s == "" {
		return Path{}
	}
	return Path{p.s + "/"}
}

// Name is one path element (a binary, a jar): a Path without "/" that
// starts with neither "." nor "-".
type Name struct{ s string }

// NewName checks a file name.
func NewName(s string) (Name, error) {
	p, err := NewPath(s)
	if err != nil {
		return Name{}, err
	}
	if strings.Contains(s, "/") || strings.HasPrefix(s, ".") {
		return Name{}, unsafe(s, "a name is one file name, without / and not starting with .")
	}
	return Name{p.s}, nil
}

// String returns the name as written in the Dockerfile.
func (n Name) String() string { return n.s }

// Path returns the name as a one-element path.
func (n Name) Path() Path { return Path{n.s} }

// Word is one token the Dockerfile and the shell take as it is: a version,
// a package-manager spec, an option, an absolute directory of the image.
// It holds letters, digits and ._@+-:/=,%^ only, and "~" (Debian's
// version separator, 1:14.0-55.7~deb12u1) where no shell expands it: never
// first, never after ":" or "=".
type Word struct{ s string }

// tildeOK reports whether a "~" after prev stays literal in the shell: not
// first in a word (prev 0), not after ":" or "=".
func tildeOK(prev rune) bool { return prev != 0 && prev != ':' && prev != '=' }

// NewWord checks a token.
func NewWord(s string) (Word, error) {
	if err := checkText(s); err != nil {
		return Word{}, err
	}
	if s == "" {
		return Word{}, unsafe(s, "it is empty")
	}
	var prev rune
	for _, r := range s {
		if !(r < utf8.RuneSelf && (plain(r) || strings.ContainsRune(":/=,%^", r) || r == '~' && tildeOK(prev))) {
			return Word{}, unsafe(s, fmt.Sprintf("it holds %q, which the shell or the Dockerfile would read", r))
		}
		prev = r
	}
	return Word{s}, nil
}

// String returns the word.
func (w Word) String() string { return w.s }

// IsZero reports a word never set.
func (w Word) IsZero() bool { return w.s == "" }

// EnvKey is an environment variable name: [A-Za-z_][A-Za-z0-9_]*.
type EnvKey struct{ s string }

// NewEnvKey checks a variable name.
func NewEnvKey(s string) (EnvKey, error) {
	if err := checkText(s); err != nil {
		return EnvKey{}, err
	}
	for i, r := range s {
		if !(r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || i > 0 && r >= '0' && r <= '9') {
			return EnvKey{}, unsafe(s, "an environment variable name is letters, digits and _, not starting with a digit")
		}
	}
	if s == "" {
		return EnvKey{}, unsafe(s, "it is empty")
	}
	return EnvKey{s}, nil
}

// String returns the name.
func (k EnvKey) String() string { return k.s }

// IsZero reports a name never set.
func (k EnvKey) IsZero() bool { return k.s == "" }

// Shell is a command line for a RUN instruction, built from arguments that
// are quoted for the POSIX shell where they need it, and joined with &&.
type Shell struct{ s string }

// Command quotes each argument: a plain argument stays as it is, any other
// is put in single quotes, so no argument can end the command, start
// another or be expanded.
func Command(args ...string) (Shell, error) {
	if len(args) == 0 {
		return Shell{}, errors.New("a command needs at least the program")
	}
	var b strings.Builder
	for i, a := range args {
		if err := checkText(a); err != nil {
			return Shell{}, err
		}
		if a == "" {
			return Shell{}, unsafe(a, "an argument cannot be empty")
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(shellQuote(a))
	}
	return Shell{b.String()}, nil
}

// MustCommand is Command for arguments written in dockerize's own source;
// it panics on one that is not plain, a programming error. Never pass it
// project data.
func MustCommand(args ...string) Shell {
	s, err := Command(args...)
	if err != nil {
		panic(err)
	}
	return s
}

// ShellWord quotes s for a POSIX shell, for a command printed for the user
// to paste: a plain word stays as it is.
func ShellWord(s string) string { return shellQuote(s) }

func shellQuote(a string) string {
	var prev rune
	literal := a != ""
	for _, r := range a {
		if !(plain(r) || strings.ContainsRune(":/=,%^", r) || r == '~' && tildeOK(prev)) {
			literal = false
			break
		}
		prev = r
	}
	if literal {
		return a
	}
	return "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
}

// And runs next after s when s succeeds, on a continuation line.
func (s Shell) And(next Shell) Shell {
	if s.s == "" {
		return next
	}
	return Shell{s.s + " \\\n    && " + next.s}
}

// String returns the command line.
func (s Shell) String() string { return s.s }

// IsZero reports a command never set.
func (s Shell) IsZero() bool { return s.s == "" }

// Exec is an exec-form argument list for CMD or ENTRYPOINT, written by a
// JSON encoder, so no argument can turn it into shell form.
type Exec struct{ args []string }

// NewExec checks the arguments: text only, no control characters.
func NewExec(args ...string) (Exec, error) {
	if len(args) == 0 {
		return Exec{}, errors.New("an exec-form command needs at least the program")
	}
	for _, a := range args {
		if err := checkText(a); err != nil {
			return Exec{}, err
		}
	}
	return Exec{append([]string(nil), args...)}, nil
}

// Args returns a copy of the arguments.
func (e Exec) Args() []string { return append([]string(nil), e.args...) }

// String returns the JSON array, one space after each comma.
func (e Exec) String() string {
	parts := make([]string, len(e.args))
	for i, a := range e.args {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(a) // a string always encodes
		parts[i] = strings.TrimSuffix(b.String(), "\n")
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// Image is an image reference with a tag or digest, as the engine parses it.
type Image struct{ s string }

// NewImage parses ref with go-containerregistry (the registry's grammar)
// and requires a tag or a digest, so the image does not float.
func NewImage(ref string) (Image, error) {
	if err := checkText(ref); err != nil {
		return Image{}, err
	}
	r, err := name.ParseReference(ref)
	if err != nil {
		return Image{}, unsafe(ref, fmt.Sprintf("it is not an image reference (%v)", err))
	}
	if t, ok := r.(name.Tag); ok && !strings.Contains(ref[strings.LastIndex(ref, "/")+1:], ":"+t.TagStr()) {
		return Image{}, unsafe(ref, "it names no tag or digest, so the image would float; add one")
	}
	if strings.ContainsAny(ref, " \t$") {
		return Image{}, unsafe(ref, "an image reference has no spaces or $")
	}
	return Image{ref}, nil
}

// String returns the reference.
func (i Image) String() string { return i.s }

// IsZero reports an image never set.
func (i Image) IsZero() bool { return i.s == "" }

// Key is a label key: letters, digits and ._-/ (the OCI annotation form).
type Key struct{ s string }

// NewKey checks a label key.
func NewKey(s string) (Key, error) {
	if err := checkText(s); err != nil {
		return Key{}, err
	}
	if s == "" || strings.IndexFunc(s, func(r rune) bool {
		return !(r < utf8.RuneSelf && (plain(r) && r != '@' && r != '+' || r == '/'))
	}) >= 0 {
		return Key{}, unsafe(s, "a label key is letters, digits and ._-/ only")
	}
	return Key{s}, nil
}

// String returns the key.
func (k Key) String() string { return k.s }

// Quoted is free text for a LABEL or ENV value: printed in double quotes
// with \, " and $ escaped, so the Dockerfile parser neither splits it nor
// expands a variable in it.
type Quoted struct{ s string }

// NewQuoted checks the text (no control characters) and quotes it.
func NewQuoted(s string) (Quoted, error) {
	if err := checkText(s); err != nil {
		return Quoted{}, err
	}
	return Quoted{s}, nil
}

// Text returns the value unquoted.
func (q Quoted) Text() string { return q.s }

// String returns the value in double quotes.
func (q Quoted) String() string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, `$`, `\$`)
	return `"` + r.Replace(q.s) + `"`
}

// Comment is text for a # comment line: control characters and line
// separators become spaces, so it can never end the comment.
type Comment struct{ s string }

// NewComment flattens text into one comment line. It cannot fail.
func NewComment(s string) Comment {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) > maxLen {
		s = s[:maxLen]
		s = strings.ToValidUTF8(s, "")
	}
	f := strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\u0085'
	})
	return Comment{strings.Join(f, " ")}
}

// String returns the comment text.
func (c Comment) String() string { return c.s }

// ImageName is a repository name for `docker build -t`: lower case, made of
// [a-z0-9] separated by ., _ or -, derived from any text (the project's
// name), "app" when nothing is left.
type ImageName struct{ s string }

// NewImageName derives a valid image name from s. It cannot fail.
func NewImageName(s string) ImageName {
	var b strings.Builder
	pending := ""
	for _, r := range strings.ToLower(s) {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			pending += string(r)
			continue
		}
		if pending != "" && b.Len() > 0 {
			switch {
			case pending == "." || pending == "_" || pending == "__" || strings.Trim(pending, "-") == "":
				b.WriteString(pending)
			default:
				b.WriteByte('-')
			}
		}
		pending = ""
		b.WriteRune(r)
		if b.Len() >= 128 {
			break
		}
	}
	if b.Len() == 0 {
		return ImageName{"app"}
	}
	return ImageName{b.String()}
}

// String returns the name.
func (n ImageName) String() string { return n.s }

// Paths are COPY sources, printed separated by spaces.
type Paths []Path

// String returns the paths joined by spaces.
func (ps Paths) String() string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.s
	}
	return strings.Join(s, " ")
}
