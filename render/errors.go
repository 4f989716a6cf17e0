package render

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
)

// TemplateError is a template that does not parse or execute, with the
// file (its path in the template FS) and line to fix.
type TemplateError struct {
	File string
	Line int
	Msg  string
}

func (e *TemplateError) Error() string {
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// text/template reports "template: NAME:LINE[:COL]: MSG"; templates are
// named by their path, so NAME is the file.
var templateErrRE = regexp.MustCompile(`(?s)^template: ([^:]+):([0-9]+)(?::[0-9]+)?: (.*)$`)

// templateError turns text/template's error into a TemplateError when it
// names a place, and leaves other errors as they are.
func templateError(err error) error {
	var te *TemplateError
	if errors.As(err, &te) {
		return err
	}
	m := templateErrRE.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	line, _ := strconv.Atoi(m[2])
	return &TemplateError{File: m[1], Line: line, Msg: m[3]}
}
