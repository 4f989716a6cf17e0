package detect

import (
	"go/ast"
	"strings"
)

// goFlag is a command-line flag a Go program defines, with its default as
// a string and, when the default is an environment variable's with a
// literal fallback (getEnv("X", "80")), that variable.
type goFlag struct {
	name, value, env string
}

// flagKinds are the flag and pflag definers, with the index of the name
// and of the default among their arguments, and how many they take.
var flagKinds = map[string]struct{ name, value, args int }{
	"String": {0, 1, 3}, "Int": {0, 1, 3}, "Uint": {0, 1, 3},
	"StringVar": {1, 2, 4}, "IntVar": {1, 2, 4}, "UintVar": {1, 2, 4},
	"StringP": {0, 2, 4}, "IntP": {0, 2, 4}, "UintP": {0, 2, 4},
	"StringVarP": {1, 3, 5}, "IntVarP": {1, 3, 5}, "UintVarP": {1, 3, 5},
}

// flagDef reads a flag definition of the standard flag package or pflag
// (on the package, a FlagSet or cobra's cmd.Flags()): its name and its
// default, a literal, a constant, or the fallback of a getenv-style helper.
func flagDef(call *ast.CallExpr, str func(ast.Expr) (string, bool)) (goFlag, bool) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return goFlag{}, false
	}
	k, ok := flagKinds[sel.Sel.Name]
	if !ok || len(call.Args) != k.args {
		return goFlag{}, false
	}
	switch x := sel.X.(type) {
	case *ast.Ident: // flag, pflag, fs
	case *ast.CallExpr: // cmd.Flags(), cmd.PersistentFlags()
		if n := funcName(x.Fun); n != "Flags" && n != "PersistentFlags" {
			return goFlag{}, false
		}
	default:
		return goFlag{}, false
	}
	name, ok := str(call.Args[k.name])
	if !ok || name == "" {
		return goFlag{}, false
	}
	if v, ok := str(call.Args[k.value]); ok {
		return goFlag{name: name, value: v}, true
	}
	// getEnv("PORT", "8080"), envOr("PORT", "8080"), cmp.Or(os.Getenv("PORT"), "8080")
	if c, ok := call.Args[k.value].(*ast.CallExpr); ok && len(c.Args) == 2 {
		fallback, ok := str(c.Args[1])
		if !ok {
			return goFlag{}, false
		}
		env, _ := str(c.Args[0])
		if env == "" {
			if g, ok := c.Args[0].(*ast.CallExpr); ok && funcName(g.Fun) == "Getenv" && len(g.Args) == 1 {
				env, _ = str(g.Args[0])
			}
		}
		if env == "" {
			return goFlag{}, false
		}
		return goFlag{name: name, value: fallback, env: env}, true
	}
	return goFlag{}, false
}

// portFlagName reports a flag that names a listen port or address.
func portFlagName(name string) bool {
	n := strings.ToLower(name)
	switch {
	case n == "listen" || n == "http" || n == "bind":
		return true
	}
	for _, other := range []string{"metrics", "grpc", "secure", "tls", "https", "admin", "debug", "pprof", "db", "redis", "sql", "postgres", "mongo", "smtp", "remote", "upstream", "backend", "proxy", "peer", "cluster"} {
		if strings.Contains(n, other) {
			return false
		}
	}
	return strings.Contains(n, "port") || strings.Contains(n, "addr")
}
