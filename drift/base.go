package drift

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/tools/txtar"
)

// BasePath is where upgrade keeps the text dockerize generated last, one
// archive for all outputs, committed beside .dockerize.yaml. A three-way
// merge needs that text, and neither the stamp (a digest) nor a newer
// dockerize can give it back. The name holds no "Dockerfile", so image
// updaters and scanners that match Dockerfile* never touch the copy.
const BasePath = ".dockerize/base.txtar"

// baseComment heads the archive, for whoever opens it.
const baseComment = "The files dockerize generated last, as it generated them. dockerize upgrade\n" +
	"merges your edits from here; do not edit, and commit it with the files.\n"

// txtarMarker is a line txtar would read as the start of a file.
var txtarMarker = regexp.MustCompile(`(?m)^-- .* --\r?$`)

// EncodeBase makes the archive from output paths to generated texts.
func EncodeBase(files map[string]string) ([]byte, error) {
	a := &txtar.Archive{Comment: []byte(baseComment)}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		text := files[p]
		if loc := txtarMarker.FindStringIndex(text); loc != nil {
			return nil, fmt.Errorf("saving the generated %s in %s: line %d (%q) would read as a file boundary; change the template so no line is \"-- name --\"",
				p, BasePath, strings.Count(text[:loc[0]], "\n")+1, strings.TrimSpace(text[loc[0]:loc[1]]))
		}
		if text != "" && !strings.HasSuffix(text, "\n") {
			return nil, fmt.Errorf("saving the generated %s in %s: it does not end with a newline", p, BasePath)
		}
		a.Files = append(a.Files, txtar.File{Name: p, Data: []byte(text)})
	}
	return txtar.Format(a), nil
}

// DecodeBase reads the archive back. A path listed twice is an error (the
// file was edited or merged by hand).
func DecodeBase(data []byte) (map[string]string, error) {
	a := txtar.Parse(data)
	files := map[string]string{}
	for _, f := range a.Files {
		if _, dup := files[f.Name]; dup {
			return nil, fmt.Errorf("%s lists %s twice; restore it from version control or delete it (upgrade then treats edits as conflicts)", BasePath, f.Name)
		}
		files[f.Name] = string(f.Data)
	}
	return files, nil
}
