package plan

import (
	"strings"

	"github.com/moby/patternmatcher"
)

// IgnoreFile is the content of .dockerignore, in sections.
type IgnoreFile struct {
	Sections []IgnoreSection
	// Kept lists .gitignore patterns left out because they would hide a
	// file the build needs, with that file.
	Kept []string
}

// IgnoreSection is a commented group of patterns.
type IgnoreSection struct {
	Comment  string
	Patterns []string
}

// commonIgnore is what no image build needs and no image should contain:
// version control, secrets, editor and OS files, the Docker files themselves
// (so editing them does not invalidate the COPY . . layer).
func commonIgnore() []IgnoreSection {
	return []IgnoreSection{
		{"Version control and CI", []string{".git", ".gitignore", ".gitattributes", ".github", ".gitlab-ci.yml"}},
		{"Secrets: never send them to the build", []string{".env", ".env.*", "**/*.pem", "**/*.key", "**/*.p12", "**/*.pfx", "**/id_rsa*", "**/id_ed25519*", ".aws", ".ssh", ".netrc", ".npmrc", ".pypirc"}},
		{"Editors and operating systems", []string{".idea", ".vscode", "**/*.swp", "**/*~", "**/.DS_Store", "**/Thumbs.db"}},
		{"Container files", []string{"Dockerfile*", ".dockerignore", "docker-compose*.yml", "docker-compose*.yaml", "compose*.yml", "compose*.yaml", ".dockerize.yaml"}},
	}
}

// mergeGitignore appends the project's .gitignore patterns to f, leaving out
// any pattern that would hide one of the needed files from the build.
func mergeGitignore(f *IgnoreFile, gitignore []string, needed []string) {
	have := map[string]bool{}
	for _, s := range f.Sections {
		for _, p := range s.Patterns {
			have[p] = true
		}
	}
	var keep []string
	for _, p := range gitignore {
		if have[p] {
			continue
		}
		if hit := hides(p, needed); hit != "" {
			f.Kept = append(f.Kept, p+" (the build needs "+hit+")")
			continue
		}
		have[p] = true
		keep = append(keep, p)
	}
	if len(keep) > 0 {
		f.Sections = append(f.Sections, IgnoreSection{"From .gitignore", keep})
	}
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
