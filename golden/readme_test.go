package golden

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestReadmeExample keeps the Dockerfile quoted in the README equal to what
// dockerize writes for examples/go-hello; -update rewrites the quote.
func TestReadmeExample(t *testing.T) {
	code, stdout, stderr := dockerize("init", "../examples/go-hello", "--stdout")
	if code != 0 {
		t.Fatalf("dockerize init --stdout: exit %d\n%s", code, stderr)
	}
	out := []byte(stdout)
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const open, close = "```dockerfile\n", "```"
	start := bytes.Index(readme, []byte(open))
	if start < 0 {
		t.Fatal("README.md has no ```dockerfile block")
	}
	start += len(open)
	end := start + bytes.Index(readme[start:], []byte(close))
	if *update {
		updated := append(append(append([]byte{}, readme[:start]...), out...), readme[end:]...)
		if err := os.WriteFile("../README.md", updated, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got := string(readme[start:end]); got != string(out) {
		t.Errorf("README's example differs from dockerize's output; run make golden:\n%s", diff([]byte(got), out))
	}
	if strings.Count(string(readme), open) != 1 {
		t.Error("README.md should quote exactly one generated Dockerfile")
	}
}
