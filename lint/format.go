package lint

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
)

// Result is one file's findings.
type Result struct {
	Path     string
	Findings []Finding
}

// ParseSeverity reads a severity name.
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(s) {
	case "info":
		return Info, nil
	case "warning":
		return Warning, nil
	case "error":
		return Error, nil
	}
	return 0, fmt.Errorf("%q is not a severity; use info, warning or error", s)
}

// Formats are the output formats WriteReport knows.
func Formats() []string { return []string{"text", "json", "sarif"} }

// WriteReport writes results in format: text for people, json for scripts,
// sarif for code-scanning uploads. version is dockerize's, for SARIF.
func WriteReport(w io.Writer, format string, results []Result, version string) error {
	switch format {
	case "text":
		return writeText(w, results)
	case "json":
		return writeJSON(w, results)
	case "sarif":
		return writeSARIF(w, results, version)
	}
	return fmt.Errorf("--format %q is not known; use %s", format, strings.Join(Formats(), ", "))
}

func writeText(w io.Writer, results []Result) error {
	counts := map[Severity]int{}
	for _, r := range results {
		for _, f := range r.Findings {
			counts[f.Severity]++
			fmt.Fprintf(w, "%s:%d: %s %s: %s\n", r.Path, f.Line, f.Severity, f.Rule, f.Message)
			if f.Hint != "" {
				fmt.Fprintf(w, "    fix: %s\n", f.Hint)
			}
		}
	}
	var parts []string
	for _, s := range []Severity{Error, Warning, Info} {
		if counts[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[s], plural(counts[s], s.String())))
		}
	}
	if len(parts) == 0 {
		parts = []string{"no findings"}
	}
	_, err := fmt.Fprintf(w, "%s in %d %s\n", strings.Join(parts, ", "), len(results), plural(len(results), "file"))
	return err
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

type jsonFinding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
}

func writeJSON(w io.Writer, results []Result) error {
	out := []jsonFinding{}
	for _, r := range results {
		for _, f := range r.Findings {
			out = append(out, jsonFinding{r.Path, f.Line, f.Rule, f.Severity.String(), f.Message, f.Hint})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// The parts of SARIF 2.1.0 dockerize writes.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool    sarifTool     `json:"tool"`
		Results []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string       `json:"id"`
		Name                 string       `json:"name,omitempty"`
		ShortDescription     sarifMessage `json:"shortDescription"`
		Help                 sarifMessage `json:"help"`
		HelpURI              string       `json:"helpUri,omitempty"`
		DefaultConfiguration sarifConfig  `json:"defaultConfiguration"`
	}
	sarifConfig struct {
		Level string `json:"level"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID    string          `json:"ruleId"`
		RuleIndex int             `json:"ruleIndex"`
		Level     string          `json:"level"`
		Message   sarifMessage    `json:"message"`
		Locations []sarifLocation `json:"locations"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           *sarifRegion  `json:"region,omitempty"`
	}
	sarifArtifact struct {
		URI string `json:"uri"`
	}
	sarifRegion struct {
		StartLine int `json:"startLine"`
	}
)

// sarifLevel maps severities to SARIF's levels.
func sarifLevel(s Severity) string {
	return [...]string{"note", "warning", "error"}[s]
}

// writeSARIF writes one run whose rules are those with findings, in ID
// order, so the log stays small and stable.
func writeSARIF(w io.Writer, results []Result, version string) error {
	used := map[string]Finding{}
	for _, r := range results {
		for _, f := range r.Findings {
			if _, ok := used[f.Rule]; !ok {
				used[f.Rule] = f
			}
		}
	}
	ids := make([]string, 0, len(used))
	for id := range used {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	index := map[string]int{}
	rules := []sarifRule{}
	for i, id := range ids {
		index[id] = i
		rules = append(rules, sarifRuleFor(id, used[id]))
	}
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: "dockerize", Version: version, InformationURI: "https://github.com/dockerize-dev/dockerize", Rules: rules,
		}},
		Results: []sarifResult{},
	}
	for _, r := range results {
		for _, f := range r.Findings {
			loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: filepath.ToSlash(r.Path)}}}
			if f.Line > 0 {
				loc.PhysicalLocation.Region = &sarifRegion{StartLine: f.Line}
			}
			run.Results = append(run.Results, sarifResult{
				RuleID: f.Rule, RuleIndex: index[f.Rule], Level: sarifLevel(f.Severity),
				Message: sarifMessage{f.Message}, Locations: []sarifLocation{loc},
			})
		}
	}
	log := sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

func sarifRuleFor(id string, example Finding) sarifRule {
	for _, r := range Rules() {
		if r.ID == id {
			return sarifRule{
				ID: r.ID, Name: r.Name,
				ShortDescription:     sarifMessage{strings.ReplaceAll(r.Name, "-", " ")},
				Help:                 sarifMessage{r.Hint},
				DefaultConfiguration: sarifConfig{sarifLevel(r.Severity)},
			}
		}
	}
	// A BuildKit check: its hint is the rule's documentation page.
	name := strings.TrimPrefix(id, "buildkit/")
	rule := sarifRule{
		ID: id, Name: name,
		ShortDescription:     sarifMessage{"BuildKit check " + name},
		Help:                 sarifMessage{"see BuildKit's documentation of " + name},
		DefaultConfiguration: sarifConfig{sarifLevel(example.Severity)},
	}
	if strings.HasPrefix(example.Hint, "https://") {
		rule.HelpURI = example.Hint
		rule.Help.Text = "see " + example.Hint
	}
	return rule
}
