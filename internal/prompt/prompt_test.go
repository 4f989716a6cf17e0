//go:build unix

package prompt

import (
	"bytes"
	"errors"
	"io"
	"os"
	"testing"
	"time"

	"github.com/creack/pty"
)

// onTerminal runs ask against a Survey on a real pseudo-terminal, types
// keys once the prompt is drawn, and returns ask's error.
func onTerminal(t *testing.T, keys string, ask func(*Survey) error) error {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skip("no pseudo-terminal:", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	pty.Setsize(ptmx, &pty.Winsize{Rows: 24, Cols: 80})
	s, err := NewSurvey(tty, tty, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	drawn := make(chan struct{}, 1)
	go answer(ptmx, drawn)
	done := make(chan error, 1)
	go func() { done <- ask(s) }()
	select {
	case <-drawn:
	case <-time.After(10 * time.Second):
		t.Fatal("the prompt was never drawn")
	}
	time.Sleep(200 * time.Millisecond) // let survey switch to raw mode
	ptmx.WriteString(keys)
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatalf("the prompt still waits after %q", keys)
		return nil
	}
}

// answer reads the terminal's output, answering survey's cursor position
// queries as a terminal emulator would, and says when a prompt shows.
func answer(ptmx *os.File, drawn chan<- struct{}) {
	buf := make([]byte, 4096)
	for {
		n, err := ptmx.Read(buf)
		for range bytes.Count(buf[:n], []byte("\x1b[6n")) {
			ptmx.WriteString("\x1b[1;1R")
		}
		if bytes.Contains(buf[:n], []byte("?")) {
			select {
			case drawn <- struct{}{}:
			default:
			}
		}
		if err != nil {
			return
		}
	}
}

func TestCtrlDCancels(t *testing.T) {
	for name, ask := range map[string]func(*Survey) error{
		"select": func(s *Survey) error {
			_, err := s.Select("Which runtime?", []string{"static", "glibc"}, "static")
			return err
		},
		"input": func(s *Survey) error { _, err := s.Input("Which port?", "8080", nil); return err },
	} {
		t.Run(name, func(t *testing.T) {
			if err := onTerminal(t, "\x04", ask); !errors.Is(err, ErrCancelled) {
				t.Errorf("Ctrl-D: err = %v, want ErrCancelled", err)
			}
		})
	}
	// Ctrl-C still cancels, and Enter still takes the default.
	if err := onTerminal(t, "\x03", func(s *Survey) error { _, err := s.Select("Which?", []string{"a", "b"}, "a"); return err }); !errors.Is(err, ErrCancelled) {
		t.Errorf("Ctrl-C: %v", err)
	}
	var got string
	err := onTerminal(t, "\r", func(s *Survey) error {
		var err error
		got, err = s.Select("Which?", []string{"a", "b"}, "b")
		return err
	})
	if err != nil || got != "b" {
		t.Errorf("Enter: %q, %v", got, err)
	}
}
