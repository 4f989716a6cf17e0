package cli

import (
	"os"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/dockerize-dev/dockerize/internal/iostreams"
	"github.com/dockerize-dev/dockerize/internal/stamp"
)

// TestMain lets the scripts run dockerize as a command, in-process.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"dockerize": func() { os.Exit(Run(os.Args[1:], iostreams.System())) },
	})
}

// TestScript runs the CLI behaviour scripts in testdata/script: flags,
// errors, exit codes and what is (not) written.
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{Dir: "testdata/script", Cmds: map[string]func(*testscript.TestScript, bool, []string){
		"replace": cmdReplace,
		"aged":    cmdAged,
	}})
}

// replace FILE OLD NEW edits FILE as a user would: OLD (with \n read as a
// newline) must occur in it, and every occurrence becomes NEW.
func cmdReplace(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: replace FILE OLD NEW")
	}
	text := ts.ReadFile(args[0])
	old, repl := unescape(args[1]), unescape(args[2])
	if !strings.Contains(text, old) {
		ts.Fatalf("replace: %s does not contain %q", args[0], old)
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(strings.ReplaceAll(text, old, repl)), 0o644))
}

// aged FILE VERSION OLD NEW makes FILE what an older dockerize release
// VERSION would have generated: the text edited (OLD -> NEW, as a
// generator change), every "dockerize <current>" naming VERSION, and a
// stamp of VERSION that verifies, so the file reads as unedited.
func cmdAged(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 4 {
		ts.Fatalf("usage: aged FILE VERSION OLD NEW")
	}
	text := ts.ReadFile(args[0])
	s, unedited, err := stamp.Verify(text)
	if err != nil || !unedited {
		ts.Fatalf("aged: %s is not an unedited generated file (%v)", args[0], err)
	}
	old, repl := unescape(args[2]), unescape(args[3])
	content := stamp.Content(text)
	if !strings.Contains(content, old) {
		ts.Fatalf("aged: %s does not contain %q", args[0], old)
	}
	content = strings.ReplaceAll(content, old, repl)
	content = strings.ReplaceAll(content, "dockerize "+s.Version, "dockerize "+args[1])
	out := stamp.Put(content, stamp.Stamp{Version: args[1], Digest: stamp.Sum(content)})
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(out), 0o644))
}

func unescape(s string) string { return strings.ReplaceAll(s, `\n`, "\n") }
