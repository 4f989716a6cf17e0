package iostreams

import "testing"

func TestLineEscapesWhatActsOnATerminal(t *testing.T) {
	for in, want := range map[string]string{
		"plain é":             "plain é",
		"a\x1b[31mred\x1b[0m": `a\x1b[31mred\x1b[0m`,
		"a\rb\nc\td":          `a\rb\nc\td`,
		"\xffx":               `\xffx`,
		"a\u2028b\u202ec":     `a\u2028b\u202ec`,
		"\x7f\u0085":          `\x7f\u0085`,
	} {
		if got := Line(in); got != want {
			t.Errorf("Line(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Text("line one\n\tline two\x1b[2J"); got != "line one\n\tline two\\x1b[2J" {
		t.Errorf("Text = %q", got)
	}
}

func FuzzLine(f *testing.F) {
	f.Add("a\x1b[31m\r\n\xff\u2028")
	f.Fuzz(func(t *testing.T, s string) {
		out := Line(s)
		if needsEscape(out, false) {
			t.Fatalf("Line(%q) = %q still holds characters that act on a terminal", s, out)
		}
	})
}
