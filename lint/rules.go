package lint

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// Rule is one check of the standard.
type Rule struct {
	ID       string
	Name     string
	Severity Severity
	Hint     string
	check    func(*Dockerfile) []Finding
}

// Rules returns the structure rules, in ID order.
func Rules() []Rule {
	return []Rule{
		{"DZ001", "multi-stage", Error, "build in one stage and copy only the artifact into a small runtime stage", checkMultiStage},
		{"DZ002", "runtime-base-differs", Error, "base the final stage on a runtime image, not the toolchain image", checkRuntimeBase},
		{"DZ003", "pinned-base", Error, "name an exact version tag (or tag@sha256:digest), never latest", checkPinnedBase},
		{"DZ004", "non-root-user", Error, "end the final stage with USER UID:GID of a non-root user", checkUser},
		{"DZ005", "numeric-user", Warning, "use a numeric UID:GID, so runAsNonRoot policies can verify it", checkNumericUser},
		{"DZ006", "expose", Warning, "EXPOSE the port the app listens on", checkExpose},
		{"DZ007", "exec-form", Error, `use the JSON form, e.g. ENTRYPOINT ["/app"], so signals reach the app`, checkExecForm},
		{"DZ008", "absolute-workdir", Error, "use an absolute WORKDIR", checkWorkdir},
		{"DZ009", "cache-order", Error, "copy only the dependency manifests before installing dependencies, and the source after", checkCacheOrder},
		{"DZ010", "cache-mount", Warning, "add RUN --mount=type=cache,target=... for the tool's download and build caches", checkCacheMounts},
		{"DZ011", "no-toolchain-in-runtime", Error, "install packages and compile in a build stage; copy only the result", checkRuntimeInstalls},
		{"DZ012", "no-secrets-in-arg-env", Error, "pass secrets with RUN --mount=type=secret, never ARG or ENV", checkSecrets},
		{"DZ013", "no-check-directive", Error, "remove the # check= directive: it turns BuildKit's checks off", checkDirective},
		{"DZ014", "syntax-directive", Info, "a # syntax= line pulls a frontend image from a registry at build time; drop it for air-gapped builds", checkSyntax},
		{ruleIgnoreComment, "ignore-comment", Warning, "write # dockerize-lint ignore=RULE[,RULE] above the instruction, or ignore-file=RULE, with rule IDs from dockerize lint --rules", nil},
		{"DZ016", "exact-version-tag", Warning, "name the exact release (x.y.z, or the image's own exact form), or pin a digest with dockerize pin", checkExactTag},
		{"DZ017", "no-pipe-to-shell", Error, "download to a file, check its sha256sum, then run it; or install a pinned package", checkPipeToShell},
		{"DZ018", "no-substitution-in-paths", Error, "write the path out: a $( ) or backtick in a COPY/ADD path or an -o output runs or hides a command", checkSubstitutionInPaths},
	}
}

// ruleIgnoreComment reports dockerize-lint comments that ignore nothing;
// its findings come from reading the comments, not from the AST.
const ruleIgnoreComment = "DZ015"

func finalStage(df *Dockerfile) *instructions.Stage {
	if len(df.Stages) == 0 {
		return nil
	}
	return &df.Stages[len(df.Stages)-1]
}

func stageLine(s *instructions.Stage) int { return line(s.Location) }

func checkMultiStage(df *Dockerfile) []Finding {
	if len(df.Stages) >= 2 {
		return nil
	}
	s := finalStage(df)
	if s == nil {
		return nil
	}
	// A runtime-only file that copies a prebuilt artifact (target/quarkus-app,
	// dist/) ships no toolchain or sources: judge what the stage holds.
	what := buildsInStage(s)
	if what == "" {
		return nil
	}
	return []Finding{{Line: stageLine(s), Message: "single-stage build: the toolchain and sources ship in the image (" + what + ")"}}
}

// stageNames maps stage names to their index, so FROM <stage> is known.
func stageNames(df *Dockerfile) map[string]bool {
	names := map[string]bool{}
	for _, s := range df.Stages {
		if s.Name != "" {
			names[strings.ToLower(s.Name)] = true
		}
	}
	return names
}

func checkRuntimeBase(df *Dockerfile) []Finding {
	if len(df.Stages) < 2 {
		return nil
	}
	last := finalStage(df)
	for _, s := range df.Stages[:len(df.Stages)-1] {
		// A stage that only unpacks a prebuilt jar (Spring's layertools
		// extract) is not a toolchain stage; sharing its base is fine.
		if s.BaseName == last.BaseName && buildsInStage(&s) != "" {
			return []Finding{{Line: stageLine(last), Message: fmt.Sprintf("the final stage uses the same base as stage %q (%s)", s.Name, s.BaseName)}}
		}
	}
	return nil
}

func checkPinnedBase(df *Dockerfile) []Finding {
	var out []Finding
	names := stageNames(df)
	for i := range df.Stages {
		s := &df.Stages[i]
		base := s.BaseName
		if names[strings.ToLower(base)] || base == "scratch" || strings.Contains(base, "$") {
			continue
		}
		ref := base
		if at := strings.Index(ref, "@"); at >= 0 {
			continue // digest-pinned
		}
		name := ref[strings.LastIndex(ref, "/")+1:]
		tag := ""
		if i := strings.LastIndex(name, ":"); i >= 0 {
			tag = name[i+1:]
		}
		switch tag {
		case "":
			out = append(out, Finding{Line: stageLine(s), Message: fmt.Sprintf("FROM %s has no tag, so it floats on latest", base)})
		case "latest":
			out = append(out, Finding{Line: stageLine(s), Message: fmt.Sprintf("FROM %s floats on latest", base)})
		}
	}
	return out
}

// lastUser returns the final stage's last USER instruction.
func lastUser(df *Dockerfile) *instructions.UserCommand {
	s := finalStage(df)
	if s == nil {
		return nil
	}
	var u *instructions.UserCommand
	for _, c := range s.Commands {
		if uc, ok := c.(*instructions.UserCommand); ok {
			u = uc
		}
	}
	return u
}

func checkUser(df *Dockerfile) []Finding {
	s := finalStage(df)
	if s == nil {
		return nil
	}
	u := lastUser(df)
	if u == nil {
		if base, ok := finalBase(df); ok && runsAsNonroot(base) {
			return nil // distroless :nonroot images default to 65532
		}
		return []Finding{{Line: stageLine(s), Message: "the final stage has no USER, so the app runs as root"}}
	}
	name, _, _ := strings.Cut(u.User, ":")
	if name == "root" || name == "0" {
		return []Finding{{Line: line(u.Location()), Message: "the final stage runs as root"}}
	}
	return nil
}

var numericUser = regexp.MustCompile(`^[0-9]+(:[0-9]+)?$`)

func checkNumericUser(df *Dockerfile) []Finding {
	u := lastUser(df)
	if u == nil || numericUser.MatchString(u.User) {
		return nil
	}
	name, _, _ := strings.Cut(u.User, ":")
	if name == "root" || name == "0" {
		return nil
	}
	return []Finding{{Line: line(u.Location()), Message: fmt.Sprintf("USER %s is a name, not a numeric UID:GID", u.User)}}
}

func checkExpose(df *Dockerfile) []Finding {
	s := finalStage(df)
	if s == nil {
		return nil
	}
	for _, c := range s.Commands {
		if _, ok := c.(*instructions.ExposeCommand); ok {
			return nil
		}
	}
	return []Finding{{Line: stageLine(s), Message: "the final stage exposes no port"}}
}

func checkExecForm(df *Dockerfile) []Finding {
	s := finalStage(df)
	if s == nil {
		return nil
	}
	var out []Finding
	for _, c := range s.Commands {
		switch c := c.(type) {
		case *instructions.EntrypointCommand:
			if c.PrependShell {
				out = append(out, Finding{Line: line(c.Location()), Message: "ENTRYPOINT in shell form runs the app under /bin/sh, which does not forward signals"})
			} else if shellWrapper(c.CmdLine) {
				out = append(out, Finding{Line: line(c.Location()), Message: fmt.Sprintf("ENTRYPOINT %s runs the app under a shell, which does not forward signals", strings.Join(c.CmdLine, " "))})
			}
		case *instructions.CmdCommand:
			if c.PrependShell {
				out = append(out, Finding{Line: line(c.Location()), Message: "CMD in shell form runs the app under /bin/sh, which does not forward signals"})
			}
		}
	}
	return out
}

// shellWrapper reports an exec-form command that only starts a shell to run
// a string, such as ["/bin/bash", "-l", "-c"]: shell form in disguise.
func shellWrapper(args []string) bool {
	if len(args) == 0 {
		return false
	}
	switch path.Base(args[0]) {
	case "sh", "bash", "ash", "dash", "zsh":
	default:
		return false
	}
	for _, a := range args[1:] {
		if strings.HasPrefix(a, "-") && strings.Contains(a, "c") && !strings.HasPrefix(a, "--") {
			return true
		}
	}
	return false
}

func checkWorkdir(df *Dockerfile) []Finding {
	var out []Finding
	for _, s := range df.Stages {
		for _, c := range s.Commands {
			if w, ok := c.(*instructions.WorkdirCommand); ok && !strings.HasPrefix(w.Path, "/") && !strings.HasPrefix(w.Path, "$") {
				out = append(out, Finding{Line: line(w.Location()), Message: fmt.Sprintf("WORKDIR %s is relative", w.Path)})
			}
		}
	}
	return out
}

// pipeToShell matches a download piped into a shell (curl ... | sh) and a
// shell that runs a download's output (sh -c "$(curl ...)").
var pipeToShell = regexp.MustCompile(`\b(curl|wget)\b[^|;&\n]*\|\s*(sudo\s+)?(\S*/)?(ba|z|da|k|a)?sh\b|\b(ba|z|da|k|a)?sh\s+-c\s+["']?\$\((curl|wget)\b`)

// checkPipeToShell finds RUN instructions that run whatever a URL serves:
// nothing pins it, and a project value that reached the line can add one.
func checkPipeToShell(df *Dockerfile) []Finding {
	var out []Finding
	for _, st := range df.Stages {
		for _, c := range st.Commands {
			if r, ok := c.(*instructions.RunCommand); ok {
				if m := pipeToShell.FindString(strings.Join(r.CmdLine, " ")); m != "" {
					out = append(out, Finding{Line: line(r.Location()), Message: fmt.Sprintf("RUN pipes a download into a shell (%s): whatever the URL serves runs in the build", m)})
				}
			}
		}
	}
	return out
}

// substitution is a shell command substitution: $(...) or a backtick.
var substitution = regexp.MustCompile("\\$\\(|`")

// outputPath matches an -o option whose path holds a substitution.
var outputPath = regexp.MustCompile("(^|\\s)-o\\s*\\S*(\\$\\(|`)")

// checkSubstitutionInPaths finds $( ) or backticks where a path belongs: in
// COPY and ADD sources and destinations (the engine does not run them, so
// the path is wrong) and in a RUN's -o output (the shell runs them).
func checkSubstitutionInPaths(df *Dockerfile) []Finding {
	var out []Finding
	for _, st := range df.Stages {
		for _, c := range st.Commands {
			switch c := c.(type) {
			case *instructions.CopyCommand:
				for _, p := range append(append([]string{}, c.SourcePaths...), c.DestPath) {
					if substitution.MatchString(p) {
						out = append(out, Finding{Line: line(c.Location()), Message: fmt.Sprintf("COPY path %q holds a command substitution", p)})
					}
				}
			case *instructions.AddCommand:
				for _, p := range append(append([]string{}, c.SourcePaths...), c.DestPath) {
					if substitution.MatchString(p) {
						out = append(out, Finding{Line: line(c.Location()), Message: fmt.Sprintf("ADD path %q holds a command substitution", p)})
					}
				}
			case *instructions.RunCommand:
				if m := outputPath.FindString(strings.Join(c.CmdLine, " ")); m != "" {
					out = append(out, Finding{Line: line(c.Location()), Message: fmt.Sprintf("RUN writes to an output path with a command substitution (%s)", strings.TrimSpace(m))})
				}
			}
		}
	}
	return out
}
