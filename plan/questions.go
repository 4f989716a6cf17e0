package plan

import (
	"fmt"
	"strconv"
	"strings"
)

// Kinds of questions.
const (
	KindInput  = "input"
	KindSelect = "select"
)

// portQuestion offers the port the plan chose.
func portQuestion(pl *Plan) Question {
	return Question{Key: "Port", Flag: "port", Kind: KindInput, Prompt: "Which port does the app listen on?", Default: strconv.Itoa(pl.Port), Validate: validPort}
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
