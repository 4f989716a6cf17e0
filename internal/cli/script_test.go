package cli

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/dockerize-dev/dockerize/internal/iostreams"
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
	testscript.Run(t, testscript.Params{Dir: "testdata/script"})
}
