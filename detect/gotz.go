package detect

import (
	"fmt"
	"go/ast"
	"go/token"
	"io/fs"
	"strconv"
)

// timeZones says where the code the program is built from loads a time
// zone by name (time.LoadLocation), which needs the zoneinfo database at
// run time; embedded says it imports time/tzdata, which carries it in the
// binary.
func timeZones(fsys fs.FS, reach []*goPackage) (uses string, embedded bool) {
	fset := token.NewFileSet()
	for _, rf := range reachedFiles(fsys, fset, reach) {
		for _, imp := range rf.file.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == "time/tzdata" {
				embedded = true
			}
		}
		ast.Inspect(rf.file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || uses != "" {
				return uses == ""
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && isIdent(sel.X, "time") && sel.Sel.Name == "LoadLocation" {
				uses = fmt.Sprintf("%s:%d: time.LoadLocation", rf.name, fset.Position(call.Pos()).Line)
			}
			return true
		})
	}
	return uses, embedded
}
