package detect

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// GoFrontend is a web UI that a Go program embeds but the project does not
// hold built: //go:embed names a directory that a Node.js build in the
// project makes (gotify's ui/build, made by `yarn build` in ui/).
type GoFrontend struct {
	// Dir is the Node.js project's directory and Out the directory its
	// build writes, which the embed needs; both from the project root.
	Dir string `json:"dir"`
	Out string `json:"out"`
	// Evidence names the embed line and the build script.
	Evidence string `json:"evidence"`
	// Node is what Node.js detection found in Dir, its evidence relative
	// to Dir.
	Node *NodeProject `json:"-"`
}

// goEmbed is one //go:embed pattern of a package, with where it is.
type goEmbed struct {
	pattern string
	at      string // file:line
}

// embedFrontend finds the first embed of the reached packages whose
// directory is missing and is the output of a Node.js build script in the
// directory that holds it, or one above.
func embedFrontend(fsys fs.FS, reach []*goPackage) (*GoFrontend, error) {
	for _, pkg := range reach {
		for _, e := range pkg.embeds {
			out := embedDir(pkg.dir, e.pattern)
			if out == "" || exists(fsys, out) {
				continue
			}
			for dir := path.Dir(out); ; dir = path.Dir(dir) {
				if exists(fsys, path.Join(dir, "package.json")) {
					return frontendIn(fsys, dir, out, e)
				}
				if dir == "." || dir == pkg.dir {
					break
				}
			}
		}
	}
	return nil, nil
}

// frontendIn reads the Node.js project in dir whose build makes out.
func frontendIn(fsys fs.FS, dir, out string, e goEmbed) (*GoFrontend, error) {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		return nil, err
	}
	scratch := &Project{}
	marker, err := DetectNode(sub, scratch)
	if err != nil {
		return nil, fmt.Errorf("%s (the web UI that %s embeds): %w", dir, e.at, err)
	}
	n := scratch.Node()
	if marker == "" || n == nil || len(n.Packages) == 0 || n.Packages[0].Scripts["build"] == "" {
		return nil, nil
	}
	pm := n.PackageManager
	if pm == "" {
		pm = "npm"
	}
	run := pm + " run build"
	if pm == "yarn" {
		run = "yarn build"
	}
	return &GoFrontend{
		Dir: dir, Out: out, Node: n,
		Evidence: fmt.Sprintf("%s: //go:embed %s needs %s, which `%s` makes in %s (%s)", e.at, e.pattern, out, run, dir, path.Join(dir, "package.json")),
	}, nil
}

// embedDir is the directory an embed pattern takes files from, from the
// project root: the pattern's path up to its first wildcard, when that is
// a directory below the package ("build/*" in ui gives ui/build); "" for
// a pattern of single files or one that leaves the package.
func embedDir(pkgDir, pattern string) string {
	pattern = strings.TrimPrefix(pattern, "all:")
	var lit []string
	for _, el := range strings.Split(pattern, "/") {
		if strings.ContainsAny(el, "*?[\\") {
			break
		}
		lit = append(lit, el)
	}
	if len(lit) == 0 {
		return ""
	}
	rel := path.Join(lit...)
	if len(lit) == len(strings.Split(pattern, "/")) && path.Ext(rel) != "" {
		return "" // a single file (index.html, schema.sql)
	}
	if !fs.ValidPath(rel) || rel == "." {
		return ""
	}
	return path.Join(pkgDir, rel)
}
