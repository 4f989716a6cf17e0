// Package config reads and validates .dockerize.yaml: the answers a project
// saved for reproducible re-runs (keyed by init's flag names, so every flag
// is a setting and flags always win), and the team settings a platform team
// shares across repositories.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/agext/levenshtein"
	"go.yaml.in/yaml/v3"

	"github.com/dockerize-dev/dockerize/internal/safefs"
	"github.com/dockerize-dev/dockerize/lint"
	"github.com/dockerize-dev/dockerize/plan"
	"github.com/dockerize-dev/dockerize/stacks"
)

// FileName is the project's settings file.
const FileName = ".dockerize.yaml"

// File is a parsed settings file.
type File struct {
	Path string
	// Answers maps init flag names to their values as written.
	Answers map[string]string
	Team    plan.Team
	// Services are the services init --all writes, by name, when the file
	// says (the choice saved at its prompt); nil means every service.
	Services []string
}

// ServicesKey is the setting that lists the services init --all writes.
const ServicesKey = "services"

// teamKeys are the top-level keys that are team settings, not answers.
func teamKeys() []string {
	return []string{"registry-mirror", "images", "user", "labels", "templates", "syntax", "lint"}
}

// maxSize bounds a settings file: real ones are a few lines.
const maxSize = 1 << 20

// Load reads path (a regular file, up to maxSize). A missing file is not an error: it returns nil. answerKeys
// are the flag names accepted as answers.
func Load(path string, answerKeys []string) (*File, error) {
	data, err := safefs.ReadFile(path, maxSize)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return Parse(path, data, answerKeys)
}

// Parse validates and decodes a settings file's content.
func Parse(path string, data []byte, answerKeys []string) (*File, error) {
	f := &File{Path: path, Answers: map[string]string{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w; fix the YAML and run dockerize again", path, err)
	}
	if len(doc.Content) == 0 {
		return f, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: expected a mapping of settings (key: value)", path, root.Line)
	}
	answers := set(answerKeys)
	team := set(teamKeys())
	var teamDoc yaml.Node
	teamDoc.Kind = yaml.MappingNode
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch {
		case answers[k.Value]:
			if v.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("%s:%d: %s takes a single value, as its flag --%s does", path, v.Line, k.Value, k.Value)
			}
			f.Answers[k.Value] = v.Value
		case team[k.Value]:
			teamDoc.Content = append(teamDoc.Content, k, v)
		case k.Value == ServicesKey:
			if v.Kind != yaml.SequenceNode {
				return nil, fmt.Errorf("%s:%d: services is a list of service names (dockerize detect lists them)", path, v.Line)
			}
			f.Services = []string{}
			for _, item := range v.Content {
				if item.Kind != yaml.ScalarNode || item.Value == "" {
					return nil, fmt.Errorf("%s:%d: services: each item is a service name", path, item.Line)
				}
				f.Services = append(f.Services, item.Value)
			}
		default:
			return nil, fmt.Errorf("%s:%d: unknown setting %q%s", path, k.Line, k.Value, suggest(k.Value, append(append(answerKeys, teamKeys()...), ServicesKey)))
		}
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	if err := enc.Encode(&teamDoc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	dec := yaml.NewDecoder(&buf)
	dec.KnownFields(true)
	if err := dec.Decode(&f.Team); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := validateTeam(&f.Team); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

func validateTeam(t *plan.Team) error {
	switch t.Lint.FailOn {
	case "", "info", "warning", "error":
	default:
		return fmt.Errorf("lint.fail-on %q is not a severity; use info, warning or error", t.Lint.FailOn)
	}
	for _, id := range t.Lint.Disable {
		if !lint.Known(id) {
			return fmt.Errorf("lint.disable: %q is not a rule; see dockerize lint --rules", id)
		}
	}
	return t.Validate(stacks.Images())
}

// suggest returns ", did you mean X?" for the closest valid key, if any is
// close enough to be a likely typo.
func suggest(key string, valid []string) string {
	best, bestDist := "", 1<<30
	sorted := append([]string(nil), valid...)
	sort.Strings(sorted)
	for _, v := range sorted {
		if d := levenshtein.Distance(key, v, nil); d < bestDist {
			best, bestDist = v, d
		}
	}
	if best == "" || bestDist > max(2, len(key)/3) {
		return "; valid settings are " + strings.Join(sorted, ", ")
	}
	return fmt.Sprintf("; did you mean %q?", best)
}

func set(keys []string) map[string]bool {
	m := map[string]bool{}
	for _, k := range keys {
		m[k] = true
	}
	return m
}
