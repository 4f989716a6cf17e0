package dockerize
import (
 _ "github.com/spf13/cobra"
 _ "github.com/AlecAivazis/survey/v2"
 _ "github.com/Masterminds/sprig/v3"
 _ "github.com/moby/buildkit/frontend/dockerfile/parser"
 _ "github.com/moby/buildkit/frontend/dockerfile/instructions"
 _ "github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
 _ "golang.org/x/mod/modfile"
 _ "golang.org/x/term"
 _ "golang.org/x/tools/txtar"
 _ "github.com/pmezard/go-difflib/difflib"
)

