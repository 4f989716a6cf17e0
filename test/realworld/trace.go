package realworld

import (
	"path"
	"sort"
	"strings"
)

// Locate returns the absolute paths at which stage i of the Dockerfile
// holds the project path p (relative to the build context), following COPY
// from the context and from other stages, and the stage it starts from.
// RUN steps are not followed: a file a RUN moves is not found. isDir says
// whether a project path is a directory.
func (d *Dockerfile) Locate(i int, p string, isDir func(string) bool) []string {
	p = path.Clean(p)
	seen := map[string]bool{}
	d.locate(i, p, isDir, seen, 0)
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (d *Dockerfile) locate(i int, p string, isDir func(string) bool, into map[string]bool, depth int) {
	if i < 0 || i >= len(d.Stages) || depth > len(d.Stages) {
		return
	}
	st := d.Stages[i]
	if st.FromStage >= 0 {
		d.locate(st.FromStage, p, isDir, into, depth+1)
	}
	for _, c := range st.Copies {
		switch {
		case c.From == -1:
			for _, src := range c.Sources {
				for _, img := range mapCopy(ctxClean(src), p, c, isDir(p)) {
					into[img] = true
				}
			}
		case c.From >= 0:
			inner := map[string]bool{}
			d.locate(c.From, p, isDir, inner, depth+1)
			for q := range inner {
				for _, src := range c.Sources {
					for _, img := range mapCopy(path.Clean(absJoin("/", src)), q, c, isDir(p)) {
						into[img] = true
					}
				}
			}
		}
	}
}

// mapCopy says where a COPY of src puts q (a path in the source
// filesystem): src may be q itself, an ancestor of q, or a glob matching
// either. pIsDir says whether q is a directory.
func mapCopy(src, q string, c Copy, pIsDir bool) []string {
	var out []string
	for a := q; ; a = parentOf(a) {
		if srcMatches(src, a) {
			switch {
			case a != q: // an ancestor directory: its contents land in Dest
				out = append(out, path.Join(c.Dest, strings.TrimPrefix(q, strings.TrimSuffix(a, "/")+"/")))
				if a == "." {
					out[len(out)-1] = path.Join(c.Dest, q)
				}
			case pIsDir:
				out = append(out, c.Dest)
			case c.DestDir || hasMeta(src):
				out = append(out, path.Join(c.Dest, path.Base(q)))
			default:
				out = append(out, c.Dest)
			}
			break
		}
		if a == "." || a == "/" {
			break
		}
	}
	return out
}

func parentOf(a string) string {
	d := path.Dir(a)
	if d == a {
		return a
	}
	return d
}

func srcMatches(src, a string) bool {
	if hasMeta(src) {
		ok, _ := path.Match(src, a)
		return ok
	}
	return src == a
}

func hasMeta(s string) bool { return strings.ContainsAny(s, "*?[") }

// ctxClean makes a COPY source relative to the context root: "./x/" -> "x",
// "/" and "." -> ".".
func ctxClean(src string) string {
	s := path.Clean("/" + src)
	if s == "/" {
		return "."
	}
	return strings.TrimPrefix(s, "/")
}
