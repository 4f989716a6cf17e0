package config

import (
	"strings"
	"testing"

	"github.com/dockerize-dev/dockerize/plan"
)

var keys = []string{"port", "main", "module", "go-version", "runtime"}

func TestParse(t *testing.T) {
	f, err := Parse(".dockerize.yaml", []byte(`# team standard
port: 9090
main: cmd/api
registry-mirror: mirror.example.internal
images:
  go.build: mirror.example.internal/library/golang:{version}-bookworm
user: "10001:10001"
labels:
  org.opencontainers.image.vendor: ACME
lint:
  disable: [DZ005]
  fail-on: warning
`), keys)
	if err != nil {
		t.Fatal(err)
	}
	if f.Answers["port"] != "9090" || f.Answers["main"] != "cmd/api" {
		t.Errorf("answers = %v", f.Answers)
	}
	if f.Team.Mirror != "mirror.example.internal" || f.Team.User != "10001:10001" ||
		f.Team.Labels["org.opencontainers.image.vendor"] != "ACME" || f.Team.Lint.Disable[0] != "DZ005" ||
		!strings.Contains(f.Team.Images["go.build"], "{version}") {
		t.Errorf("team = %+v", f.Team)
	}
}

func TestErrors(t *testing.T) {
	cases := map[string]string{
		"prot: 9090\n":                    `.dockerize.yaml:1: unknown setting "prot"; did you mean "port"?`,
		"registry-mirorr: x\n":            `did you mean "registry-mirror"?`,
		"zzzzzzzzzzzzz: 1\n":              "valid settings are ",
		"main: [a, b]\n":                  ".dockerize.yaml:1: main takes a single value",
		"- port\n":                        "expected a mapping",
		"port: [\n":                       "fix the YAML",
		"lint:\n  fail-on: sometimes\n":   `lint.fail-on "sometimes" is not a severity`,
		"lint:\n  disabel: [DZ001]\n":     "field disabel not found",
		"registry-mirror: https://m.ex\n": "without a scheme",
		"lint:\n  disable: [DZ5]\n":       `.dockerize.yaml: lint.disable: "DZ5" is not a rule`,
		"user: root\n":                    `.dockerize.yaml: user "root" is not a numeric UID`,
		"images:\n  go.tiny: x:1\n":       `images: "go.tiny" is not a key of the base-image table`,
		"labels:\n  \"a b\": c\n":         `labels: "a b" is not a label key`,
		"syntax: \"::\"\n":                "syntax:",
	}
	for in, want := range cases {
		_, err := Parse(".dockerize.yaml", []byte(in), keys)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) = %v, want an error containing %q", in, err, want)
		}
	}
}

func TestEmptyAndMissing(t *testing.T) {
	f, err := Parse("x", nil, keys)
	if err != nil || len(f.Answers) != 0 {
		t.Errorf("empty file: %v %v", f, err)
	}
	f, err = Load(t.TempDir()+"/none.yaml", keys)
	if err != nil || f != nil {
		t.Errorf("missing file: %v %v", f, err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("port: 1\nimages:\n  a: b\nlint:\n  disable: [x]\n")
	f.Add("- a\n- b\n")
	f.Add("&a x: *a\n")
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = Parse("f", []byte(s), keys)
	})
}

func TestMergeKeepsOtherSettingsAndComments(t *testing.T) {
	in := []byte("# team standard\nregistry-mirror: mirror.example.internal # our cache\nport: 80 # old\nlabels:\n  a: b\n")
	out, err := Merge(in, map[string]string{"port": "9090", "main": "cmd/api"})
	if err != nil {
		t.Fatal(err)
	}
	got := string(out)
	for _, want := range []string{"# team standard", "registry-mirror: mirror.example.internal # our cache", `port: "9090" # old`, "main: cmd/api", "labels:\n  a: b"} {
		if !strings.Contains(got, want) {
			t.Errorf("merged file lacks %q:\n%s", want, got)
		}
	}
	f, err := Parse(FileName, out, keys)
	if err != nil || f.Answers["port"] != "9090" || f.Team.Mirror != "mirror.example.internal" {
		t.Errorf("merged file does not read back: %v %+v", err, f)
	}
	fresh, err := Merge(nil, map[string]string{"port": "1"})
	if err != nil || !strings.Contains(string(fresh), "# Answers saved by dockerize init") {
		t.Errorf("new file: %q %v", fresh, err)
	}
}

func TestResolvePrecedence(t *testing.T) {
	team := &File{Path: "/shared/team.yaml", Answers: map[string]string{"port": "9999", "go-version": "1.23", "main": "cmd/team"},
		Team: plan.Team{Mirror: "team.example", User: "10001", Templates: "tmpl", Lint: plan.TeamLint{Disable: []string{"DZ001"}}}}
	project := &File{Path: "repo/.dockerize.yaml", Answers: map[string]string{"port": "9100", "main": "cmd/worker"},
		Team: plan.Team{Mirror: "project.example", Lint: plan.TeamLint{Disable: []string{"DZ002"}}}}
	s := Resolve(map[string]string{"main": "cmd/api"}, project, team)
	want := map[string]struct {
		value string
		from  Source
	}{
		"main":       {"cmd/api", FromFlag},
		"port":       {"9100", FromProject},
		"go-version": {"1.23", FromTeam},
	}
	for k, w := range want {
		if s.Answers[k] != w.value || s.From[k] != w.from {
			t.Errorf("%s = %q from %s, want %q from %s", k, s.Answers[k], s.From[k], w.value, w.from)
		}
	}
	if len(s.Answers) != len(want) {
		t.Errorf("answers %v, want only %v", s.Answers, want)
	}
	if s.Team.Mirror != "project.example" || s.Team.User != "10001" || s.Team.Templates != "/shared/tmpl" ||
		strings.Join(s.Team.Lint.Disable, ",") != "DZ001,DZ002" {
		t.Errorf("team settings %+v", s.Team)
	}
	if s := Resolve(nil, nil, nil); len(s.Answers) != 0 || s.Team.Mirror != "" {
		t.Errorf("nothing given: %+v", s)
	}
}

func TestServicesList(t *testing.T) {
	f, err := Parse(".dockerize.yaml", []byte("port: 9090\nservices: [api, web]\n"), keys)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(f.Services, ",") != "api,web" {
		t.Errorf("services = %v", f.Services)
	}
	if _, err := Parse(".dockerize.yaml", []byte("services: api\n"), keys); err == nil || !strings.Contains(err.Error(), "list of service names") {
		t.Errorf("a scalar services: err = %v", err)
	}
	data, err := MergeServices([]byte("# mine\nport: 9090 # kept\nservices: [old]\n"), []string{"api", "worker"})
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(".dockerize.yaml", data, keys)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(back.Services, ",") != "api,worker" || back.Answers["port"] != "9090" || !strings.Contains(string(data), "# kept") {
		t.Errorf("merged:\n%s", data)
	}
}
