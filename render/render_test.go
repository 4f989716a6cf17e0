package render

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dockerize-dev/dockerize/detect"
	"github.com/dockerize-dev/dockerize/internal/dfvalue"
	"github.com/dockerize-dev/dockerize/plan"
	"github.com/dockerize-dev/dockerize/templates"
)

// minimalPlan is a small valid Go plan; every stack's templates are
// rendered by the golden cases.
func minimalPlan() *plan.Plan {
	build, _ := dfvalue.NewImage("golang:1.24-bookworm")
	runtime, _ := dfvalue.NewImage("gcr.io/distroless/static-debian12:nonroot")
	key, _ := dfvalue.NewKey("a")
	value, _ := dfvalue.NewQuoted("b")
	dot, _ := dfvalue.NewPath(".")
	mod, _ := dfvalue.NewPath("go.mod")
	bin, _ := dfvalue.NewName("app")
	entry, _ := dfvalue.NewExec("/usr/local/bin/app")
	return &plan.Plan{
		Stack: detect.Go, Templates: "go", Generator: dfvalue.NewComment("dockerize test"), Name: dfvalue.NewImageName("app"), Port: 8080, UID: 1, GID: 1,
		BuildImage: build, RuntimeImage: runtime,
		Labels: []plan.Label{{Key: key, Value: value}},
		Detail: &plan.GoPlan{Version: "1.24", Package: dot, Binary: bin, Entrypoint: entry, Download: true, Manifests: []plan.Copy{{Sources: dfvalue.Paths{mod}, Dest: dot.DirDest()}}},
	}
}

func TestRenderEndsInOneNewline(t *testing.T) {
	files, err := Render(minimalPlan(), templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !bytes.HasSuffix(f.Data, []byte("\n")) || bytes.HasSuffix(f.Data, []byte("\n\n")) {
			t.Errorf("%s does not end in exactly one newline", f.Path)
		}
		if bytes.Contains(f.Data, []byte(" \n")) {
			t.Errorf("%s has trailing spaces", f.Path)
		}
	}
}

func TestBrokenTemplateNamesFileAndLine(t *testing.T) {
	tfs := fstest.MapFS{
		"go/Dockerfile.tmpl":    {Data: []byte("FROM x\n{{ .Nope }\n")},
		"go/dockerignore.tmpl":  {Data: []byte("x\n")},
		"partials/partial.tmpl": {Data: []byte("")},
	}
	_, err := Render(minimalPlan(), tfs)
	if err == nil || !strings.Contains(err.Error(), "Dockerfile.tmpl:2") {
		t.Errorf("err = %v, want the file and line", err)
	}
	tfs["go/Dockerfile.tmpl"] = &fstest.MapFile{Data: []byte("FROM {{ .NoSuchField }}\n")}
	_, err = Render(minimalPlan(), tfs)
	if err == nil || !strings.Contains(err.Error(), "NoSuchField") {
		t.Errorf("err = %v, want the unknown field named", err)
	}
}

func TestNormalize(t *testing.T) {
	got := string(normalize([]byte("\n\nFROM a  \n\n\n\nRUN b\t\n\n")))
	if got != "FROM a\n\nRUN b\n" {
		t.Errorf("normalize = %q", got)
	}
}
