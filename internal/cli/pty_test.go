package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// dockerizeCommand is the dockerize command for the terminal tests: this
// test binary, which TestMain puts on PATH under that name and which runs
// Run when called by it, so no separate build is needed.
func dockerizeCommand(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("dockerize")
	if err != nil {
		t.Fatalf("TestMain did not put dockerize on PATH: %v", err)
	}
	return bin
}

// screen collects what the program writes to its terminal.
type screen struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *screen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// answerTerminal copies the program's output to s and answers its cursor
// position queries (ESC [6n) the way a terminal emulator would; survey waits
// for that answer before drawing a prompt.
func answerTerminal(tty *os.File, s *screen) {
	buf := make([]byte, 4096)
	for {
		n, err := tty.Read(buf)
		if n > 0 {
			s.Write(buf[:n])
			for range bytes.Count(buf[:n], []byte("\x1b[6n")) {
				tty.WriteString("\x1b[1;1R")
			}
		}
		if err != nil {
			return
		}
	}
}

// send types keys after a pause: a prompt that has just been drawn may
// still be switching the terminal to raw mode, which can drop input typed
// ahead of it.
func send(tty *os.File, keys string) {
	time.Sleep(150 * time.Millisecond)
	tty.WriteString(keys)
}

// expect waits until the terminal shows text after position from, and
// returns the position after it.
func (s *screen) expect(t *testing.T, from int, text string) int {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		out := s.String()
		if i := strings.Index(out[min(from, len(out)):], text); i >= 0 {
			return from + i + len(text)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the terminal never showed %q; it shows:\n%s", text, s.String()[min(from, len(s.String())):])
	return 0
}

// TestRealTerminal drives the real binary in a pseudo-terminal: it picks a
// main package other than the preselected one, keeps two defaults, changes
// the port, and on a second run declines to overwrite a changed Dockerfile.
func TestRealTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := dockerizeCommand(t)
	dir := project(t, twoMains)

	run := func(steps func(s *screen, tty *os.File)) string {
		cmd := exec.Command(bin, "init", dir)
		cmd.Env = append(os.Environ(), "TERM=xterm", "DOCKERIZE_NO_PROMPT=")
		tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 120})
		if err != nil {
			t.Fatal(err)
		}
		defer tty.Close()
		s := &screen{}
		go answerTerminal(tty, s)
		steps(s, tty)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("dockerize init: %v\n%s", err, s.String())
			}
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("dockerize init did not finish:\n%s", s.String())
		}
		time.Sleep(100 * time.Millisecond)
		return s.String()
	}

	out := run(func(s *screen, tty *os.File) {
		at := s.expect(t, 0, "Which main package should the image run?")
		at = s.expect(t, at, "cmd/jobs")
		send(tty, "\x1b[B") // down to cmd/jobs
		send(tty, "\r")
		at = s.expect(t, at, "Which Go version builds it?")
		send(tty, "\r")
		at = s.expect(t, at, "Which runtime image?")
		send(tty, "\r")
		at = s.expect(t, at, "Which port does the app listen on?")
		send(tty, "9100\r")
		s.expect(t, at, "created Dockerfile")
	})
	df := read(t, filepath.Join(dir, "Dockerfile"))
	if !strings.Contains(df, "./cmd/jobs") || !strings.Contains(df, "EXPOSE 9100") {
		t.Fatalf("answers not in the Dockerfile:\n%s\nterminal:\n%s", df, out)
	}
	if saved := read(t, filepath.Join(dir, ".dockerize.yaml")); !strings.Contains(saved, "main: cmd/jobs") || !strings.Contains(saved, `port: "9100"`) {
		t.Errorf("saved answers:\n%s", saved)
	}

	// Someone edits the Dockerfile; a re-run offers keep (preselected).
	edited := df + "# local tweak\n"
	os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte(edited), 0o644)
	run(func(s *screen, tty *os.File) {
		at := s.expect(t, 0, "Which Go version builds it?")
		send(tty, "\r")
		at = s.expect(t, at, "Which runtime image?")
		send(tty, "\r")
		at = s.expect(t, at, "Dockerfile exists with other content")
		send(tty, "\r")
		s.expect(t, at, "kept Dockerfile")
	})
	if got := read(t, filepath.Join(dir, "Dockerfile")); got != edited {
		t.Errorf("declined overwrite changed the Dockerfile:\n%s", got)
	}
}

// TestNoTerminalNeverWaits runs the binary with a pipe on stdin that is never
// written or closed: without a terminal it must finish (or fail) on its own.
func TestNoTerminalNeverWaits(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := dockerizeCommand(t)
	for _, c := range []struct {
		name string
		args []string
		ok   bool
	}{
		{"missing answer", nil, false},
		{"all answered", []string{"--main", "cmd/api"}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := project(t, twoMains)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, append([]string{"init", dir}, c.args...)...)
			r, w, _ := os.Pipe()
			defer w.Close()
			cmd.Stdin = r
			out, err := cmd.CombinedOutput()
			if ctx.Err() != nil {
				t.Fatalf("dockerize waited for input with no terminal:\n%s", out)
			}
			if (err == nil) != c.ok {
				t.Errorf("err = %v\n%s", err, out)
			}
			if !c.ok && !strings.Contains(string(out), "pass --main") {
				t.Errorf("the error does not name the flag:\n%s", out)
			}
		})
	}
}
