package detect

import (
	"bufio"
	"bytes"
	"fmt"
	"go/build/constraint"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// BuildTags are the custom build tags a module's own build passes to go
// build, and the file and line that pass them.
type BuildTags struct {
	Tags     []string `json:"tags"`
	Evidence string   `json:"evidence"`
}

// GatedFile is a file of the module that go build leaves out unless a
// custom build tag is set.
type GatedFile struct {
	File string   `json:"file"`
	Tags []string `json:"tags"`
}

// buildFiles are where projects write their own go build command lines.
var buildFiles = []string{
	"Makefile", "makefile", "GNUmakefile", "Dockerfile", "Taskfile.yml", "Taskfile.yaml",
	"justfile", "Justfile", ".goreleaser.yml", ".goreleaser.yaml", "build.sh", "scripts/build.sh",
}

// goBuildTagsRE finds -tags on a go build, install or run command line:
// -tags migrate, -tags=a,b, -tags "a b", --tags 'a'.
var goBuildTagsRE = regexp.MustCompile(`\bgo\s+(?:build|install|run)\b[^\n]*?\s--?tags[= ]\s*(?:"([^"\n]*)"|'([^'\n]*)'|([A-Za-z0-9_.,]+))`)

// goreleaserTagsRE finds a tags list item of a goreleaser build.
var goreleaserTagsRE = regexp.MustCompile(`^\s*(?:-\s+)?tags:\s*\[?\s*([A-Za-z0-9_., ]*?)\s*\]?\s*$`)

// yamlItemRE is one "- item" line of a YAML list.
var yamlItemRE = regexp.MustCompile(`^\s*-\s+([A-Za-z0-9_.]+)\s*$`)

// tagRE is a build tag as go build accepts it.
var tagRE = regexp.MustCompile(`^[A-Za-z0-9_.]+$`)

// projectBuildTags reads the custom tags the project's own build files pass
// to go build, in the module's directory and then the project root. Only
// tags that some file of the module is gated on count (gated lists them):
// a -tags netgo or a tag of another program changes nothing here.
func projectBuildTags(fsys fs.FS, moduleDir string, gated map[string]bool) *BuildTags {
	dirs := []string{moduleDir}
	if moduleDir != "." {
		dirs = append(dirs, ".")
	}
	for _, dir := range dirs {
		for _, name := range buildFiles {
			file := path.Join(dir, name)
			data, err := readBounded(fsys, file)
			if err != nil {
				continue
			}
			if bt := tagsIn(file, data, gated); bt != nil {
				return bt
			}
		}
	}
	return nil
}

// tagsIn returns the first go build line of data whose tags gate files.
func tagsIn(file string, data []byte, gated map[string]bool) *BuildTags {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	goreleaser := strings.Contains(file, "goreleaser")
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	for i, line := range lines {
		n := i + 1
		var list string
		if m := goBuildTagsRE.FindStringSubmatch(line); m != nil {
			list = m[1] + m[2] + m[3]
		} else if m := goreleaserTagsRE.FindStringSubmatch(line); goreleaser && m != nil {
			list = m[1]
			for _, next := range lines[i+1:] {
				item := yamlItemRE.FindStringSubmatch(next)
				if m[1] != "" || item == nil {
					break // an inline list, or the end of the block list
				}
				list += " " + item[1]
			}
		} else {
			continue
		}
		var tags []string
		useful := false
		for _, t := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' }) {
			if !tagRE.MatchString(t) {
				tags = nil
				break
			}
			tags = append(tags, t)
			useful = useful || gated[t]
		}
		if useful {
			return &BuildTags{Tags: tags, Evidence: fmt.Sprintf("%s:%d: %s", file, n, truncate(strings.TrimSpace(line), 80))}
		}
	}
	return nil
}

// gatedTags parses the //go:build lines of the files go/build left out and
// returns the custom tags that would bring each in: not GOOS, GOARCH, cgo,
// compiler, go1.N or ignore.
func gatedTags(fsys fs.FS, files []string) []GatedFile {
	var out []GatedFile
	for _, f := range files {
		if !strings.HasSuffix(f, ".go") || strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, err := readBounded(fsys, f)
		if err != nil {
			continue
		}
		expr := buildConstraint(data)
		if expr == nil {
			continue
		}
		var tags []string
		collectTags(expr, &tags)
		tags = slices.DeleteFunc(tags, knownTag)
		if len(tags) > 0 && satisfiableWith(expr, tags) {
			sort.Strings(tags)
			out = append(out, GatedFile{File: f, Tags: slices.Compact(tags)})
		}
	}
	return out
}

// buildConstraint is the //go:build expression of a Go file's header.
func buildConstraint(src []byte) constraint.Expr {
	for _, line := range strings.Split(string(src), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "//") && !constraint.IsGoBuild(line) {
			continue
		}
		if !constraint.IsGoBuild(line) {
			return nil // the header ends at the package clause
		}
		expr, err := constraint.Parse(line)
		if err != nil {
			return nil
		}
		return expr
	}
	return nil
}

func collectTags(e constraint.Expr, out *[]string) {
	switch e := e.(type) {
	case *constraint.TagExpr:
		*out = append(*out, e.Tag)
	case *constraint.NotExpr:
		collectTags(e.X, out)
	case *constraint.AndExpr:
		collectTags(e.X, out)
		collectTags(e.Y, out)
	case *constraint.OrExpr:
		collectTags(e.X, out)
		collectTags(e.Y, out)
	}
}

// satisfiableWith reports whether the expression holds on linux/amd64
// with cgo when the tags are set: a file for another OS stays out.
func satisfiableWith(e constraint.Expr, tags []string) bool {
	return e.Eval(func(tag string) bool {
		return slices.Contains(tags, tag) || tag == "linux" || tag == "amd64" || tag == "unix" || tag == "cgo" || tag == "gc" || strings.HasPrefix(tag, "go1.")
	})
}

// knownTag reports whether go build sets or understands tag itself.
func knownTag(tag string) bool {
	switch tag {
	case "ignore", "cgo", "gc", "gccgo", "unix", "race", "msan", "asan", "purego",
		"tools", "generate", "integration", "e2e", "test", "tests":
		return true
	}
	if strings.HasPrefix(tag, "go1.") || strings.HasPrefix(tag, "goexperiment.") {
		return true
	}
	for _, known := range []string{"aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos",
		"386", "amd64", "arm", "arm64", "loong64", "mips", "mipsle", "mips64", "mips64le", "ppc64", "ppc64le", "riscv64", "s390x", "wasm"} {
		if tag == known {
			return true
		}
	}
	return false
}
