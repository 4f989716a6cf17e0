// Package cli is the dockerize command line: its commands, flags, prompts
// and exit codes. cmd/dockerize runs it; tests run it in-process.
package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dockerize-dev/dockerize/detect"
	"github.com/dockerize-dev/dockerize/internal/iostreams"
	"github.com/dockerize-dev/dockerize/internal/prompt"
	"github.com/dockerize-dev/dockerize/internal/version"
	"github.com/dockerize-dev/dockerize/internal/write"
	"github.com/dockerize-dev/dockerize/plan"
	"github.com/dockerize-dev/dockerize/stacks"
)

// Exit codes, documented in the README.
const (
	exitOK        = 0
	exitError     = 1 // something went wrong: unreadable project, malformed manifest...
	exitDrift     = 1 // check: a file differs from what dockerize generates; upgrade: a conflict
	exitCancelled = 2 // the user cancelled a prompt
	exitUsage     = 3 // a flag or argument is wrong, or a required answer is missing
	exitExists    = 4 // a file exists with other content and --force was not given
)

// errCancelled is returned when the user interrupts a prompt.
var errCancelled = errors.New("cancelled")

// usageError marks errors in how dockerize was called.
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

func newRootCmd(io *iostreams.IOStreams) *cobra.Command {
	root := &cobra.Command{
		Use:   "dockerize",
		Short: "Write a best-practice Dockerfile for this project",
		Long: `dockerize detects what kind of project a directory holds (` + strings.Join(stacks.Titles(), ", ") + `),
works out its version, entry point and port, and writes a multi-stage
Dockerfile and a .dockerignore: pinned base images, cache-friendly layers, a
non-root user, and nothing but the program in the final image.`,
		Example: `  dockerize init                 # in the project's root directory
  dockerize init ./services/api --port 9090
  dockerize detect -o json
  dockerize init --diff          # compare with the Dockerfile you have`,
		Version:       version.Version,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetIn(io.In)
	root.SetOut(io.Out)
	root.SetErr(io.ErrOut)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newInitCmd(io), newDetectCmd(io), newVersionCmd(io), newImagesCmd(io))
	root.AddCommand(newLintCmd(io), newPinCmd(io), newTemplatesCmd(io))
	root.AddCommand(newReportCmd(io), newCheckCmd(io), newUpgradeCmd(io))
	return root
}

// Run executes the command line and maps the outcome to an exit code. It is
// the only place errors are printed.
func Run(args []string, io *iostreams.IOStreams) int {
	root := newRootCmd(io)
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(io.ErrOut, "error:", iostreams.Text(err.Error()))
	return exitCode(err)
}

func exitCode(err error) int {
	var missing *plan.MissingError
	var exists *write.ExistsError
	var usage usageError
	var drifted driftError
	var conflict conflictError
	switch {
	case errors.As(err, &drifted), errors.As(err, &conflict):
		return exitDrift
	case errors.Is(err, errCancelled), errors.Is(err, prompt.ErrCancelled), errors.Is(err, write.ErrInterrupted):
		return exitCancelled
	case errors.As(err, &exists):
		return exitExists
	case errors.As(err, &missing), errors.As(err, &usage), errors.Is(err, plan.ErrInvalid):
		return exitUsage
	case errors.Is(err, detect.ErrNoStack):
		return exitError
	}
	return exitError
}
