package cli

import (
	"fmt"
	"strings"
	"testing"
)

// A workspace of 30 apps keeps detect's table readable: the list is cut to
// what fits, with a count of the rest, and -o json still lists them all.
func TestDetectTableStaysNarrow(t *testing.T) {
	files := map[string]string{
		"package.json":      `{"name":"mono","private":true,"workspaces":["apps/*"]}`,
		"package-lock.json": `{"name":"mono","lockfileVersion":3,"requires":true,"packages":{"":{"name":"mono"}}}`,
	}
	for i := range 30 {
		name := fmt.Sprintf("service-number-%02d", i)
		files["apps/"+name+"/package.json"] = `{"name":"` + name + `","version":"1.0.0","scripts":{"start":"node server.js"}}`
		files["apps/"+name+"/server.js"] = "require('http').createServer(() => {}).listen(3000)\n"
	}
	dir := project(t, files)
	code, stdout, stderr := runCLI(t, "detect", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	facts, _, _ := strings.Cut(stdout, "\n\n")
	for _, line := range strings.Split(facts, "\n") {
		if len(line) > 160 {
			t.Errorf("a fact line is %d wide:\n%s", len(line), line)
		}
	}
	if !strings.Contains(facts, "more (detect -o json lists all)") {
		t.Errorf("the workspaces row does not say the rest are left out:\n%s", facts)
	}
	_, js, _ := runCLI(t, "detect", "-o", "json", dir)
	if !strings.Contains(js, "apps/service-number-29") {
		t.Error("detect -o json does not list every workspace")
	}
}
