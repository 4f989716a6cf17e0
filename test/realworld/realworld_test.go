//go:build realworld

package realworld

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var (
	sourcesDir = flag.String("dir", "", "the directory holding the cases' sources, one git clone per repository named owner__name (required)")
	only       = flag.String("only", "", "run only the cases whose name matches this regular expression")
	outFile    = flag.String("out", "", "also write the markdown table to this file")
	build      = flag.Bool("build", os.Getenv("REALWORLD_BUILD") == "1", "build and run the cases that need no outside services (also REALWORLD_BUILD=1)")
	keep       = flag.String("keep", "", "write each case's Dockerfile, .dockerignore and messages under this directory, to read")
	today      = flag.String("today", time.Now().UTC().Format("2006-01-02"), "the date images are judged at (YYYY-MM-DD)")
)

// TestRealWorld runs dockerize over every case whose source is present and
// prints the judged table. It fails only when it cannot run at all: a wrong
// verdict is a finding, reported in the table, not a test failure.
func TestRealWorld(t *testing.T) {
	if *sourcesDir == "" {
		t.Fatal("no sources directory: run `make realworld REALWORLD=DIR` (see test/realworld/README.md)")
	}
	cases, err := Load("cases")
	if err != nil {
		t.Fatal(err)
	}
	var filter *regexp.Regexp
	if *only != "" {
		if filter, err = regexp.Compile(*only); err != nil {
			t.Fatalf("-only: %v", err)
		}
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "dockerize")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/dockerize")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building dockerize: %v\n%s", err, out)
	}
	var rows []Row
	var missing []string
	for _, c := range cases {
		if filter != nil && !filter.MatchString(c.Name) {
			continue
		}
		row := Row{Case: c}
		// The project keeps a name like its own: dockerize names the image after it.
		work := filepath.Join(t.TempDir(), projectName(c))
		why, err := prepare(c, *sourcesDir, work)
		switch {
		case err != nil:
			row.Verdict = Verdict{Result: Error, Diffs: []string{err.Error()}}
		case why != "":
			row.Verdict = Verdict{Result: Missing, Diffs: []string{why}}
			missing = append(missing, fmt.Sprintf("%s: %s", c.Name, why))
		default:
			out := runDockerize(bin, c, work)
			row.Verdict = Judge(c, out)
			if *keep != "" {
				keepOutput(t, filepath.Join(*keep, c.Name), out)
			}
			if *build {
				row.Built = buildAndRun(t, c, work, out)
			}
		}
		t.Logf("%s: %s %s", c.Name, row.Verdict.Result, strings.Join(row.Verdict.Diffs, "; "))
		rows = append(rows, row)
	}
	table := Table(rows, *build) + "\n" + ByStack(rows)
	if len(missing) > 0 {
		table += "\nMissing sources (fetch them, clone into the sources directory, check out the commit):\n"
		for _, m := range missing {
			table += "- " + m + "\n"
		}
	}
	fmt.Println(table)
	if *outFile != "" {
		if err := os.WriteFile(*outFile, []byte(table), 0o644); err != nil {
			t.Error(err)
		}
	}
}

// prepare copies the case's directory at its commit into work. It returns
// a reason when the source is not there to judge.
func prepare(c Case, sources, work string) (string, error) {
	src := c.SourceDir(sources)
	if _, err := os.Stat(src); err != nil {
		return "no source at " + src, nil
	}
	head, err := exec.Command("git", "-C", src, "rev-parse", "HEAD").Output()
	if err != nil {
		return "", fmt.Errorf("%s is not a git clone: %w", src, err)
	}
	if got := strings.TrimSpace(string(head)); got != c.Commit {
		return fmt.Sprintf("%s is at %s, not %s: git -C %s checkout %s", src, got[:12], c.Commit[:12], src, c.Commit), nil
	}
	dir := filepath.Join(src, filepath.FromSlash(c.Subdir))
	if _, err := os.Stat(dir); err != nil {
		return "no directory " + c.Subdir + " in " + src + " (a sparse or partial checkout?)", nil
	}
	if err := os.MkdirAll(work, 0o755); err != nil {
		return "", err
	}
	return "", copyTree(dir, work)
}

// copyTree copies regular files and directories, skipping .git.
func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		target := filepath.Join(to, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			link, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(link, target)
		case d.Type().IsRegular():
			info, err := d.Info()
			if err != nil {
				return err
			}
			return copyFile(p, target, info.Mode().Perm())
		}
		return nil
	})
}

func copyFile(from, to string, mode fs.FileMode) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// runDockerize runs detect and init as a user would, in the copy.
func runDockerize(bin string, c Case, work string) Output {
	out := Output{Today: *today, IsDir: func(p string) bool {
		fi, err := os.Stat(filepath.Join(work, filepath.FromSlash(p)))
		return err == nil && fi.IsDir()
	}}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var det bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "detect", "-o", "json", work)
	cmd.Stdout = &det
	if cmd.Run() == nil {
		var d struct {
			Stack string `json:"stack"`
		}
		if json.Unmarshal(det.Bytes(), &d) == nil {
			out.Stack = d.Stack
		}
	}
	args := append([]string{"init", "--yes", "--force", "--no-save"}, c.Flags...)
	args = append(args, work)
	var stderr bytes.Buffer
	cmd = exec.CommandContext(ctx, bin, args...)
	cmd.Stderr, cmd.Stdin = &stderr, nil
	cmd.Env = append(os.Environ(), "DOCKERIZE_NO_PROMPT=1")
	err := cmd.Run()
	out.Stderr = strings.ReplaceAll(stderr.String(), work, ".")
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		out.Exit, out.Stderr = -1, "timed out after 2 minutes\n"+out.Stderr
	case errors.As(err, &exit):
		out.Exit = exit.ExitCode()
	case err != nil:
		out.Exit, out.Stderr = -1, err.Error()
	}
	if out.Exit == 0 {
		out.Dockerfile, _ = os.ReadFile(filepath.Join(work, "Dockerfile"))
		out.Dockerignore, _ = os.ReadFile(filepath.Join(work, ".dockerignore"))
	}
	return out
}

func keepOutput(t *testing.T, dir string, out Output) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Error(err)
		return
	}
	for name, data := range map[string][]byte{"Dockerfile": out.Dockerfile, "dockerignore": out.Dockerignore, "stderr": []byte(out.Stderr)} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Error(err)
		}
	}
}

// docker is Debian's client, whose build uses BuildKit (see docs on real builds).
const docker = "/usr/bin/docker"

// buildAndRun builds the generated image with the shared engine, starts it
// and asks its HTTP path. It says what happened, for the table.
func buildAndRun(t *testing.T, c Case, work string, out Output) string {
	if len(c.Services) > 0 {
		return "not run: needs " + strings.Join(c.Services, ", ")
	}
	if out.Exit != 0 || len(out.Dockerfile) == 0 {
		return "not built: no Dockerfile"
	}
	df, err := ParseDockerfile(out.Dockerfile)
	if err != nil {
		return "not built: " + err.Error()
	}
	for _, im := range df.Images() {
		if exec.Command(docker, "image", "inspect", im).Run() != nil {
			return "not built: no stand-in for " + im
		}
	}
	tag := "dockerize-realworld/" + c.Name + ":test"
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	b := exec.CommandContext(ctx, docker, "build", "-t", tag, work)
	b.Env = append(os.Environ(), "DOCKER_BUILDKIT=1")
	logs, err := b.CombinedOutput()
	if *keep != "" {
		os.WriteFile(filepath.Join(*keep, c.Name, "build.log"), logs, 0o644)
	}
	if err != nil {
		return "build failed: " + buildError(string(logs))
	}
	defer exec.Command(docker, "image", "rm", "-f", tag).Run()
	port := "8080"
	if ports := exposedPorts(df.Final().Expose); len(ports) > 0 {
		port = ports[0]
	}
	id, err := exec.Command(docker, "run", "-d", "-p", "127.0.0.1::"+port, tag).Output()
	if err != nil {
		return "did not start: " + err.Error()
	}
	cid := strings.TrimSpace(string(id))
	defer exec.Command(docker, "rm", "-f", cid).Run()
	hp, err := exec.Command(docker, "port", cid, port).Output()
	if err != nil {
		return "no published port " + port
	}
	addr := strings.TrimSpace(strings.Split(string(hp), "\n")[0])
	p := "/"
	if c.HTTP != nil {
		p = c.HTTP.Path
	}
	client := &http.Client{Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := client.Get("http://" + addr + p)
		if err == nil {
			resp.Body.Close()
			want := 0
			if c.HTTP != nil {
				want = c.HTTP.Status
			}
			if (want == 0 && resp.StatusCode < 500) || resp.StatusCode == want {
				return fmt.Sprintf("answers %d on %s", resp.StatusCode, p)
			}
			return fmt.Sprintf("answers %d on %s, want %s", resp.StatusCode, p, strconv.Itoa(want))
		}
		if st, _ := exec.Command(docker, "inspect", "-f", "{{.State.Running}}", cid).Output(); strings.TrimSpace(string(st)) == "false" {
			l, _ := exec.Command(docker, "logs", "--tail", "5", cid).CombinedOutput()
			return "exited: " + lastLines(string(l), 2)
		}
		time.Sleep(2 * time.Second)
	}
	l, _ := exec.Command(docker, "logs", "--tail", "5", cid).CombinedOutput()
	t.Logf("%s: no answer; logs:\n%s", c.Name, l)
	return "no answer on " + addr + p + ": " + lastLines(string(l), 2)
}

func projectName(c Case) string {
	if c.Subdir != "" {
		return filepath.Base(filepath.FromSlash(c.Subdir))
	}
	_, name, _ := strings.Cut(c.Repo, "/")
	return name
}

// buildError picks the lines that say why a build failed: the step's own
// error lines, not BuildKit's summary.
func buildError(logs string) string {
	var picked []string
	for _, l := range strings.Split(logs, "\n") {
		t := strings.TrimSpace(l)
		if strings.Contains(t, "executor failed") || strings.HasPrefix(t, "------") || strings.HasPrefix(t, "> [") {
			continue
		}
		if errorLine.MatchString(t) {
			picked = append(picked, t)
		}
		if len(picked) == 3 {
			break
		}
	}
	if len(picked) == 0 {
		return lastLines(logs, 3)
	}
	return oneLine(strings.Join(picked, " / "), 300)
}

var errorLine = regexp.MustCompile(`(?i)(\[ERROR\]|\berror\b|ERR!|not found|failed)`)

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return oneLine(strings.Join(lines, " / "), 300)
}
