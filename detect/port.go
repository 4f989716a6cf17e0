package detect

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"strconv"
	"strings"
)

// listenFuncs are the calls whose string arguments are listen addresses, in
// net/http, net and the common frameworks (gin's Run, echo's Start, fiber's
// Listen).
var listenFuncs = map[string]bool{
	"ListenAndServe": true, "ListenAndServeTLS": true, "Listen": true,
	"Run": true, "RunTLS": true, "Start": true, "StartTLS": true,
}

// portEnvNames are the environment variables programs conventionally read
// their port from.
var portEnvNames = map[string]bool{"PORT": true, "HTTP_PORT": true, "SERVER_PORT": true}

// findPort looks through the given Go files for the port the program listens
// on. It understands literal listen addresses (also through a constant or an
// Addr field), flag defaults, and a PORT environment variable with a default.
// It returns the first port found in file order, with evidence, and the
// environment variable the program reads its port from, if any; loopback
// is true when that port's address is a loopback one (127.0.0.1:8080).
func findPort(fsys fs.FS, files []string) (port int, evidence, env string, loopback bool) {
	fset := token.NewFileSet()
	for _, name := range files {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			continue
		}
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		pf := portFinder{fset: fset, file: name, consts: stringValues(f)}
		ast.Inspect(f, pf.visit)
		if pf.env != "" && env == "" {
			env = pf.env
		}
		if pf.port != 0 && port == 0 {
			port, evidence, loopback = pf.port, pf.evidence, pf.loopback
		}
	}
	return port, evidence, env, loopback
}

type portFinder struct {
	fset     *token.FileSet
	file     string
	consts   map[string]string
	port     int
	evidence string
	env      string
	// addrEnv is a listen-address variable read with os.Getenv
	// (SERVER_ADDRESS), whose empty-value fallback is the port.
	addrEnv string
	// loopback is true when the port found is on a loopback address.
	loopback bool
}

func (pf *portFinder) found(pos token.Pos, port int, how string) {
	if pf.port != 0 || port <= 0 || port > 65535 {
		return
	}
	pf.port = port
	pf.evidence = fmt.Sprintf("%s:%d: %s", pf.file, pf.fset.Position(pos).Line, how)
}

func (pf *portFinder) visit(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.CallExpr:
		name := funcName(n.Fun)
		switch {
		case listenFuncs[name]:
			for _, arg := range n.Args {
				if addr, ok := pf.stringArg(arg); ok {
					if p, ok := addrPort(addr); ok {
						pf.found(n.Pos(), p, fmt.Sprintf("%s(%q)", name, addr))
						pf.loopback = pf.loopback || pf.port == p && loopbackHost(addr)
					}
				}
			}
		case name == "Getenv" || name == "LookupEnv":
			if len(n.Args) == 1 {
				if v, ok := pf.stringArg(n.Args[0]); ok && portEnvNames[v] && pf.env == "" {
					pf.env = v
				} else if ok && addrEnvName(v) && pf.addrEnv == "" {
					pf.addrEnv = v
				}
			}
		case name == "Or" && len(n.Args) == 2 && isPortGetenv(n.Args[0]):
			if v, ok := pf.stringArg(n.Args[1]); ok {
				if p, ok := addrPort(v); ok {
					pf.found(n.Pos(), p, fmt.Sprintf("$%s defaults to %q", getenvName(n.Args[0]), v))
				}
			}
		default:
			// flag.String("addr", ":8080", ...), pflag's fs.Int("port", 9898, ...),
			// flag.StringVar(&port, "port", getEnv("X", "80"), ...)
			if fl, ok := flagDef(n, pf.stringArg); ok && portFlagName(fl.name) {
				if p, ok := addrPort(fl.value); ok {
					pf.found(n.Pos(), p, fmt.Sprintf("flag -%s defaults to %s", fl.name, fl.value))
				}
			}
		}
	case *ast.CompositeLit:
		// Server{Port: 80}: the default of a server config type, which
		// an env or file read may override later.
		if !serverTypeNames[typeName(n.Type)] {
			return true
		}
		for _, el := range n.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok && isIdent(kv.Key, "Port") {
				if v, ok := literal(kv.Value); ok {
					if p, ok := addrPort(v); ok {
						pf.found(kv.Pos(), p, fmt.Sprintf("%s{Port: %s}, the server config's default", typeName(n.Type), v))
					}
				}
			}
		}
	case *ast.KeyValueExpr:
		if isIdent(n.Key, "Addr") {
			if addr, ok := pf.stringArg(n.Value); ok {
				if p, ok := addrPort(addr); ok {
					pf.found(n.Pos(), p, fmt.Sprintf("Addr: %q", addr))
					pf.loopback = pf.loopback || pf.port == p && loopbackHost(addr)
				}
			}
		}
	case *ast.IfStmt:
		// if port == "" { port = "8080" } after reading $PORT
		bin, ok := n.Cond.(*ast.BinaryExpr)
		if !ok || bin.Op != token.EQL || (pf.env == "" && pf.addrEnv == "") {
			return true
		}
		env := pf.env
		if env == "" {
			env = pf.addrEnv
		}
		if v, ok := literal(bin.Y); !ok || v != "" {
			return true
		}
		for _, st := range n.Body.List {
			as, ok := st.(*ast.AssignStmt)
			if !ok || len(as.Rhs) != 1 {
				continue
			}
			if v, ok := pf.stringArg(as.Rhs[0]); ok {
				if p, ok := addrPort(v); ok {
					pf.found(as.Pos(), p, fmt.Sprintf("$%s defaults to %q", env, v))
				}
			}
		}
	}
	return true
}

// stringArg returns the value of a string literal, or of an identifier bound
// to one in the same file.
func (pf *portFinder) stringArg(e ast.Expr) (string, bool) {
	if v, ok := literal(e); ok {
		return v, true
	}
	if id, ok := e.(*ast.Ident); ok {
		v, ok := pf.consts[id.Name]
		return v, ok
	}
	return "", false
}

// stringValues maps each name in the file that is bound to a string literal
// exactly once (const addr = ":8080", addr := ":8080") to that literal.
func stringValues(f *ast.File) map[string]string {
	vals := map[string]string{}
	seen := map[string]int{}
	bind := func(id *ast.Ident, e ast.Expr) {
		if v, ok := literal(e); ok {
			vals[id.Name] = v
			seen[id.Name]++
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if i < len(n.Values) {
					bind(id, n.Values[i])
				}
			}
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						bind(id, n.Rhs[i])
					}
				}
			}
		}
		return true
	})
	for name, n := range seen {
		if n > 1 {
			delete(vals, name)
		}
	}
	return vals
}

func literal(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok {
		return "", false
	}
	switch lit.Kind {
	case token.STRING:
		v, err := strconv.Unquote(lit.Value)
		return v, err == nil
	case token.INT:
		return lit.Value, true
	}
	return "", false
}

// addrPort extracts the port from ":8080", "0.0.0.0:8080", "[::]:8080" or
// "8080".
func addrPort(addr string) (int, bool) {
	if i := strings.LastIndex(addr, ":"); i >= 0 {
		addr = addr[i+1:]
	}
	p, err := strconv.Atoi(addr)
	if err != nil || p <= 0 || p > 65535 {
		return 0, false
	}
	return p, true
}

func funcName(e ast.Expr) string {
	switch f := e.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	}
	return ""
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// serverTypeNames are config struct types whose Port field is the HTTP
// listener's (gotify's Server{Port: 80}); SSL, Database, Redis... are not.
var serverTypeNames = map[string]bool{"Server": true, "HTTP": true, "HTTPServer": true, "ServerConfig": true, "HTTPConfig": true, "Web": true}

// typeName is the name of a composite literal's type (Server, config.Server).
func typeName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.Ident:
		return t.Name
	case *ast.SelectorExpr:
		return t.Sel.Name
	}
	return ""
}

// addrEnvName reports a variable that holds the server's listen address
// (SERVER_ADDRESS, LISTEN_ADDR, HTTP_ADDR), not a database's or a cache's.
func addrEnvName(v string) bool {
	for _, other := range []string{"DB", "DATABASE", "REDIS", "MYSQL", "POSTGRES", "MONGO", "GRPC", "METRICS", "ADMIN", "SMTP", "AMQP", "NATS", "KAFKA"} {
		if strings.Contains(v, other) {
			return false
		}
	}
	for _, suf := range []string{"SERVER_ADDRESS", "SERVER_ADDR", "LISTEN_ADDR", "LISTEN_ADDRESS", "HTTP_ADDR", "HTTP_ADDRESS", "BIND_ADDR", "BIND_ADDRESS", "LISTEN"} {
		if v == suf || strings.HasSuffix(v, "_"+suf) {
			return true
		}
	}
	return false
}

func isPortGetenv(e ast.Expr) bool { return getenvName(e) != "" }

func getenvName(e ast.Expr) string {
	call, ok := e.(*ast.CallExpr)
	if !ok || funcName(call.Fun) != "Getenv" || len(call.Args) != 1 {
		return ""
	}
	v, ok := literal(call.Args[0])
	if !ok || !portEnvNames[v] {
		return ""
	}
	return v
}
