package lint

import (
	"strings"
	"testing"
)

func TestIgnoreComments(t *testing.T) {
	bad := strings.Replace(good, `ENTRYPOINT ["/usr/local/bin/app"]`, "ENTRYPOINT /usr/local/bin/app", 1)
	if got := rules(t, bad); len(got) != 2 {
		t.Fatalf("the shell-form entrypoint should get DZ007 and JSONArgsRecommended, got %v", got)
	}
	cases := map[string]string{
		"above":              "# dockerize-lint ignore=DZ007,JSONArgsRecommended\nENTRYPOINT /usr/local/bin/app",
		"above, prefixed":    "# dockerize-lint ignore=dz007, buildkit/JSONArgsRecommended\nENTRYPOINT /usr/local/bin/app",
		"comments between":   "# dockerize-lint ignore=DZ007\n# the app handles signals itself\n# dockerize-lint ignore=JSONArgsRecommended\nENTRYPOINT /usr/local/bin/app",
		"by name":            "# dockerize-lint ignore=exec-form,JSONArgsRecommended\nENTRYPOINT /usr/local/bin/app",
		"whole file, spaced": "#dockerize-lint ignore-file = DZ007,JSONArgsRecommended\nENTRYPOINT /usr/local/bin/app",
	}
	for name, repl := range cases {
		df := strings.Replace(bad, "ENTRYPOINT /usr/local/bin/app", repl, 1)
		if got := rules(t, df); len(got) != 0 {
			t.Errorf("%s: still reported %v", name, got)
		}
	}
	// A comment that is not understood is reported, and ignores nothing.
	df := strings.Replace(bad, "ENTRYPOINT /usr/local/bin/app", "# dockerize-lint ignore DZ007\nENTRYPOINT /usr/local/bin/app", 1)
	if got := rules(t, df); len(got) != 3 || got[0] != "DZ015" {
		t.Errorf("a malformed comment: %v", got)
	}
	// A comment above one instruction does not reach the next.
	df = strings.Replace(bad, "EXPOSE 8080\n", "# dockerize-lint ignore=DZ007\nEXPOSE 8080\n", 1)
	if got := rules(t, df); len(got) != 2 {
		t.Errorf("an ignore for EXPOSE hid the ENTRYPOINT's findings: %v", got)
	}
}

func TestDisableOption(t *testing.T) {
	bad := strings.Replace(good, "EXPOSE 8080\n", "", 1)
	for _, id := range []string{"DZ006", "dz006", "expose"} {
		f, err := CheckWith([]byte(bad), Options{Disable: []string{id}})
		if err != nil || len(f) != 0 {
			t.Errorf("Disable %s: %v %v", id, f, err)
		}
	}
	if _, err := CheckWith([]byte(good), Options{Disable: []string{"DZ999"}}); err == nil {
		t.Error("an unknown rule was accepted")
	}
	for _, id := range []string{"DZ001", "buildkit/UndefinedVar", "undefinedvar", "non-root-user"} {
		if !Known(id) {
			t.Errorf("Known(%q) = false", id)
		}
	}
}
