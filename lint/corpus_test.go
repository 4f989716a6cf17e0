package lint

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want/ parts of the corpus cases and corpus.sarif")

// The corpus: Dockerfiles as dockerize, docker init, nixpacks and people
// write them, each with the findings it must get, as text and JSON. The
// SARIF report of the whole corpus is a golden file too, and must satisfy
// the SARIF 2.1.0 schema that code-scanning services validate against.
func TestCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/corpus/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	var all []Result
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		df := part(ar, "Dockerfile")
		if df == nil {
			t.Fatalf("%s has no Dockerfile", file)
		}
		findings, err := Check(df)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		res := Result{Path: name + "/Dockerfile", Findings: findings}
		all = append(all, res)
		got := map[string][]byte{}
		for _, format := range []string{"text", "json"} {
			var buf bytes.Buffer
			if err := WriteReport(&buf, format, []Result{res}, "test"); err != nil {
				t.Fatal(err)
			}
			got["want/"+format] = buf.Bytes()
		}
		if *update {
			setParts(t, file, ar, got)
			continue
		}
		for _, k := range []string{"want/text", "want/json"} {
			if want := part(ar, k); !bytes.Equal(want, got[k]) {
				t.Errorf("%s: %s differs (go test ./lint -update rewrites it):\n--- want\n%s--- got\n%s", name, k, want, got[k])
			}
		}
	}
	var sarif bytes.Buffer
	if err := WriteReport(&sarif, "sarif", all, "test"); err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, sarif.Bytes())
	const golden = "testdata/corpus.sarif"
	if *update {
		if err := os.WriteFile(golden, sarif.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, sarif.Bytes()) {
		t.Errorf("%s differs from the corpus's SARIF report; run go test ./lint -update and review", golden)
	}
}

func TestGeneratedCorpusCaseIsClean(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/corpus/dockerize-go.txtar")
	if err != nil {
		t.Fatal(err)
	}
	findings, err := Check(part(ar, "Dockerfile"))
	if err != nil || len(findings) != 0 {
		t.Errorf("dockerize's own output has findings: %+v, %v", findings, err)
	}
}

func validateSARIF(t *testing.T, data []byte) {
	t.Helper()
	if err := sarifSchemaError(data); err != nil {
		t.Errorf("SARIF output does not satisfy the SARIF 2.1.0 schema: %v", err)
	}
}

// sarifSchemaError validates data against the vendored SARIF 2.1.0 schema.
func sarifSchemaError(data []byte) error {
	schemaFile, err := os.Open("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		return err
	}
	defer schemaFile.Close()
	schemaDoc, err := jsonschema.UnmarshalJSON(schemaFile)
	if err != nil {
		return err
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-schema-2.1.0.json", schemaDoc); err != nil {
		return err
	}
	schema, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		return err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return schema.Validate(doc)
}

func TestSARIFSchemaCatchesMistakes(t *testing.T) {
	// The check must be able to fail: a result needs a message, and a
	// level is one of SARIF's.
	for _, bad := range []string{
		`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"DZ001"}]}]}`,
		`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"DZ001","level":"info","message":{"text":"m"}}]}]}`,
		`{"version":"2.0.0","runs":[]}`,
	} {
		if sarifSchemaError([]byte(bad)) == nil {
			t.Errorf("an invalid SARIF log passed the schema check: %s", bad)
		}
	}
}

func part(ar *txtar.Archive, name string) []byte {
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
}

func setParts(t *testing.T, file string, ar *txtar.Archive, parts map[string][]byte) {
	t.Helper()
	var files []txtar.File
	for _, f := range ar.Files {
		if !strings.HasPrefix(f.Name, "want/") {
			files = append(files, f)
		}
	}
	for _, k := range []string{"want/text", "want/json"} {
		files = append(files, txtar.File{Name: k, Data: parts[k]})
	}
	ar.Files = files
	if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
}
