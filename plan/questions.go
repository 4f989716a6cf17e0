package plan

import (
	"fmt"
	"strconv"
	"strings"
)

// Question is one thing dockerize may need to know. Each is declared once,
// in CommonQuestions or in its stack's Questions, and everything else is
// derived from that declaration: the init flag, the .dockerize.yaml key,
// the prompt, the help text and the "missing answer" error.
type Question struct {
	// Name is the flag and the .dockerize.yaml key.
	Name string
	Type Type
	Help string
	// Kind is KindInput or KindSelect, when the question is asked; Prompt
	// is what it asks ("" for questions never asked at a prompt).
	Kind   string
	Prompt string
	// Options are the choices of a select; Default is preselected.
	Options []string
	Default string
	// Validate rejects a wrong answer at a prompt with a message; nil
	// accepts any.
	Validate func(string) error
}

// Type is what an answer is, as its flag takes it.
type Type int

// The types of answers.
const (
	TypeString Type = iota
	TypeInt
	TypeBool
)

// Kinds of questions.
const (
	KindInput  = "input"
	KindSelect = "select"
)

// ParseAnswer checks a value given for q (from a settings file or a
// prompt) against q's type, and returns it as the flag would print it.
func ParseAnswer(q Question, value string) (string, error) {
	switch q.Type {
	case TypeInt:
		n, err := strconv.Atoi(strings.TrimSpace(value))
		if err != nil {
			return "", fmt.Errorf("%q is not a number", value)
		}
		return strconv.Itoa(n), nil
	case TypeBool:
		b, err := strconv.ParseBool(strings.TrimSpace(value))
		if err != nil {
			return "", fmt.Errorf("%q is not true or false", value)
		}
		return strconv.FormatBool(b), nil
	}
	return value, nil
}

// CommonQuestions are the questions every stack shares.
func CommonQuestions() []Question {
	return []Question{{
		Name: "port", Type: TypeInt, Kind: KindInput, Prompt: "Which port does the app listen on?", Validate: validPort,
		Help: "the port the app listens on (default: found in the code or Spring's server.port, else 8080)",
	}}
}

// Lookup returns the question named name from qs, to preset it for asking.
func Lookup(qs []Question, name string) Question {
	for _, q := range qs {
		if q.Name == name {
			return q
		}
	}
	return Question{Name: name, Kind: KindInput}
}

// preset returns the question named name from qs with a default and, for
// a select, its options.
func preset(qs []Question, name, def string, options ...string) Question {
	q := Lookup(qs, name)
	q.Default = def
	if len(options) > 0 {
		q.Options = options
	}
	return q
}

// portQuestion offers the port the plan chose.
func portQuestion(pl *Plan) Question {
	return preset(CommonQuestions(), "port", strconv.Itoa(pl.Port))
}

func validPort(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 || n > 65535 {
		return fmt.Errorf("%q is not a TCP port: use 1-65535", s)
	}
	return nil
}

type matcher interface{ MatchString(string) bool }

func matches(re matcher, want string) func(string) error {
	return func(s string) error {
		if !re.MatchString(strings.TrimSpace(s)) {
			return fmt.Errorf("%q is not %s", s, want)
		}
		return nil
	}
}

func insideProject(s string) error {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasPrefix(s, "/") || strings.Contains(s, "..") {
		return fmt.Errorf("%q must be a file inside the project", s)
	}
	return nil
}
