package lint

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// Options tune a check.
type Options struct {
	// Disable lists rules not to report: DZ IDs, or BuildKit rule names with
	// or without their buildkit/ prefix (JSONArgsRecommended).
	Disable []string
	// Timeout bounds the checks; 0 means DefaultTimeout.
	Timeout time.Duration
}

// BuildKitRules returns the names of BuildKit's checks, which Check reports
// as buildkit/NAME.
func BuildKitRules() []string {
	return []string{
		linter.RuleStageNameCasing.Name, linter.RuleFromAsCasing.Name, linter.RuleNoEmptyContinuation.Name,
		linter.RuleConsistentInstructionCasing.Name, linter.RuleDuplicateStageName.Name, linter.RuleReservedStageName.Name,
		linter.RuleJSONArgsRecommended.Name, linter.RuleMaintainerDeprecated.Name, linter.RuleUndefinedArgInFrom.Name,
		linter.RuleWorkdirRelativePath.Name, linter.RuleUndefinedVar.Name, linter.RuleMultipleInstructionsDisallowed.Name,
		linter.RuleLegacyKeyValueFormat.Name, linter.RuleInvalidBaseImagePlatform.Name, linter.RuleRedundantTargetPlatform.Name,
		linter.RuleSecretsUsedInArgOrEnv.Name, linter.RuleInvalidDefaultArgInFrom.Name, linter.RuleFromPlatformFlagConstDisallowed.Name,
		linter.RuleCopyIgnoredFile.Name, linter.RuleInvalidDefinitionDescription.Name, linter.RuleExposeProtoCasing.Name,
		linter.RuleExposeInvalidFormat.Name,
	}
}

// canonical returns the ID findings carry for a rule name as a user may
// write it (dz005, JSONArgsRecommended, buildkit/JSONArgsRecommended), or ""
// when no rule has that name.
func canonical(id string) string {
	id = strings.TrimSpace(id)
	for _, r := range append(Rules(), ProjectRules()...) {
		if strings.EqualFold(id, r.ID) || strings.EqualFold(id, r.Name) {
			return r.ID
		}
	}
	name := id
	if len(id) > len("buildkit/") && strings.EqualFold(id[:len("buildkit/")], "buildkit/") {
		name = id[len("buildkit/"):]
	}
	for _, r := range BuildKitRules() {
		if strings.EqualFold(name, r) {
			return "buildkit/" + r
		}
	}
	return ""
}

// Known reports whether id names a rule.
func Known(id string) bool { return canonical(id) != "" }

// ignoreRE matches an inline ignore comment:
//
//	# dockerize-lint ignore=DZ005,JSONArgsRecommended   (the next instruction)
//	# dockerize-lint ignore-file=DZ014                  (the whole file)
//
// The comment applies to the instruction it precedes (any comment between
// the previous instruction and this one), or to the instruction whose
// continuation lines it sits in. Dockerfile comments cannot follow an
// instruction on its own line, so "on the line" means within it.
var ignoreRE = regexp.MustCompile(`^\s*#\s*dockerize-lint\s+(ignore|ignore-file)\s*=\s*([^\s,]+(?:\s*,\s*[^\s,]+)*)\s*$`)

// ignores is what a file's comments and the options switch off.
type ignores struct {
	file map[string]bool
	// byLine maps an instruction's last line to the rules ignored for it.
	byLine map[int]map[string]bool
	// ends are the instructions' last lines, in order.
	ends []int
	// bad are findings about the comments themselves.
	bad []Finding
}

func readIgnores(data []byte, ast *parser.Node, opts Options) (*ignores, error) {
	ig := &ignores{file: map[string]bool{}, byLine: map[int]map[string]bool{}}
	for _, id := range opts.Disable {
		c := canonical(id)
		if c == "" {
			return nil, fmt.Errorf("--disable %s: no rule has that name; dockerize lint --rules lists them", id)
		}
		ig.file[c] = true
	}
	if ast != nil {
		for _, n := range ast.Children {
			ig.ends = append(ig.ends, n.EndLine)
		}
	}
	for i, l := range bytes.Split(data, []byte("\n")) {
		m := ignoreRE.FindSubmatch(l)
		if m == nil {
			if bytes.Contains(l, []byte("dockerize-lint")) && bytes.HasPrefix(bytes.TrimSpace(l), []byte("#")) {
				ig.bad = append(ig.bad, Finding{Line: i + 1, Message: "this dockerize-lint comment is not understood; write # dockerize-lint ignore=RULE[,RULE] or ignore-file=RULE"})
			}
			continue
		}
		target := ig.file
		if string(m[1]) == "ignore" {
			end := ig.owner(i + 1)
			if ig.byLine[end] == nil {
				ig.byLine[end] = map[string]bool{}
			}
			target = ig.byLine[end]
		}
		for _, id := range strings.Split(string(m[2]), ",") {
			c := canonical(id)
			if c == "" {
				ig.bad = append(ig.bad, Finding{Line: i + 1, Message: fmt.Sprintf("%q is not a rule, so this comment ignores nothing", id)})
				continue
			}
			target[c] = true
		}
	}
	return ig, nil
}

// owner returns the last line of the instruction a line belongs to: the
// first instruction that ends at or after it (0 past the last one).
func (ig *ignores) owner(line int) int {
	for _, end := range ig.ends {
		if end >= line {
			return end
		}
	}
	return 0
}

func (ig *ignores) ignored(f Finding) bool {
	if ig.file[f.Rule] {
		return true
	}
	if f.Line == 0 {
		return false
	}
	return ig.byLine[ig.owner(f.Line)][f.Rule]
}
