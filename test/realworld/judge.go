package realworld

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/moby/patternmatcher"
)

// Result is the verdict on one case.
type Result string

// The verdicts, as the table shows them.
const (
	Correct Result = "correct"
	Wrong   Result = "wrong"
	Refused Result = "refused"
	Error   Result = "error"
	Missing Result = "missing"
)

// Output is what dockerize did on a case.
type Output struct {
	// Exit is dockerize init's exit code; Stderr what it said.
	Exit   int
	Stderr string
	// Stack is what dockerize detect reported ("" when it found none).
	Stack string
	// Dockerfile and Dockerignore are the files init wrote.
	Dockerfile   []byte
	Dockerignore []byte
	// IsDir says whether a project path is a directory in the project.
	IsDir func(string) bool
	// Today is the date images are judged at (YYYY-MM-DD).
	Today string
}

// Verdict is the result and every difference from the expectations.
type Verdict struct {
	Result Result
	Diffs  []string
	// Accepted is set on a refusal that names what to add (AcceptRefusal).
	Accepted bool
}

// Judge compares what dockerize did with what the case expects.
func Judge(c Case, out Output) Verdict {
	if out.Exit != 0 {
		msg := firstLine(out.Stderr)
		switch {
		case out.Exit < 0 || strings.Contains(out.Stderr, "panic:") || msg == "":
			return Verdict{Result: Error, Diffs: []string{fmt.Sprintf("exit %d: %s", out.Exit, oneLine(out.Stderr, 300))}}
		case c.AcceptRefusal != "" && regexp.MustCompile(c.AcceptRefusal).MatchString(out.Stderr):
			return Verdict{Result: Refused, Accepted: true, Diffs: []string{"refusal names what to do: " + oneLine(msg, 200)}}
		default:
			return Verdict{Result: Refused, Diffs: []string{"should produce an image; said: " + oneLine(msg, 200)}}
		}
	}
	df, err := ParseDockerfile(out.Dockerfile)
	if err != nil {
		return Verdict{Result: Error, Diffs: []string{err.Error()}}
	}
	var diffs []string
	add := func(format string, a ...any) { diffs = append(diffs, fmt.Sprintf(format, a...)) }
	if out.Stack != "" && stackOf(out.Stack) != c.Stack {
		add("stack: detected %s, the project is %s", out.Stack, c.Stack)
	}
	final := df.Final()
	e := c.Expect
	if e.Port != nil {
		want := strconv.Itoa(e.Port.Want)
		got := exposedPorts(final.Expose)
		if !contains(got, want) {
			add("port: EXPOSE %s, want %s (%s)", orNone(got), want, e.Port.Why)
		}
	}
	if e.Main != nil {
		if got := goBuildTargets(df.BuildRuns()); !mainMatches(got, e.Main.Want) {
			add("main: go build %s, want %s", orNone(got), e.Main.Want)
		}
	}
	for _, r := range e.Run {
		if !anyRunMatches(r.Any, final) {
			add("start: runs %s%s, want %s (%s)", argvString(final.Argv()), envNote(r.Any, final), describeRuns(r.Any), r.Why)
		}
	}
	if e.Runtime != nil && !regexp.MustCompile(e.Runtime.Want).MatchString(final.Base) {
		add("runtime: %s, want /%s/ (%s)", final.Base, e.Runtime.Want, e.Runtime.Why)
	}
	if e.Java != nil {
		if got := javaRelease(df.Images()); got != e.Java.Want {
			add("java: %s, want %s (%s)", orNone([]string{got}), e.Java.Want, e.Java.Why)
		}
	}
	if e.Go != nil {
		for _, im := range df.Images() {
			if v, ok := strings.CutPrefix(im, "golang:"); ok {
				if d := goSupported(v, out.Today); d != "" {
					add("go: %s: %s (%s)", im, d, e.Go.Why)
				}
			}
		}
	}
	if e.Files != nil {
		ignore := ignoreMatcher(out.Dockerignore)
		for _, f := range e.Files.Want {
			if d := checkFile(df, f, out.IsDir, ignore); d != "" {
				add("files: %s (%s)", d, e.Files.Why)
			}
		}
	}
	if e.Build != nil {
		for _, re := range e.Build.Want {
			if !anyMatch(re, df.BuildRuns()) {
				add("build: no RUN matches /%s/ (%s)", re, e.Build.Why)
			}
		}
	}
	if e.Copy != nil {
		var srcs []string
		for _, cp := range final.Copies {
			if cp.From >= 0 {
				srcs = append(srcs, cp.Sources...)
			}
		}
		for _, re := range e.Copy.Want {
			if !anyMatch(re, srcs) {
				add("copy: final stage copies %s, want /%s/ (%s)", orNone(srcs), re, e.Copy.Why)
			}
		}
	}
	if e.Header != nil {
		for _, re := range e.Header.Want {
			if !anyMatch(re, df.Comments) {
				add("header: nothing says /%s/ (%s)", re, e.Header.Why)
			}
		}
	}
	// Every case: the images named must exist.
	for _, im := range df.Images() {
		if d := imageExists(im, out.Today); d != "" {
			add("image: %s", d)
		}
	}
	if len(diffs) > 0 {
		return Verdict{Result: Wrong, Diffs: diffs}
	}
	return Verdict{Result: Correct}
}

// stackOf maps dockerize's stack names onto the cases' (a Maven project
// is the java stack).
func stackOf(detected string) string {
	if detected == "maven" || detected == "gradle" {
		return "java"
	}
	return detected
}

func exposedPorts(expose []string) []string {
	var out []string
	for _, p := range expose {
		for _, f := range strings.Fields(p) {
			out = append(out, strings.TrimSuffix(f, "/tcp"))
		}
	}
	return out
}

var goBuildRE = regexp.MustCompile(`go build\b[^&;|]*`)

// goBuildTargets are the last words of every `go build` in the RUN lines.
func goBuildTargets(runs []string) []string {
	var out []string
	for _, r := range runs {
		for _, m := range goBuildRE.FindAllString(r, -1) {
			f := strings.Fields(m)
			t := f[len(f)-1]
			if t == "build" || strings.HasPrefix(t, "-") {
				t = "."
			}
			out = append(out, t)
		}
	}
	return out
}

func mainMatches(got []string, want string) bool {
	w := path.Clean(strings.TrimPrefix(want, "./"))
	for _, g := range got {
		g = path.Clean(strings.TrimPrefix(g, "./"))
		if g == w || strings.HasSuffix(g, "/"+w) {
			return true
		}
	}
	return false
}

func anyRunMatches(alts []Run, st *Stage) bool {
	for _, a := range alts {
		if len(a.Cmd) > 0 && (st.ShellForm || !argvMatch(a.Cmd, st.Argv())) {
			continue
		}
		ok := true
		for k, re := range a.Env {
			v, set := st.Env[k]
			if !set || !regexp.MustCompile("^(?:"+re+")$").MatchString(v) {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// argvMatch matches argv against patterns: in an element * is any text;
// the element "..." is any run of elements.
func argvMatch(pat, argv []string) bool {
	if len(pat) == 0 {
		return len(argv) == 0
	}
	if pat[0] == "..." {
		for i := 0; i <= len(argv); i++ {
			if argvMatch(pat[1:], argv[i:]) {
				return true
			}
		}
		return false
	}
	return len(argv) > 0 && wordMatch(pat[0], argv[0]) && argvMatch(pat[1:], argv[1:])
}

func wordMatch(pat, s string) bool {
	re := "^" + strings.ReplaceAll(regexp.QuoteMeta(pat), `\*`, ".*") + "$"
	return regexp.MustCompile(re).MatchString(s)
}

func argvString(argv []string) string {
	if len(argv) == 0 {
		return "nothing"
	}
	q := make([]string, len(argv))
	for i, a := range argv {
		q[i] = strconv.Quote(a)
	}
	return "[" + strings.Join(q, " ") + "]"
}

func envNote(alts []Run, st *Stage) string {
	var keys []string
	for _, a := range alts {
		for k := range a.Env {
			if v, ok := st.Env[k]; ok {
				keys = append(keys, k+"="+v)
			} else {
				keys = append(keys, k+" unset")
			}
		}
	}
	if len(keys) == 0 {
		return ""
	}
	sort.Strings(keys)
	return " with " + strings.Join(dedup(keys), ", ")
}

func describeRuns(alts []Run) string {
	var parts []string
	for _, a := range alts {
		var p []string
		if len(a.Cmd) > 0 {
			p = append(p, argvString(a.Cmd))
		}
		var env []string
		for k, v := range a.Env {
			env = append(env, k+"=~"+v)
		}
		sort.Strings(env)
		p = append(p, env...)
		parts = append(parts, strings.Join(p, " with "))
	}
	return strings.Join(parts, " or ")
}

// checkFile says what is wrong with the image's copy of a project path, or "".
func checkFile(df *Dockerfile, f File, isDir func(string) bool, ignored func(string) string) string {
	if pat := ignored(f.Path); pat != "" {
		return fmt.Sprintf("%s is excluded by .dockerignore (%s)", f.Path, pat)
	}
	final := df.Final()
	at := df.Locate(len(df.Stages)-1, f.Path, isDir)
	if len(at) == 0 {
		return fmt.Sprintf("%s is not in the final image", f.Path)
	}
	if f.At == "" {
		return ""
	}
	where, how := f.At, "the default "+f.At
	if f.Flag != "" {
		if v, ok := flagValue(final.Argv(), f.Flag); ok {
			where, how = v, f.Flag+" "+v
		}
	}
	want := absJoin(final.Workdir, where)
	if contains(at, want) {
		return ""
	}
	return fmt.Sprintf("the app looks for %s at %s (%s from WORKDIR %s), the image has it at %s", f.Path, want, how, final.Workdir, strings.Join(at, ", "))
}

// flagValue finds -name V, -name=V, --name V or --name=V in argv.
func flagValue(argv []string, name string) (string, bool) {
	bare := strings.TrimLeft(name, "-")
	for i, a := range argv {
		for _, form := range []string{"-" + bare, "--" + bare} {
			if a == form && i+1 < len(argv) {
				return argv[i+1], true
			}
			if v, ok := strings.CutPrefix(a, form+"="); ok {
				return v, true
			}
		}
	}
	return "", false
}

// ignoreMatcher returns a function naming the .dockerignore pattern that
// excludes a path, or "" when none does.
func ignoreMatcher(data []byte) func(string) string {
	var pats []string
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		pats = append(pats, line)
	}
	pm, err := patternmatcher.New(pats)
	if err != nil {
		return func(string) string { return "unparsable .dockerignore: " + err.Error() }
	}
	return func(p string) string {
		// A path is in the context unless it or a parent is excluded;
		// the engine's own matcher decides, negations included.
		p = path.Clean(p)
		if ok, _ := pm.MatchesOrParentMatches(p); !ok {
			return ""
		}
		for _, pat := range pats {
			if one, err := patternmatcher.New([]string{pat}); err == nil && !strings.HasPrefix(pat, "!") {
				if ok, _ := one.MatchesOrParentMatches(p); ok {
					return "pattern " + pat
				}
			}
		}
		return "excluded"
	}
}

func anyMatch(re string, lines []string) bool {
	r := regexp.MustCompile(re)
	for _, l := range lines {
		if r.MatchString(l) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func dedup(s []string) []string {
	var out []string
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

func orNone(s []string) string {
	var nonEmpty []string
	for _, x := range s {
		if x != "" {
			nonEmpty = append(nonEmpty, x)
		}
	}
	if len(nonEmpty) == 0 {
		return "none"
	}
	return strings.Join(nonEmpty, ", ")
}

func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return strings.TrimPrefix(l, "error: ")
		}
	}
	return ""
}

func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		s = s[:n] + "..."
	}
	return s
}
