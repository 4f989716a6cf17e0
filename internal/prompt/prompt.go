// Package prompt asks the user questions on a terminal. Commands see only
// the Prompter interface, so tests answer with a scripted Fake and a switch
// away from survey would touch this package alone.
package prompt

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/AlecAivazis/survey/v2"
	"github.com/AlecAivazis/survey/v2/terminal"
)

// ErrCancelled is returned when the user presses Ctrl-C or closes the input.
var ErrCancelled = errors.New("cancelled at a prompt")

// Prompter asks questions.
type Prompter interface {
	// Input asks for a line of text; validate, when not nil, rejects an
	// answer with a message and the question is asked again.
	Input(message, def string, validate func(string) error) (string, error)
	// Select asks for one of options, def preselected.
	Select(message string, options []string, def string) (string, error)
	// MultiSelect asks for any of options, those in defs preticked, and
	// returns the ticked ones in options' order.
	MultiSelect(message string, options []string, defs []string) ([]string, error)
}

// Survey asks on a terminal with survey. in and out must be the terminal's
// files.
type Survey struct {
	in  terminal.FileReader
	out terminal.FileWriter
	err io.Writer
}

// NewSurvey returns a Prompter on the given terminal streams.
func NewSurvey(in io.Reader, out, errOut io.Writer) (*Survey, error) {
	fin, ok := in.(*os.File)
	fout, ok2 := out.(*os.File)
	if !ok || !ok2 {
		return nil, errors.New("prompts need a terminal on standard input and output")
	}
	return &Survey{in: eotReader{fin}, out: fout, err: errOut}, nil
}

// eotReader makes Ctrl-D cancel like Ctrl-C. In raw mode the terminal
// passes Ctrl-D through as the byte EOT, which survey takes as "accept" (a
// select returns its default, an input its text so far); closing the input
// means "stop", so it is turned into the interrupt survey cancels on.
type eotReader struct{ terminal.FileReader }

func (r eotReader) Read(p []byte) (int, error) {
	n, err := r.FileReader.Read(p)
	for i := range p[:n] {
		if p[i] == terminal.KeyEndTransmission {
			p[i] = terminal.KeyInterrupt
		}
	}
	return n, err
}

func (s *Survey) opts() survey.AskOpt { return survey.WithStdio(s.in, s.out, s.err) }

// Input implements Prompter.
func (s *Survey) Input(message, def string, validate func(string) error) (string, error) {
	var answer string
	opts := []survey.AskOpt{s.opts()}
	if validate != nil {
		opts = append(opts, survey.WithValidator(func(v any) error {
			str, _ := v.(string)
			return validate(str)
		}))
	}
	err := survey.AskOne(&survey.Input{Message: message, Default: def}, &answer, opts...)
	return answer, mapErr(err)
}

// Select implements Prompter.
func (s *Survey) Select(message string, options []string, def string) (string, error) {
	var answer string
	q := &survey.Select{Message: message, Options: options}
	for _, o := range options {
		if o == def {
			q.Default = def
		}
	}
	err := survey.AskOne(q, &answer, s.opts())
	return answer, mapErr(err)
}

// MultiSelect implements Prompter.
func (s *Survey) MultiSelect(message string, options []string, defs []string) ([]string, error) {
	var answer []string
	q := &survey.MultiSelect{Message: message, Options: options, Default: defs}
	err := survey.AskOne(q, &answer, s.opts())
	return answer, mapErr(err)
}

func mapErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, terminal.InterruptErr), errors.Is(err, io.EOF):
		return ErrCancelled
	}
	return fmt.Errorf("prompt: %w", err)
}
