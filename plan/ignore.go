package plan

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/moby/patternmatcher"
)

// IgnoreFile is the content of .dockerignore, in sections.
type IgnoreFile struct {
	Sections []IgnoreSection
	// Kept lists patterns left out because they would hide a file the build
	// needs, with that file; each is safe to print in a comment.
	Kept []string
}

// IgnoreSection is a commented group of patterns.
type IgnoreSection struct {
	Comment  string
	Patterns []string
}

// commonIgnore is what no image build needs and no image should contain:
// CI files, editor and OS files, the Docker files themselves (so editing
// them does not invalidate the COPY . . layer). Secrets and version history
// come last, from finishIgnore.
func commonIgnore() []IgnoreSection {
	return []IgnoreSection{
		{"Version control and CI", []string{".gitignore", ".gitattributes", ".github", ".gitlab-ci.yml"}},
		{"Editors and operating systems", []string{".idea", ".vscode", "**/*.swp", "**/*~", "**/.DS_Store", "**/Thumbs.db"}},
		{"Container files", []string{"Dockerfile*", ".dockerignore", "docker-compose*.yml", "docker-compose*.yaml", "compose*.yml", "compose*.yaml", ".dockerize.yaml", ".dockerize"}},
	}
}

// envTemplates are the env files that hold no secrets: apps load them for
// their defaults (dotenv-safe, dotenv-flow, Spring's and Rails' examples),
// so they stay in the build.
var envTemplates = []string{".env.example", ".env.sample", ".env.template"}

// secretSection keeps credentials and version history out of the build at
// any depth. It comes last, so no .gitignore negation merged above (!.env,
// !*.pem, !.git) can bring one back; only the env templates are let back
// in, inside it.
//
// The file names come from secret scanners' lists of sensitive files:
// gitleaks' default rules and path allowlist, GitGuardian's and
// detect-secrets' "sensitive files" (keys, keystores, cloud and cluster
// credentials, Terraform state), and GitHub's gitignore templates
// (Node, Terraform, Java).
func secretSection() IgnoreSection {
	patterns := []string{
		"**/.git",
		"**/.env", "**/.env.*", "**/.envrc",
		"**/*.pem", "**/*.key", "**/*.p12", "**/*.pfx", "**/*.jks", "**/*.keystore",
		"**/id_rsa*", "**/id_dsa*", "**/id_ecdsa*", "**/id_ed25519*",
		"**/.ssh", "**/.aws", "**/.docker/config.json", "**/.kube/config",
		"**/.netrc", "**/.npmrc", "**/.pypirc", "**/.git-credentials", "**/.pgpass", "**/.vault-token", "**/.htpasswd",
		"**/credentials.json", "**/*service-account*.json", "**/terraform.tfstate*", "**/secrets",
	}
	for _, t := range envTemplates {
		patterns = append(patterns, "!**/"+t)
	}
	return IgnoreSection{"Secrets and version history, at any depth; last, so no pattern above brings one back", patterns}
}

// finishIgnore completes f: it appends the project's .gitignore patterns and
// then the secrets, and leaves out any built-in or .gitignore pattern that
// would hide one of the needed files from the build, saying so in Kept.
func finishIgnore(f *IgnoreFile, gitignore []string, needed []string) {
	have := map[string]bool{}
	for i, s := range f.Sections {
		var keep []string
		for _, p := range s.Patterns {
			if why := hides(p, needed); why != "" {
				f.Kept = append(f.Kept, commentSafe(p+" ("+why+")"))
				continue
			}
			have[p] = true
			keep = append(keep, p)
		}
		f.Sections[i].Patterns = keep
	}
	secrets := secretSection()
	for _, p := range secrets.Patterns {
		have[p] = true // said below, where nothing can undo it
	}
	var keep []string
	for _, p := range gitignore {
		if have[p] {
			continue
		}
		if why := hides(p, needed); why != "" {
			f.Kept = append(f.Kept, commentSafe(p+" ("+why+")"))
			continue
		}
		have[p] = true
		keep = append(keep, p)
	}
	if len(keep) > 0 {
		f.Sections = append(f.Sections, IgnoreSection{"From .gitignore", keep})
	}
	var kept []string
	for _, p := range secrets.Patterns {
		kept = append(kept, p)
		// A secret pattern never gives way, but lets through by name a
		// file the build reads (a Go package named secrets, an embedded
		// key), so the build works and the rest stays out.
		for _, hit := range hidden(p, needed) {
			if exception, ok := escapePattern(hit); ok {
				kept = append(kept, "!"+exception)
				f.Kept = append(f.Kept, commentSafe(p+" lets through "+hit+", which the build needs"))
			}
		}
	}
	secrets.Patterns = kept
	f.Sections = append(f.Sections, secrets)
}

// hidden returns every needed file the pattern excludes.
func hidden(pattern string, needed []string) []string {
	pm, err := patternmatcher.New([]string{pattern})
	if err != nil {
		return nil
	}
	var out []string
	for _, n := range needed {
		if ok, _ := pm.MatchesOrParentMatches(n); ok {
			out = append(out, n)
		}
	}
	return out
}

// escapePattern writes a file name as a pattern that matches only it; ok
// is false for a name no .dockerignore line can hold (a newline, or spaces
// at either end, which the reader trims).
func escapePattern(name string) (string, bool) {
	if name != strings.TrimSpace(name) || strings.HasPrefix(name, "#") {
		return "", false
	}
	var b strings.Builder
	for _, r := range name {
		switch {
		case r < 0x20 || r == 0x7f:
			return "", false
		case strings.ContainsRune(`*?[]\`, r):
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String(), true
}

// hides says why pattern must be left out: it hides a needed file, or the
// engine cannot read it (which would fail every build). "" keeps it.
func hides(pattern string, needed []string) string {
	pm, err := patternmatcher.New([]string{pattern})
	if err == nil {
		// Patterns compile lazily: a first match finds a syntax error.
		_, err = pm.MatchesOrParentMatches("x")
	}
	if err != nil {
		return "the build engine cannot read this pattern"
	}
	if strings.HasPrefix(pattern, "!") {
		return ""
	}
	for _, n := range needed {
		if ok, _ := pm.MatchesOrParentMatches(n); ok {
			return "the build needs " + n
		}
	}
	return ""
}

// commentSafe makes s printable on one comment line: a file name may hold a
// newline, which would otherwise end the comment and start a pattern.
func commentSafe(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\uFFFD' || r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029':
			b.WriteString(strings.Trim(strconv.QuoteRune(r), "'"))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// String lays the file out as .dockerignore lines, for tests and fuzzing.
func (f IgnoreFile) String() string {
	var b strings.Builder
	for _, s := range f.Sections {
		fmt.Fprintf(&b, "\n# %s\n", s.Comment)
		for _, p := range s.Patterns {
			b.WriteString(p + "\n")
		}
	}
	return b.String()
}
