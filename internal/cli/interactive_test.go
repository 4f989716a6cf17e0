package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockerize-dev/dockerize/internal/iostreams"
	"github.com/dockerize-dev/dockerize/internal/prompt"
)

// project writes files into a new directory.
func project(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var twoMains = map[string]string{
	"go.mod":           "module example.com/multi\n\ngo 1.24.4\n",
	"cmd/api/main.go":  "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8000\", nil) }\n",
	"cmd/jobs/main.go": "package main\n\nfunc main() {}\n",
}

// runPrompted runs init in-process with scripted answers.
func runPrompted(t *testing.T, dir string, answers []string, args ...string) (int, *prompt.Fake, string) {
	t.Helper()
	io, _, _, errOut := iostreams.Test()
	io.SetTTY(true, true)
	fake := &prompt.Fake{Answers: answers}
	root := newRootCmd(io)
	for _, c := range root.Commands() {
		if c.Name() == "init" {
			root.RemoveCommand(c)
		}
	}
	root.AddCommand(newInitCmdWith(io, fake))
	root.SetArgs(append([]string{"init", dir}, args...))
	err := root.Execute()
	code := exitOK
	if err != nil {
		errOut.WriteString("error: " + err.Error() + "\n")
		code = exitCode(err)
	}
	return code, fake, errOut.String()
}

func read(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestPromptsAskWhatIsOpenWithDefaults(t *testing.T) {
	dir := project(t, twoMains)
	// main (select), Go version (default), runtime (default), port (changed).
	code, fake, stderr := runPrompted(t, dir, []string{"cmd/api", "", "", "9000"})
	if code != exitOK {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	if len(fake.Asked) != 4 || !strings.Contains(fake.Asked[0], "several main packages found") {
		t.Errorf("asked %q", fake.Asked)
	}
	if !strings.Contains(stderr, "main package:") || !strings.Contains(stderr, "cmd/api/main.go: package main") {
		t.Errorf("the detected facts and evidence were not shown first:\n%s", stderr)
	}
	df := read(t, filepath.Join(dir, "Dockerfile"))
	if !strings.Contains(df, "EXPOSE 9000") || !strings.Contains(df, "-o /out/api ./cmd/api") {
		t.Errorf("answers not used:\n%s", df)
	}
	saved := read(t, filepath.Join(dir, ".dockerize.yaml"))
	if !strings.Contains(saved, "main: cmd/api") || !strings.Contains(saved, `port: "9000"`) || strings.Contains(saved, "go-version") {
		t.Errorf("saved answers:\n%s", saved)
	}

	// A re-run asks nothing that was saved and writes the same files.
	code, fake, stderr = runPrompted(t, dir, []string{"", ""})
	if code != exitOK || len(fake.Asked) != 2 || !strings.Contains(stderr, "unchanged Dockerfile") {
		t.Errorf("re-run: exit %d, asked %q\n%s", code, fake.Asked, stderr)
	}
}

func TestPrecedenceFlagsThenFileThenAnswersThenDetection(t *testing.T) {
	files := map[string]string{".dockerize.yaml": "port: 7000\n"}
	for k, v := range twoMains {
		files[k] = v
	}
	dir := project(t, files)
	// The file answers port, the flag answers main: only version and
	// runtime are asked, and the flag's main wins over the file's.
	code, fake, stderr := runPrompted(t, dir, []string{"", ""}, "--main", "cmd/jobs", "--no-save")
	if code != exitOK || len(fake.Asked) != 2 {
		t.Fatalf("exit %d asked %q\n%s", code, fake.Asked, stderr)
	}
	df := read(t, filepath.Join(dir, "Dockerfile"))
	if !strings.Contains(df, "EXPOSE 7000") || !strings.Contains(df, "./cmd/jobs") {
		t.Errorf("precedence broken:\n%s", df)
	}
	// A flag wins over the file too.
	os.Remove(filepath.Join(dir, "Dockerfile"))
	code, _, _ = runPrompted(t, dir, []string{"", ""}, "--main", "cmd/jobs", "--port", "7100", "--no-save")
	if df := read(t, filepath.Join(dir, "Dockerfile")); code != exitOK || !strings.Contains(df, "EXPOSE 7100") {
		t.Errorf("flag did not win over the file:\n%s", df)
	}
	if saved := read(t, filepath.Join(dir, ".dockerize.yaml")); saved != "port: 7000\n" {
		t.Errorf("--no-save changed the file:\n%s", saved)
	}
}

func TestInvalidAnswerIsAskedAgain(t *testing.T) {
	dir := project(t, twoMains)
	code, fake, stderr := runPrompted(t, dir, []string{"cmd/api", "latest", "1.23", "", "70000", "8443"}, "--no-save")
	if code != exitOK || len(fake.Asked) != 6 {
		t.Fatalf("exit %d asked %q\n%s", code, fake.Asked, stderr)
	}
	df := read(t, filepath.Join(dir, "Dockerfile"))
	if !strings.Contains(df, "golang:1.23-bookworm") || !strings.Contains(df, "EXPOSE 8443") {
		t.Errorf("validated answers not used:\n%s", df)
	}
}

func TestCancelWritesNothing(t *testing.T) {
	dir := project(t, twoMains)
	code, _, stderr := runPrompted(t, dir, []string{"cmd/api"}) // input ends at the next question
	if code != exitCancelled || !strings.Contains(stderr, "cancelled") {
		t.Errorf("exit %d, want %d:\n%s", code, exitCancelled, stderr)
	}
	for _, f := range []string{"Dockerfile", ".dockerignore", ".dockerize.yaml"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			t.Errorf("%s was written after a cancel", f)
		}
	}
}

func TestExistingFileChoice(t *testing.T) {
	files := map[string]string{"Dockerfile": "FROM golang:latest\n"}
	for k, v := range twoMains {
		files[k] = v
	}
	dir := project(t, files)
	code, fake, stderr := runPrompted(t, dir, []string{"cmd/api", "", "", "", "show the diff first", "keep it"}, "--no-save")
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if read(t, filepath.Join(dir, "Dockerfile")) != "FROM golang:latest\n" {
		t.Error("the kept Dockerfile changed")
	}
	if !strings.Contains(stderr, "-FROM golang:latest") || !strings.Contains(stderr, "kept Dockerfile") || !strings.Contains(stderr, "created .dockerignore") {
		t.Errorf("diff or statuses missing:\n%s", stderr)
	}
	if last := fake.Asked[len(fake.Asked)-1]; !strings.Contains(last, "Dockerfile exists with other content") {
		t.Errorf("last question %q", last)
	}
	code, _, _ = runPrompted(t, dir, []string{"cmd/api", "", "", "", "overwrite it"}, "--no-save")
	if df := read(t, filepath.Join(dir, "Dockerfile")); code != exitOK || !strings.Contains(df, "USER 65532:65532") {
		t.Errorf("overwrite chosen, got:\n%s", df)
	}
}

func TestYesNeverPrompts(t *testing.T) {
	dir := project(t, twoMains)
	code, fake, stderr := runPrompted(t, dir, nil, "--yes")
	if code != exitUsage || len(fake.Asked) != 0 || !strings.Contains(stderr, "pass --main") {
		t.Errorf("exit %d asked %q\n%s", code, fake.Asked, stderr)
	}
}
