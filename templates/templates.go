// Package templates holds the built-in Dockerfile and .dockerignore
// templates: one folder per stack, plus partials shared by all stacks.
// Templates only lay out a plan; every decision is made in package plan.
package templates

import "embed"

// FS holds <stack>/*.tmpl and partials/*.tmpl.
//
//go:embed */*.tmpl
var FS embed.FS
