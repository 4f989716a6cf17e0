package testkit

import (
	"fmt"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// DockerfileShape is what a Dockerfile does, read back by BuildKit's parser: per
// instruction its keyword, its flags and how many arguments it passes (the
// exec-form array's length, or the shell's word count), so a value that
// adds an instruction, a flag, an argument or a shell command changes it.
func DockerfileShape(t testing.TB, dockerfile string) []string {
	t.Helper()
	res, err := parser.Parse(strings.NewReader(dockerfile))
	if err != nil {
		t.Fatalf("BuildKit cannot parse the Dockerfile: %v\n%s", err, dockerfile)
	}
	lex := shell.NewLex('\\')
	var out []string
	for _, n := range res.AST.Children {
		var args []string
		for a := n.Next; a != nil; a = a.Next {
			args = append(args, a.Value)
		}
		desc := fmt.Sprintf("%s %v", n.Value, n.Flags)
		switch {
		case n.Attributes["json"]:
			desc += fmt.Sprintf(" exec[%d]", len(args))
		case n.Value == "run" || n.Value == "cmd" || n.Value == "entrypoint":
			words, err := lex.ProcessWords(strings.Join(args, " "), shell.EnvsFromSlice(nil))
			if err != nil {
				t.Fatalf("the shell cannot read %q: %v", args, err)
			}
			var ops []string
			for _, w := range words {
				if w == "&&" || w == "||" || w == ";" || w == "|" {
					ops = append(ops, w)
				}
			}
			desc += fmt.Sprintf(" shell[%d words, ops %v]", len(words), ops)
		case n.Value == "label" || n.Value == "env":
			desc += fmt.Sprintf(" pairs[%d]", len(args)/2)
		default:
			desc += fmt.Sprintf(" args[%d]", len(args))
		}
		if len(n.Heredocs) > 0 {
			desc += " heredoc"
		}
		out = append(out, desc)
	}
	return out
}
