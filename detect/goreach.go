package detect

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// goPackage is one package of the module, as go/build reads it for
// linux/amd64: its buildable files and what they import.
type goPackage struct {
	dir      string
	files    []string
	imports  []string
	cgoFiles []string
	// gated are its files that need a custom build tag.
	gated []GatedFile
	// embeds are its //go:embed patterns.
	embeds []goEmbed
}

// importPath is the import path of the module's package in dir.
func importPath(m *GoModule, dir string) string {
	if dir == m.Dir {
		return m.Path
	}
	return m.Path + "/" + strings.TrimPrefix(dir, strings.TrimSuffix(m.Dir, ".")+"/")
}

// reachable lists the module's packages a main package is built from,
// itself first, then in breadth-first import order.
func reachable(graph map[string]*goPackage, main string) []*goPackage {
	start, ok := graph[main]
	if !ok {
		return nil
	}
	out := []*goPackage{start}
	seen := map[string]bool{main: true}
	for i := 0; i < len(out); i++ {
		imps := append([]string{}, out[i].imports...)
		sort.Strings(imps)
		for _, imp := range imps {
			if pkg, ok := graph[imp]; ok && !seen[imp] {
				seen[imp] = true
				out = append(out, pkg)
			}
		}
	}
	return out
}

// cgoImporters are packages that pull a cgo module in for their importer
// (gorm's sqlite driver wraps mattn/go-sqlite3).
var cgoImporters = map[string]string{
	"gorm.io/driver/sqlite":                  "github.com/mattn/go-sqlite3",
	"github.com/jinzhu/gorm/dialects/sqlite": "github.com/mattn/go-sqlite3",
}

// reachableCGO decides cgo from the code the program is built from: a
// file that imports "C", or an import of a module that needs cgo. A
// go.mod requirement alone is not an import: a module required for
// another platform's file, or only indirectly, does not make a cgo build.
func reachableCGO(fsys fs.FS, m *GoModule, reach []*goPackage) (bool, string) {
	for _, pkg := range reach {
		if len(pkg.cgoFiles) > 0 {
			return true, path.Join(pkg.dir, pkg.cgoFiles[0]) + `: import "C"`
		}
	}
	for _, pkg := range reach {
		for _, imp := range pkg.imports {
			mod := imp
			if via, ok := cgoImporters[imp]; ok {
				mod = via
			}
			for need := range cgoModules {
				if mod == need || strings.HasPrefix(mod, need+"/") {
					where := importLine(fsys, pkg, imp)
					if req := m.cgoRequires[need]; req != "" {
						where += " (" + req + ")"
					}
					return true, fmt.Sprintf("%s: imports %s, which needs cgo", where, imp)
				}
			}
		}
	}
	return false, ""
}

// importLine names the file and line of pkg that imports imp.
func importLine(fsys fs.FS, pkg *goPackage, imp string) string {
	fset := token.NewFileSet()
	for _, name := range pkg.files {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			continue
		}
		f, err := parser.ParseFile(fset, name, src, parser.ImportsOnly)
		if err != nil {
			continue
		}
		for _, s := range f.Imports {
			if v, _ := strconv.Unquote(s.Path.Value); v == imp {
				return fmt.Sprintf("%s:%d", name, fset.Position(s.Pos()).Line)
			}
		}
	}
	return pkg.dir
}

// parseFiles parses the package's files, skipping any that do not parse.
func parseFiles(fsys fs.FS, fset *token.FileSet, files []string) map[string]*ast.File {
	out := map[string]*ast.File{}
	for _, name := range files {
		src, err := fs.ReadFile(fsys, name)
		if err != nil || len(src) > maxSourceSize {
			continue
		}
		if f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution); err == nil {
			out[name] = f
		}
	}
	return out
}

// pathCalls are the calls that open a project path at run time, with the
// index of the path argument (-1: every argument), and the package the
// call must be made on when the name alone is too common.
var pathCalls = map[string]struct {
	arg int
	pkg string
}{
	"LoadHTMLGlob": {0, ""}, "LoadHTMLFiles": {-1, ""}, "Static": {1, ""}, "StaticFile": {1, ""},
	"ParseGlob": {0, ""}, "ParseFiles": {-1, ""},
	"Dir":      {0, "http"},
	"ReadFile": {0, "os"}, "Open": {0, "os"}, "ReadDir": {0, "os"},
	"Load":          {-1, "ini"},
	"AddConfigPath": {0, ""}, "SetConfigFile": {0, ""},
	"NewSource": {0, "file"},
}

// maxRuntimeFiles bounds what a program is found to read.
const maxRuntimeFiles = 20

// runtimeFiles finds the project files and directories the program opens
// at run time, from the packages it is built from: string literals passed
// to file-opening and template calls (gin's LoadHTMLGlob and Static, os,
// ini, viper, kratos config sources, migrate's file:// URLs) and flag
// defaults naming a path. A path is relative to the working directory, the
// module root where the program is started; a flag default that exists
// only relative to the main package's directory (-conf ../../configs) is
// passed as the flag.
func runtimeFiles(fsys fs.FS, modDir, mainDir string, reach []*goPackage) []RuntimeFile {
	var out []RuntimeFile
	add := func(raw, flagName, evidence string) {
		if len(out) >= maxRuntimeFiles {
			return
		}
		p := strings.TrimPrefix(raw, "file://")
		if i := strings.IndexAny(p, "*?["); i >= 0 {
			p = path.Dir(p[:i] + "x")
		}
		if p == "" || path.IsAbs(p) || strings.ContainsAny(p, "\\$%{}") {
			return
		}
		p = path.Clean(p)
		if p == "." {
			return
		}
		rf := RuntimeFile{Evidence: evidence}
		if full := path.Join(modDir, p); fs.ValidPath(full) && exists(fsys, full) && !strings.HasPrefix(p, "..") {
			rf.Path, rf.At = full, p
		} else if full := path.Join(mainDir, p); flagName != "" && fs.ValidPath(full) && exists(fsys, full) && full != modDir {
			// Relative to the source tree: copied to its place under the
			// module root and named by the flag.
			rf.Path, rf.Flag = full, flagName
			rf.At = strings.TrimPrefix(full, strings.TrimSuffix(modDir, ".")+"/")
		} else {
			return
		}
		if !safeRelPath.MatchString(rf.At) || strings.HasPrefix(path.Base(rf.At), ".") {
			return
		}
		out = append(out, rf)
	}
	fset := token.NewFileSet()
	for _, rf := range reachedFiles(fsys, fset, reach) {
		name, f := rf.name, rf.file
		consts := stringValues(f)
		str := func(e ast.Expr) (string, bool) {
			if v, ok := literal(e); ok {
				return v, true
			}
			if id, ok := e.(*ast.Ident); ok {
				v, ok := consts[id.Name]
				return v, ok
			}
			return "", false
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			at := func() string { return fmt.Sprintf("%s:%d", name, fset.Position(call.Pos()).Line) }
			if fl, ok := flagDef(call, str); ok {
				if !portFlagName(fl.name) && fl.env == "" && looksLikePath(fl.value) {
					add(fl.value, fl.name, fmt.Sprintf("%s: flag -%s defaults to %s", at(), fl.name, fl.value))
				}
				return true
			}
			sel, isSel := call.Fun.(*ast.SelectorExpr)
			pc, ok := pathCalls[funcName(call.Fun)]
			if !ok || (pc.pkg != "" && (!isSel || !isIdent(sel.X, pc.pkg))) {
				return true
			}
			for i, arg := range call.Args {
				if pc.arg >= 0 && i != pc.arg {
					continue
				}
				if v, ok := str(arg); ok {
					add(v, "", fmt.Sprintf("%s: %s(%q)", at(), funcName(call.Fun), v))
				}
			}
			return true
		})
		for _, v := range migrateSources(f) {
			add(v, "", fmt.Sprintf("%s: migrations from %s", name, v))
		}
		for _, ex := range dotenvExamples(fsys, fset, name, modDir, f) {
			if len(out) < maxRuntimeFiles {
				out = append(out, ex)
			}
		}
	}
	return dedupeFiles(out)
}

// migrateSources are file:// URLs in a file (golang-migrate's source).
func migrateSources(f *ast.File) []string {
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		if v, ok := literal(asExpr(n)); ok && strings.HasPrefix(v, "file://") {
			out = append(out, v)
		}
		return true
	})
	return out
}

func asExpr(n ast.Node) ast.Expr {
	e, _ := n.(ast.Expr)
	return e
}

// looksLikePath reports a flag default that names a file or directory
// rather than a word or a URL.
func looksLikePath(v string) bool {
	if v == "" || strings.Contains(v, "://") || strings.ContainsAny(v, " \t") {
		return false
	}
	return strings.HasPrefix(v, "./") || strings.HasPrefix(v, "../") || strings.Contains(v, "/") || path.Ext(v) != ""
}

// dedupeFiles keeps one entry per path, and none inside a directory that is
// copied anyway, in path order.
func dedupeFiles(files []RuntimeFile) []RuntimeFile {
	sort.SliceStable(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	var out []RuntimeFile
	for _, f := range files {
		if len(out) > 0 {
			last := out[len(out)-1]
			if f.Path == last.Path || strings.HasPrefix(f.Path, last.Path+"/") {
				if f.Flag != "" && last.Flag == "" && f.Path == last.Path {
					out[len(out)-1] = f
				}
				continue
			}
		}
		out = append(out, f)
	}
	return out
}

// serverCommands are the subcommand names that start a CLI's server, in
// order of preference.
var serverCommands = []string{"server", "serve", "web", "start", "run"}

// serverCommand finds, for a cobra CLI whose root command has no Run of
// its own, the subcommand that starts the server: the first of
// serverCommands that has a Run and is not deprecated.
func serverCommand(fsys fs.FS, reach []*goPackage) (string, string) {
	type command struct {
		use        string
		run        bool
		deprecated bool
		at         string
	}
	var cmds []command
	fset := token.NewFileSet()
	for _, pkg := range reach {
		for name, f := range parseFiles(fsys, fset, pkg.files) {
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.CompositeLit)
				if !ok {
					return true
				}
				if sel, ok := lit.Type.(*ast.SelectorExpr); !ok || sel.Sel.Name != "Command" || !isIdent(sel.X, "cobra") {
					return true
				}
				c := command{at: fmt.Sprintf("%s:%d", name, fset.Position(lit.Pos()).Line)}
				for _, el := range lit.Elts {
					kv, ok := el.(*ast.KeyValueExpr)
					if !ok {
						continue
					}
					switch key, _ := kv.Key.(*ast.Ident); {
					case key == nil:
					case key.Name == "Use":
						v, _ := literal(kv.Value)
						c.use, _, _ = strings.Cut(strings.TrimSpace(v), " ")
					case key.Name == "Run" || key.Name == "RunE":
						c.run = !isIdent(kv.Value, "nil")
					case key.Name == "Deprecated":
						v, _ := literal(kv.Value)
						c.deprecated = v != ""
					}
				}
				cmds = append(cmds, c)
				return true
			})
		}
	}
	root := false
	for _, c := range cmds {
		if !c.run && !slices.Contains(serverCommands, c.use) {
			root = true
		}
	}
	if !root {
		return "", ""
	}
	for _, want := range serverCommands {
		for _, c := range cmds {
			if c.use == want && c.run && !c.deprecated {
				return want, fmt.Sprintf("%s: cobra command %q starts the server; the root command has no Run of its own", c.at, want)
			}
		}
	}
	return "", ""
}

// loopbackHost reports a listen address on a loopback interface, which no
// one outside the container reaches.
func loopbackHost(addr string) bool {
	host := addr
	if i := strings.LastIndex(addr, ":"); i >= 0 {
		host = addr[:i]
	}
	host = strings.Trim(host, "[]")
	return host == "localhost" || host == "::1" || strings.HasPrefix(host, "127.")
}

// loopbackFlag finds a listen-address flag whose default is a loopback
// address: given as the flag's default, or filled in when the flag is
// empty (if addr == "" { addr = "127.0.0.1:8090" }). The image passes the
// flag with all interfaces instead.
func loopbackFlag(fsys fs.FS, reach []*goPackage) (name string, port int, evidence string) {
	fset := token.NewFileSet()
	for _, rf := range reachedFiles(fsys, fset, reach) {
		file, f := rf.name, rf.file
		str := func(e ast.Expr) (string, bool) { return literal(e) }
		vars := map[string]string{} // flag variable -> flag name
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || name != "" {
				return name == ""
			}
			fl, ok := flagDef(call, str)
			if !ok || !portFlagName(fl.name) {
				return true
			}
			if u, ok := call.Args[0].(*ast.UnaryExpr); ok && u.Op == token.AND {
				if id, ok := u.X.(*ast.Ident); ok {
					vars[id.Name] = fl.name
				}
			}
			if p, ok := addrPort(fl.value); ok && loopbackHost(fl.value) {
				name, port = fl.name, p
				evidence = fmt.Sprintf("%s:%d: flag -%s defaults to %s, a loopback address", file, fset.Position(call.Pos()).Line, fl.name, fl.value)
			}
			return true
		})
		if name != "" {
			return name, port, evidence
		}
		ast.Inspect(f, func(n ast.Node) bool {
			ifs, ok := n.(*ast.IfStmt)
			if !ok || name != "" {
				return name == ""
			}
			bin, ok := ifs.Cond.(*ast.BinaryExpr)
			if !ok || bin.Op != token.EQL {
				return true
			}
			id, ok := bin.X.(*ast.Ident)
			if v, isLit := literal(bin.Y); !ok || !isLit || v != "" || vars[id.Name] == "" {
				return true
			}
			for _, st := range ifs.Body.List {
				as, ok := st.(*ast.AssignStmt)
				if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 || !isIdent(as.Lhs[0], id.Name) {
					continue
				}
				if v, ok := literal(as.Rhs[0]); ok && loopbackHost(v) {
					if p, ok := addrPort(v); ok {
						name, port = vars[id.Name], p
						evidence = fmt.Sprintf("%s:%d: without -%s the server listens on %s, a loopback address", file, fset.Position(as.Pos()).Line, name, v)
					}
				}
			}
			return true
		})
		if name != "" {
			return name, port, evidence
		}
	}
	return "", 0, ""
}

// ListenEnv is an environment variable that moves a loopback listener to
// all interfaces: a listen-address option whose built-in default is
// loopback (an options map's LISTEN_ADDR: "127.0.0.1:8080"), or a switch
// the program reads to listen on all interfaces in a container
// (REPROXY_IN_DOCKER=1 returning "0.0.0.0:8080").
type ListenEnv struct {
	Name string `json:"name"`
	// Value is set as is; when empty, the variable takes the address
	// 0.0.0.0:<port>.
	Value    string `json:"value,omitempty"`
	Port     int    `json:"port,omitempty"`
	Evidence string `json:"evidence"`
}

// loopbackEnv finds a ListenEnv in the code the program is built from.
func loopbackEnv(fsys fs.FS, reach []*goPackage) *ListenEnv {
	fset := token.NewFileSet()
	var found *ListenEnv
	readsEnv := false
	for _, rf := range reachedFiles(fsys, fset, reach) {
		file, f := rf.name, rf.file
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && isIdent(sel.X, "os") && (sel.Sel.Name == "Getenv" || sel.Sel.Name == "LookupEnv" || sel.Sel.Name == "Environ") {
					readsEnv = true
				}
			case *ast.KeyValueExpr:
				// "LISTEN_ADDR": {rawValue: "127.0.0.1:8080", ...}
				key, ok := literal(n.Key)
				if found != nil || !ok || !envNameRE.MatchString(key) || !addrEnvName(key) {
					return true
				}
				if v, at, ok := firstLoopback(n.Value); ok {
					p, _ := addrPort(v)
					found = &ListenEnv{Name: key, Port: p, Evidence: fmt.Sprintf("%s:%d: %s defaults to %s, a loopback address", file, fset.Position(at).Line, key, v)}
				}
			case *ast.FuncDecl:
				if found == nil && n.Body != nil {
					found = containerSwitch(fset, file, n.Body)
				}
			}
			return true
		})
	}
	if found == nil || !readsEnv {
		return nil
	}
	return found
}

// envNameRE is an environment variable's name as programs spell them.
var envNameRE = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

// firstLoopback is the first loopback listen address literal in e.
func firstLoopback(e ast.Expr) (string, token.Pos, bool) {
	var v string
	var at token.Pos
	ast.Inspect(e, func(n ast.Node) bool {
		if s, ok := literal(asExpr(n)); ok && v == "" && loopbackHost(s) {
			if _, ok := addrPort(s); ok {
				v, at = s, n.Pos()
			}
		}
		return v == ""
	})
	return v, at, v != ""
}

// containerSwitch finds, in a function that returns a loopback address,
// an if on an environment variable whose body returns an address on all
// interfaces: if v, ok := os.LookupEnv("IN_DOCKER"); ok && v == "1" {
// return "0.0.0.0:8080" }; return "127.0.0.1:80".
func containerSwitch(fset *token.FileSet, file string, body *ast.BlockStmt) *ListenEnv {
	loopback := ""
	ast.Inspect(body, func(n ast.Node) bool {
		if r, ok := n.(*ast.ReturnStmt); ok && len(r.Results) == 1 {
			if v, ok := literal(r.Results[0]); ok && loopbackHost(v) {
				if _, ok := addrPort(v); ok && loopback == "" {
					loopback = v
				}
			}
		}
		return true
	})
	if loopback == "" {
		return nil
	}
	var out *ListenEnv
	ast.Inspect(body, func(n ast.Node) bool {
		ifs, ok := n.(*ast.IfStmt)
		if !ok || out != nil {
			return out == nil
		}
		name, value := "", ""
		check := func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && name == "" {
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok && isIdent(sel.X, "os") && (sel.Sel.Name == "Getenv" || sel.Sel.Name == "LookupEnv") && len(call.Args) == 1 {
					name, _ = literal(call.Args[0])
				}
			}
			if bin, ok := n.(*ast.BinaryExpr); ok && bin.Op == token.EQL && value == "" {
				if v, ok := literal(bin.Y); ok && v != "" {
					value = v
				}
			}
			return true
		}
		if ifs.Init != nil {
			ast.Inspect(ifs.Init, check)
		}
		ast.Inspect(ifs.Cond, check)
		if name == "" || !envNameRE.MatchString(name) || len(ifs.Body.List) != 1 {
			return true
		}
		r, ok := ifs.Body.List[0].(*ast.ReturnStmt)
		if !ok || len(r.Results) != 1 {
			return true
		}
		v, ok := literal(r.Results[0])
		p, isAddr := addrPort(v)
		if !ok || !isAddr || loopbackHost(v) {
			return true
		}
		if value == "" {
			value = "1"
		}
		out = &ListenEnv{Name: name, Value: value, Port: p, Evidence: fmt.Sprintf("%s:%d: the default listen address is %s, a loopback address, unless $%s is %s (then %s)", file, fset.Position(ifs.Pos()).Line, loopback, name, value, v)}
		return false
	})
	return out
}

// RequiredEnv is an environment variable the program exits without.
type RequiredEnv struct {
	Name     string `json:"name"`
	Evidence string `json:"evidence"`
	// Value is what the project's own Dockerfile sets it to, if it does;
	// ValueEvidence says where.
	Value         string `json:"value,omitempty"`
	ValueEvidence string `json:"valueEvidence,omitempty"`
}

// maxRequiredEnv bounds the variables reported.
const maxRequiredEnv = 12

// requiredEnvTagRE is a struct tag that makes a variable required
// (caarlos0/env's `env:"X,required"`, envconfig's `envconfig:"X" required:"true"`).
var requiredEnvTagRE = regexp.MustCompile(`(?:env|envconfig):"([A-Z][A-Z0-9_]*)(,[^"]*)?"`)

// requiredEnv finds the variables the program exits without: struct tags
// marking them required, and a value read with os.Getenv that, when
// empty, ends the program (os.Exit, log.Fatal, panic).
func requiredEnv(fsys fs.FS, reach []*goPackage) []RequiredEnv {
	var out []RequiredEnv
	seen := map[string]bool{}
	add := func(name, evidence string) {
		if !seen[name] && len(out) < maxRequiredEnv {
			seen[name] = true
			out = append(out, RequiredEnv{Name: name, Evidence: evidence})
		}
	}
	fset := token.NewFileSet()
	for _, rf := range reachedFiles(fsys, fset, reach) {
		file, f := rf.name, rf.file
		vars := map[string]string{} // variable -> the env it was read from
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Field:
				if n.Tag == nil {
					return true
				}
				tag, _ := strconv.Unquote(n.Tag.Value)
				m := requiredEnvTagRE.FindStringSubmatch(tag)
				if m != nil && (strings.Contains(m[2], "required") || strings.Contains(tag, `required:"true"`)) {
					add(m[1], fmt.Sprintf("%s:%d: `%s`", file, fset.Position(n.Pos()).Line, tag))
				}
			case *ast.AssignStmt:
				if len(n.Lhs) == 1 && len(n.Rhs) == 1 {
					if id, ok := n.Lhs[0].(*ast.Ident); ok {
						if call, ok := n.Rhs[0].(*ast.CallExpr); ok && len(call.Args) == 1 {
							if sel, ok := call.Fun.(*ast.SelectorExpr); ok && isIdent(sel.X, "os") && sel.Sel.Name == "Getenv" {
								if v, ok := literal(call.Args[0]); ok && envNameRE.MatchString(v) {
									vars[id.Name] = v
								}
							}
						}
					}
				}
			case *ast.IfStmt:
				bin, ok := n.Cond.(*ast.BinaryExpr)
				if !ok || bin.Op != token.EQL {
					return true
				}
				id, ok := bin.X.(*ast.Ident)
				if v, isLit := literal(bin.Y); !ok || !isLit || v != "" || vars[id.Name] == "" {
					return true
				}
				if exits(n.Body) {
					add(vars[id.Name], fmt.Sprintf("%s:%d: the program exits when $%s is empty", file, fset.Position(n.Pos()).Line, vars[id.Name]))
				}
			}
			return true
		})
	}
	return out
}

// exits reports a block that ends the program.
func exits(b *ast.BlockStmt) bool {
	found := false
	ast.Inspect(b, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return !found
		}
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
			if (isIdent(sel.X, "os") && sel.Sel.Name == "Exit") || (isIdent(sel.X, "log") && strings.HasPrefix(sel.Sel.Name, "Fatal")) {
				found = true
			}
		} else if isIdent(call.Fun, "panic") {
			found = true
		}
		return !found
	})
	return found
}

// envExamples are the names projects commit an .env's template under,
// each one the generated .dockerignore lets through (.env.dist is not).
var envExamples = []string{".env.example", ".env.sample", ".env.template", "example.env", "env.example", "sample.env"}

// dotenvExamples finds godotenv.Load calls whose error the program checks,
// for a .env that is not in the project (it is a local, ignored file) but
// whose committed example is: the example is copied as that .env, so the
// program starts. A bare godotenv.Load() whose error is dropped needs
// nothing.
func dotenvExamples(fsys fs.FS, fset *token.FileSet, file, modDir string, f *ast.File) []RuntimeFile {
	var out []RuntimeFile
	ast.Inspect(f, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Rhs) != 1 || len(as.Lhs) != 1 || isIdent(as.Lhs[0], "_") {
			return true
		}
		call, ok := as.Rhs[0].(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, isSel := call.Fun.(*ast.SelectorExpr)
		if !isSel || !isIdent(sel.X, "godotenv") || sel.Sel.Name != "Load" {
			return true
		}
		names := []string{".env"}
		if len(call.Args) > 0 {
			names = nil
			for _, a := range call.Args {
				if v, ok := literal(a); ok {
					names = append(names, v)
				}
			}
		}
		for _, name := range names {
			if path.Base(name) != ".env" || !fs.ValidPath(path.Join(modDir, name)) || strings.HasPrefix(path.Clean(name), "..") {
				continue
			}
			at := path.Clean(name)
			if exists(fsys, path.Join(modDir, at)) {
				continue // a local file, kept out of the image as a secret
			}
			for _, ex := range envExamples {
				p := path.Join(modDir, path.Dir(at), ex)
				if exists(fsys, p) {
					out = append(out, RuntimeFile{Path: p, At: at, Example: true,
						Evidence: fmt.Sprintf("%s:%d: godotenv.Load reads %s and the program checks its error; the project commits only %s", file, fset.Position(call.Pos()).Line, at, path.Join(path.Dir(at), ex))})
					break
				}
			}
		}
		return true
	})
	return out
}

// reachedFile is a parsed Go file of a package the main package reaches.
type reachedFile struct {
	name string
	file *ast.File
}

// reachedFiles parses the files of the reached packages in order, leaving
// out those that do not parse.
func reachedFiles(fsys fs.FS, fset *token.FileSet, reach []*goPackage) []reachedFile {
	var out []reachedFile
	for _, pkg := range reach {
		parsed := parseFiles(fsys, fset, pkg.files)
		for _, name := range pkg.files {
			if f := parsed[name]; f != nil {
				out = append(out, reachedFile{name, f})
			}
		}
	}
	return out
}
