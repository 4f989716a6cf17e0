package prompt

import (
	"fmt"
	"slices"
	"strings"
)

// Fake answers from a script, for tests. Each answer is consumed in order;
// "" takes the default. Asked records the questions, and an exhausted
// script cancels, as closed input would.
type Fake struct {
	Answers []string
	Asked   []string
}

func (f *Fake) next(message string) (string, error) {
	f.Asked = append(f.Asked, message)
	if len(f.Answers) == 0 {
		return "", ErrCancelled
	}
	a := f.Answers[0]
	f.Answers = f.Answers[1:]
	return a, nil
}

// Input implements Prompter.
func (f *Fake) Input(message, def string, validate func(string) error) (string, error) {
	for {
		a, err := f.next(message)
		if err != nil {
			return "", err
		}
		if a == "" {
			a = def
		}
		if validate == nil || validate(a) == nil {
			return a, nil
		}
	}
}

// Select implements Prompter.
func (f *Fake) Select(message string, options []string, def string) (string, error) {
	a, err := f.next(message)
	if err != nil {
		return "", err
	}
	if a == "" {
		return def, nil
	}
	if !slices.Contains(options, a) {
		return "", fmt.Errorf("fake: %q is not one of %s", a, strings.Join(options, ", "))
	}
	return a, nil
}

// MultiSelect implements Prompter: the answer is a comma-separated list of
// options ("-" for none), "" takes the defaults.
func (f *Fake) MultiSelect(message string, options []string, defs []string) ([]string, error) {
	a, err := f.next(message)
	if err != nil {
		return nil, err
	}
	switch a {
	case "":
		return defs, nil
	case "-":
		return []string{}, nil
	}
	picked := map[string]bool{}
	for _, o := range strings.Split(a, ",") {
		o = strings.TrimSpace(o)
		if !slices.Contains(options, o) {
			return nil, fmt.Errorf("fake: %q is not one of %s", o, strings.Join(options, ", "))
		}
		picked[o] = true
	}
	var out []string
	for _, o := range options {
		if picked[o] {
			out = append(out, o)
		}
	}
	return out, nil
}
