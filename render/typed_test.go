package render

import (
	"fmt"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"text/template"
	"text/template/parse"

	"github.com/Masterminds/sprig/v3"

	"github.com/dockerize-dev/dockerize/internal/dfvalue"
	"github.com/dockerize-dev/dockerize/plan"
	"github.com/dockerize-dev/dockerize/stacks"
	"github.com/dockerize-dev/dockerize/templates"
)

// vetted are the plain-string fields a template may print, each with why
// it is safe without a dfvalue type. Nothing else may be.
var vetted = map[string]string{
	"IgnoreSection.Comment":  "dockerize's own section titles, constants in plan/ignore.go",
	"IgnoreSection.Patterns": "checked by finishIgnore: read back by the engine's ignorefile reader, fuzzed by FuzzDockerignore",
	"IgnoreFile.Kept":        "each one passed through commentSafe (control characters and separators escaped)",
}

var dfvaluePkg = reflect.TypeOf(dfvalue.Path{}).PkgPath()

// typed is a value's static type and the field it was read from.
type typed struct {
	t      reflect.Type // nil when unknown
	origin string       // Struct.Field, "" for none
	lit    bool         // a literal in the template itself
}

// typeWalker follows the plan's types through a template's parse tree:
// fields, methods, variables, range, with and template calls.
type typeWalker struct {
	tmpl   *template.Template
	funcs  map[string]reflect.Type
	seen   map[string]bool
	issues []string
}

func (w *typeWalker) fail(n parse.Node, tree *parse.Tree, format string, args ...any) {
	loc, _ := tree.ErrorContext(n)
	w.issues = append(w.issues, loc+": "+fmt.Sprintf(format, args...))
}

func (w *typeWalker) template(name string, dot typed) {
	key := name + "@" + fmt.Sprint(dot.t)
	if w.seen[key] {
		return
	}
	w.seen[key] = true
	t := w.tmpl.Lookup(name)
	if t == nil || t.Tree == nil {
		w.issues = append(w.issues, "no template "+name)
		return
	}
	w.walk(t.Tree, t.Tree.Root, dot, map[string]typed{"$": dot})
}

func copyVars(v map[string]typed) map[string]typed {
	c := make(map[string]typed, len(v))
	for k, x := range v {
		c[k] = x
	}
	return c
}

func (w *typeWalker) walk(tree *parse.Tree, n parse.Node, dot typed, vars map[string]typed) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			w.walk(tree, c, dot, vars)
		}
	case *parse.ActionNode:
		v := w.pipe(tree, n.Pipe, dot, vars)
		if len(n.Pipe.Decl) > 0 {
			for _, d := range n.Pipe.Decl {
				vars[d.Ident[0]] = v
			}
			return
		}
		w.printed(tree, n, v)
	case *parse.IfNode:
		w.pipe(tree, n.Pipe, dot, vars)
		w.walk(tree, n.List, dot, copyVars(vars))
		w.walk(tree, n.ElseList, dot, copyVars(vars))
	case *parse.WithNode:
		v := w.pipe(tree, n.Pipe, dot, vars)
		w.walk(tree, n.List, v, copyVars(vars))
		w.walk(tree, n.ElseList, dot, copyVars(vars))
	case *parse.RangeNode:
		v := w.pipe(tree, n.Pipe, dot, vars)
		elem, index := typed{origin: v.origin}, typed{t: reflect.TypeOf(0)}
		if t := deref(v.t); t != nil {
			switch t.Kind() {
			case reflect.Slice, reflect.Array, reflect.Map:
				elem.t = t.Elem()
			case reflect.Int:
				elem.t = t
			}
		}
		inner := copyVars(vars)
		switch len(n.Pipe.Decl) {
		case 1:
			inner[n.Pipe.Decl[0].Ident[0]] = elem
		case 2:
			inner[n.Pipe.Decl[0].Ident[0]], inner[n.Pipe.Decl[1].Ident[0]] = index, elem
		}
		w.walk(tree, n.List, elem, inner)
		w.walk(tree, n.ElseList, dot, copyVars(vars))
	case *parse.TemplateNode:
		arg := typed{}
		if n.Pipe != nil {
			arg = w.pipe(tree, n.Pipe, dot, vars)
		}
		w.template(n.Name, arg)
	}
}

// printed checks a value an action writes into the output.
func (w *typeWalker) printed(tree *parse.Tree, n parse.Node, v typed) {
	t := deref(v.t)
	switch {
	case v.lit:
	case t == nil:
		w.fail(n, tree, "prints %s, whose type cannot be followed", n)
	case t.PkgPath() == dfvaluePkg:
	case t.Kind() == reflect.Int || t.Kind() == reflect.Bool:
	case vetted[v.origin] != "":
	default:
		w.fail(n, tree, "prints %s, a %s (from %s), not a checked dfvalue type", n, t, cmpOr(v.origin, "a function"))
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func deref(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

func (w *typeWalker) pipe(tree *parse.Tree, p *parse.PipeNode, dot typed, vars map[string]typed) typed {
	var v typed
	for i, c := range p.Cmds {
		v = w.command(tree, c, dot, vars, i > 0)
	}
	return v
}

func (w *typeWalker) command(tree *parse.Tree, c *parse.CommandNode, dot typed, vars map[string]typed, piped bool) typed {
	switch n := c.Args[0].(type) {
	case *parse.IdentifierNode:
		lit := true
		for _, a := range c.Args[1:] {
			lit = lit && w.arg(tree, a, dot, vars).lit
		}
		switch n.Ident {
		case "eq", "ne", "lt", "le", "gt", "ge", "and", "or", "not":
			return typed{t: reflect.TypeOf(true)}
		case "len":
			return typed{t: reflect.TypeOf(0)}
		}
		if ft, ok := w.funcs[n.Ident]; ok && ft.NumOut() > 0 {
			return typed{t: ft.Out(0), lit: lit && !piped}
		}
		return typed{}
	default:
		return w.arg(tree, c.Args[0], dot, vars)
	}
}

func (w *typeWalker) arg(tree *parse.Tree, a parse.Node, dot typed, vars map[string]typed) typed {
	switch n := a.(type) {
	case *parse.DotNode:
		return dot
	case *parse.FieldNode:
		return fields(dot, n.Ident)
	case *parse.VariableNode:
		return fields(vars[n.Ident[0]], n.Ident[1:])
	case *parse.ChainNode:
		return fields(w.arg(tree, n.Node, dot, vars), n.Field)
	case *parse.PipeNode:
		return w.pipe(tree, n, dot, vars)
	case *parse.StringNode:
		return typed{t: reflect.TypeOf(""), lit: true}
	case *parse.NumberNode:
		return typed{t: reflect.TypeOf(0), lit: true}
	case *parse.BoolNode:
		return typed{t: reflect.TypeOf(true), lit: true}
	case *parse.IdentifierNode:
		if ft, ok := w.funcs[n.Ident]; ok && ft.NumOut() > 0 {
			return typed{t: ft.Out(0)}
		}
	}
	return typed{}
}

// fields follows .A.B from v: a struct field, else a method.
func fields(v typed, names []string) typed {
	for _, name := range names {
		t := v.t
		if t == nil {
			return typed{}
		}
		if m, ok := t.MethodByName(name); ok {
			v = typed{t: m.Type.Out(0), origin: deref(t).Name() + "." + name}
			continue
		}
		if t.Kind() != reflect.Pointer {
			if m, ok := reflect.PointerTo(t).MethodByName(name); ok {
				v = typed{t: m.Type.Out(0), origin: t.Name() + "." + name}
				continue
			}
		}
		s := deref(t)
		if s.Kind() != reflect.Struct {
			return typed{}
		}
		f, ok := s.FieldByName(name)
		if !ok {
			return typed{}
		}
		v = typed{t: f.Type, origin: s.Name() + "." + name}
	}
	return v
}

// checkPrinted walks every template of a stack from *plan.Plan and
// returns what prints a value that is not checked.
func checkPrinted(t *testing.T, tfs fstest.MapFS, stack string) []string {
	t.Helper()
	tmpl, err := Parse(tfs, stack)
	if err != nil {
		t.Fatal(err)
	}
	w := &typeWalker{tmpl: tmpl, funcs: map[string]reflect.Type{}, seen: map[string]bool{}}
	for name, f := range funcMap() {
		w.funcs[name] = reflect.TypeOf(f)
	}
	for _, o := range outputs {
		w.template(stack+"/"+o.template, typed{t: reflect.TypeOf(&plan.Plan{})})
	}
	return w.issues
}

func builtinFS(t *testing.T) fstest.MapFS {
	m := fstest.MapFS{}
	err := fs.WalkDir(templates.FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(templates.FS, name)
		m[name] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func funcMap() template.FuncMap {
	m := sprig.HermeticTxtFuncMap()
	for k, v := range funcs() {
		m[k] = v
	}
	return m
}

// TestTemplatesPrintOnlyCheckedValues fails when a template prints a plan
// value that is a plain string (or anything else not built by a dfvalue
// constructor), so a new field cannot reach a Dockerfile unchecked.
func TestTemplatesPrintOnlyCheckedValues(t *testing.T) {
	tfs := builtinFS(t)
	checked := 0
	for _, s := range stacks.All() {
		if s.Plan.Templates == "" {
			continue
		}
		if _, ok := tfs[s.Plan.Templates+"/Dockerfile.tmpl"]; !ok {
			continue
		}
		checked++
		for _, issue := range checkPrinted(t, tfs, s.Plan.Templates) {
			t.Error(issue)
		}
	}
	if checked < 3 {
		t.Errorf("checked the templates of %d stacks, want go, node and maven at least", checked)
	}
}

// TestTypeWalkerCatchesPlainStrings: the check above can fail.
func TestTypeWalkerCatchesPlainStrings(t *testing.T) {
	for _, bad := range []string{
		"FROM x\nRUN go build {{ .Go.Version }}\n",
		"{{ $g := .Go }}{{ range $g.Manifests }}{{ index .Sources 0 | print }}{{ end }}",
		"{{ with .Node }}{{ .Entry.String | quote }}{{ end }}",
		"{{ printf \"%s/\" .Go.Package }}",
		"{{ .Detail }}",
	} {
		tfs := builtinFS(t)
		tfs["go/Dockerfile.tmpl"] = &fstest.MapFile{Data: []byte(bad)}
		if issues := checkPrinted(t, tfs, "go"); len(issues) == 0 {
			t.Errorf("%q passed the check", bad)
		}
	}
	tfs := builtinFS(t)
	tfs["go/Dockerfile.tmpl"] = &fstest.MapFile{Data: []byte("{{ $g := .Go }}FROM {{ .BuildImage }}\n{{ range $g.Manifests }}COPY {{ .Sources }} {{ .Dest }}{{ end }}{{ if .PortEnv }}ENV {{ .PortEnv }}={{ .Port }}{{ end }}{{ \"literal\" }}")}
	if issues := checkPrinted(t, tfs, "go"); len(issues) != 0 {
		t.Errorf("checked values flagged: %s", strings.Join(issues, "\n"))
	}
}
