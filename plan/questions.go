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

// Questions lists what a user may still change about a resolved plan, each
// tied to the flag that answers it without a prompt and preset to what the
// plan chose. Every value is checked by Validate before it is used.
func Questions(pl *Plan) []Question {
	port := Question{Key: "Port", Flag: "port", Kind: KindInput, Prompt: "Which port does the app listen on?", Default: strconv.Itoa(pl.Port), Validate: validPort}
	var qs []Question
	switch {
	case pl.Go != nil:
		qs = append(qs, Question{Key: "GoVersion", Flag: "go-version", Kind: KindInput, Prompt: "Which Go version builds it?", Default: pl.Go.Version, Validate: matches(goVersionRE, "a Go release such as 1.24 or 1.24.4")})
		if !pl.Go.CGO {
			qs = append(qs, Question{Key: "Runtime", Flag: "runtime", Kind: KindSelect, Prompt: "Which runtime image?", Options: []string{RuntimeStatic, RuntimeGlibc}, Default: RuntimeStatic})
		}
		qs = append(qs, port)
	case pl.Node != nil:
		qs = append(qs, Question{Key: "NodeVersion", Flag: "node-version", Kind: KindInput, Prompt: "Which Node.js version?", Default: pl.Node.Version, Validate: matches(nodeVersionRE, "a major (22) or an exact version (22.12.0)")})
		if pl.Node.Kind == "server" {
			entry := strings.TrimPrefix(strings.TrimPrefix(pl.Node.Entry, pl.Node.AppDir+"/"), "./")
			qs = append(qs, Question{Key: "Start", Flag: "start", Kind: KindInput, Prompt: "Which file starts the app (node FILE)?", Default: entry, Validate: insideProject})
		}
		if pl.Node.Kind != "spa" {
			qs = append(qs, port)
		}
	case pl.Maven != nil:
		qs = append(qs, Question{Key: "JavaVersion", Flag: "java-version", Kind: KindInput, Prompt: "Which Java release?", Default: pl.Maven.JavaVersion, Validate: matches(javaVersionRE, "a release number such as 17 or 21")}, port)
	}
	return qs
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
