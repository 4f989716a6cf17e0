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
		{"Container files", []string{"Dockerfile*", ".dockerignore", "docker-compose*.yml", "docker-compose*.yaml", "compose*.yml", "compose*.yaml", ".dockerize.yaml"}},
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
			if hit := hides(p, needed); hit != "" {
				f.Kept = append(f.Kept, commentSafe(p+" (the build needs "+hit+")"))
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
		if hit := hides(p, needed); hit != "" {
			f.Kept = append(f.Kept, commentSafe(p+" (the build needs "+hit+")"))
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
		// A secret pattern gives way only to a file the build reads by
		// name (a Go package named secrets, an embedded key); what the
		// build needs is never hidden, but is listed in the comment.
		if hit := hides(p, needed); hit != "" {
			f.Kept = append(f.Kept, commentSafe(p+" (the build needs "+hit+")"))
			continue
		}
		kept = append(kept, p)
	}
	secrets.Patterns = kept
	f.Sections = append(f.Sections, secrets)
}

// hides returns the first needed file the pattern excludes, or "".
func hides(pattern string, needed []string) string {
	if strings.HasPrefix(pattern, "!") {
		return ""
	}
	pm, err := patternmatcher.New([]string{pattern})
	if err != nil {
		return pattern
	}
	for _, n := range needed {
		if ok, _ := pm.MatchesOrParentMatches(n); ok {
			return n
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
