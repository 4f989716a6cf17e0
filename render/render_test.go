package render

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dockerize-dev/dockerize/detect"
	"github.com/dockerize-dev/dockerize/plan"
	"github.com/dockerize-dev/dockerize/templates"
)

// minimalPlan is a small valid Go plan; every stack's templates are
// rendered by the golden cases.
func minimalPlan() *plan.Plan {
	return &plan.Plan{
		Stack: detect.Go, Templates: "go", Generator: "dockerize test", Name: "app", Port: 8080, UID: 1, GID: 1,
		BuildImage: "golang:1.24-bookworm", RuntimeImage: "gcr.io/distroless/static-debian12:nonroot",
		Labels: []plan.Label{{Key: "a", Value: "b"}},
		Detail: &plan.GoPlan{Version: "1.24", Package: ".", Binary: "app", Download: true, Manifests: []plan.Copy{{Sources: []string{"go.mod"}, Dest: "./"}}},
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
