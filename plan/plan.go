// Package plan turns what detection found, and what the user answered, into
// one typed build plan: the images, stages, commands, port and user that the
// templates lay out. Every decision is made here, never in a template.
package plan

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/dockerize-dev/dockerize/detect"
	"github.com/dockerize-dev/dockerize/internal/dfvalue"
)

// Plan is the only value templates see. Every value a template prints is
// an int or a dfvalue type, checked when the plan is made (see
// render.TestTemplatesPrintOnlyCheckedValues).
type Plan struct {
	Stack     detect.Stack
	Generator dfvalue.Comment // "dockerize 0.1.0"
	// Name is the image name, derived from the program's name, used in
	// comments and the suggested commands.
	Name   dfvalue.ImageName
	Labels []Label
	Port   int
	// PortEnv is the environment variable the app reads its port from; when
	// set, the image sets it to Port so --port really moves the listener.
	PortEnv *dfvalue.EnvKey
	// Env are more variables the runtime stage sets (a bind address that
	// would otherwise be a loopback one), each validated by setEnv.
	Env []EnvVar
	// Files are project files and directories the app reads from its
	// working directory at run time, copied from the build context.
	Files        []FileCopy
	UID, GID     int
	BuildImage   dfvalue.Image
	RuntimeImage dfvalue.Image
	Ignore       IgnoreFile
	// Decisions are the resolved values with where each came from, in the
	// order a reader wants them; the Dockerfile header quotes them.
	Decisions []detect.Fact
	// Detail is the stack's own part (*GoPlan, *NodePlan, *MavenPlan),
	// which templates read as .Go, .Node or .Maven.
	Detail any
	// Templates is the stack's folder in the template FS.
	Templates string
	// Syntax is the frontend image of an opt-in # syntax= line.
	Syntax *dfvalue.Image
	// images is the base-image table the plan picks from.
	images []Image
	// title is the program's name as the project gives it (the label).
	title string
	// invalid is the first project value that failed its check.
	invalid error
}

// Stack is what the plan knows of one stack: how to plan it, the rows of
// the base-image table it builds on, its template folder, and which of its
// questions to offer once a plan is made, preset to what the plan chose.
// Package stacks lists them.
type Stack struct {
	Name      detect.Stack
	Plan      func(pl *Plan, p *detect.Project, a Answers) error
	Images    []Image
	Templates string
	// Questions are the stack's own questions: its flags and settings.
	Questions []Question
	Offer     func(pl *Plan) []Question
	// Checks is what the project asks of any Dockerfile (lint --project),
	// from detection and, when one could be made, the plan (else nil).
	Checks func(p *detect.Project, pl *Plan) Checks
}

// EnvVar is one ENV instruction of the runtime stage.
type EnvVar struct {
	Name  dfvalue.EnvKey
	Value dfvalue.Word
}

// FileCopy is a COPY from the build context into the runtime stage: Src
// from the project root, Dest relative to the runtime WORKDIR.
type FileCopy struct{ Src, Dest dfvalue.Path }

var (
	envNameRE  = regexp.MustCompile(`^[A-Z_][A-Z0-9_]*$`)
	envValueRE = regexp.MustCompile(`^[A-Za-z0-9._:/=@+-]*$`)
	// runtimePathRE is a relative path with no shell, glob or Dockerfile
	// syntax, whose elements are never . or ..
	runtimePathRE = regexp.MustCompile(`^[A-Za-z0-9_-][A-Za-z0-9._-]*(?:/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$`)
	// dotEnvPathRE is an .env the app loads, in the working directory or
	// below it: the one hidden name a runtime file may have.
	dotEnvPathRE = regexp.MustCompile(`^(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*\.env$`)
)

// setEnv adds an ENV to the runtime stage, refusing names and values that
// would need quoting.
func (pl *Plan) setEnv(name, value, why string) error {
	k, kerr := dfvalue.NewEnvKey(name)
	v, verr := dfvalue.NewWord(value)
	if !envNameRE.MatchString(name) || !envValueRE.MatchString(value) || kerr != nil || verr != nil {
		return fmt.Errorf("%s: %s=%q is not a variable dockerize can set safely; set it yourself with docker run -e", why, name, value)
	}
	pl.Env = append(pl.Env, EnvVar{k, v})
	pl.decide("env", name+"="+value, why)
	return nil
}

// copyFile adds a project file the app reads at run time to the runtime
// stage. It reports false, and copies nothing, for a path that is not a
// plain relative one.
func (pl *Plan) copyFile(src, dest, why string) bool {
	if !runtimePathRE.MatchString(src) || !(runtimePathRE.MatchString(dest) || dotEnvPathRE.MatchString(dest)) || strings.Contains(src, "..") || strings.Contains(dest, "..") {
		return false
	}
	s, serr := dfvalue.NewPath(src)
	d, derr := dfvalue.NewPath(dest)
	if serr != nil || derr != nil {
		return false
	}
	for _, f := range pl.Files {
		if f.Dest == d {
			return true
		}
	}
	pl.Files = append(pl.Files, FileCopy{s, d})
	pl.decide("runtime file", dest, why)
	return true
}

// Label is one image label.
type Label struct {
	Key   dfvalue.Key
	Value dfvalue.Quoted
}

// Answers hold what the user said, by flag or settings file. A value not
// given means "not said", so detection and defaults fill it in.
type Answers struct {
	// Values are the answers by question name, each already checked
	// against its question's type (see ParseAnswer).
	Values map[string]string
	// Version is the dockerize version written into the output.
	Version string
	// Team is the platform team's standard: mirror, images, user, labels.
	Team Team
}

// String returns the answer to a question, "" when not given.
func (a Answers) String(name string) string { return a.Values[name] }

// Bool returns a yes/no answer, false when not given.
func (a Answers) Bool(name string) bool { return a.Values[name] == "true" }

// Int returns a number answer, 0 when not given.
func (a Answers) Int(name string) int {
	n, _ := strconv.Atoi(a.Values[name])
	return n
}

// MissingError says which answer dockerize needs and could not work out.
// Interactive callers ask it as a question; scripts print it.
type MissingError struct {
	Question Question
	Reason   string
}

func (e *MissingError) Error() string {
	msg := e.Reason
	if len(e.Question.Options) > 0 {
		msg += " (" + strings.Join(e.Question.Options, ", ") + ")"
	}
	return fmt.Sprintf("%s: pass --%s", msg, e.Question.Name)
}

// ErrInvalid marks answers that are wrong in themselves (a port of 0, a
// version that is not one); callers map it to the usage exit code.
var ErrInvalid = errors.New("invalid answer")

// New resolves the plan for a project detected as of stack s, picking base
// images from table. Precedence per value: answers, then detection, then
// the defaults in the image table.
func New(p *detect.Project, a Answers, s Stack, table []Image) (*Plan, error) {
	if a.Int("port") < 0 || a.Int("port") > 65535 {
		return nil, fmt.Errorf("%w: --port %d is not a TCP port; use 1-65535", ErrInvalid, a.Int("port"))
	}
	if s.Name != p.Stack || s.Plan == nil {
		return nil, fmt.Errorf("the %s stack has no build plan yet", p.Stack)
	}
	pl := &Plan{Stack: p.Stack, Generator: dfvalue.NewComment("dockerize " + a.Version), Templates: s.Templates, images: table}
	if err := s.Plan(pl, p, a); err != nil {
		return nil, err
	}
	pl.Name = dfvalue.NewImageName(pl.title)
	// Which generator wrote the Dockerfile, so an image can be traced back
	// to the tool version (there is no OCI key for this).
	pl.setLabel("io.github.dockerize-dev.generator", pl.Generator.String())
	if err := applyTeam(pl, a.Team, table); err != nil {
		return nil, err
	}
	if pl.invalid != nil {
		return nil, pl.invalid
	}
	return pl, nil
}

// DecisionLines are the decisions as the header's comment lines.
func (pl *Plan) DecisionLines() []dfvalue.Comment {
	var lines []dfvalue.Comment
	for _, d := range pl.Decisions {
		lines = append(lines, dfvalue.NewComment(d.Name+": "+d.Value+" ("+d.Evidence+")"))
	}
	return lines
}

// check records the first project value that cannot be written into a
// Dockerfile: what it is, where it came from and what to do.
func (pl *Plan) check(err error, what, fix string) {
	if err != nil && pl.invalid == nil {
		pl.invalid = fmt.Errorf("%s: %w; %s", what, err, fix)
	}
}

// path checks a project path; what names it and where it came from.
func (pl *Plan) path(s, what, fix string) dfvalue.Path {
	p, err := dfvalue.NewPath(s)
	pl.check(err, what, fix)
	return p
}

// paths checks several project paths.
func (pl *Plan) paths(what, fix string, ss ...string) dfvalue.Paths {
	var ps dfvalue.Paths
	for _, s := range ss {
		ps = append(ps, pl.path(s, what, fix))
	}
	return ps
}

// command quotes a command line of constant and checked arguments.
func (pl *Plan) command(what string, args ...string) dfvalue.Shell {
	c, err := dfvalue.Command(args...)
	pl.check(err, what, "rename it to letters, digits and ._@+- and run dockerize again")
	return c
}

// exec checks an exec-form command.
func (pl *Plan) exec(what string, args ...string) dfvalue.Exec {
	e, err := dfvalue.NewExec(args...)
	pl.check(err, what, "fix the value and run dockerize again")
	return e
}

// envKey checks a variable name the app reads; "" is none.
func (pl *Plan) envKey(s, what string) *dfvalue.EnvKey {
	if s == "" {
		return nil
	}
	k, err := dfvalue.NewEnvKey(s)
	pl.check(err, what, "rename the variable, or set the port with --port")
	return &k
}

// portFound is a port detection found, with where.
type portFound struct {
	port     int
	evidence string
}

// choosePort sets the port: --port, else the first port found, else def.
func (pl *Plan) choosePort(flag int, found []portFound, def int, defWhy string) {
	for _, c := range append([]portFound{{flag, "--port"}}, found...) {
		if c.port != 0 {
			pl.Port = c.port
			pl.decide("port", fmt.Sprint(c.port), c.evidence)
			return
		}
	}
	pl.Port = def
	pl.decide("port", fmt.Sprint(def), defWhy)
}

// versionFlag is the flag that names a language version: the prefix users
// may write before it (go1.24, v22, 1.8), the form it must take, and the
// words of the error for one that does not.
type versionFlag struct {
	name, prefix string
	re           matcher
	what, use    string
}

// chooseVersion picks a language version and records the decision: the
// flag, then what the project names (project returns "" when it names
// none), then def with why it is the default.
func (pl *Plan) chooseVersion(decision string, a Answers, flag versionFlag, project func() (v, evidence string, err error), def, defWhy string) (string, error) {
	if given := a.String(flag.name); given != "" {
		v := strings.TrimPrefix(given, flag.prefix)
		if !flag.re.MatchString(v) {
			return "", fmt.Errorf("%w: --%s %q is not %s; use %s", ErrInvalid, flag.name, given, flag.what, flag.use)
		}
		pl.decide(decision, v, "--"+flag.name)
		return v, nil
	}
	v, evidence, err := project()
	if err != nil {
		return "", err
	}
	if v == "" {
		v, evidence = def, defWhy
	}
	pl.decide(decision, v, evidence)
	return v, nil
}

func (pl *Plan) decide(name, value, source string) {
	pl.Decisions = append(pl.Decisions, detect.Fact{Name: name, Value: oneLine(value), Evidence: oneLine(source)})
}

// oneLine flattens text from the project (names, evidence) for a Dockerfile
// comment or label, where a newline would end the comment and start an
// instruction.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' || r < ' ' }), " ")
}
