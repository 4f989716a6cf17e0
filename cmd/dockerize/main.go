// Command dockerize turns an application repository into a best-practice
// container build: it detects the project, asks only what it cannot work
// out, and writes a Dockerfile and .dockerignore.
package main

import (
	"os"

	"github.com/dockerize-dev/dockerize/internal/cli"
	"github.com/dockerize-dev/dockerize/internal/iostreams"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], iostreams.System()))
}
