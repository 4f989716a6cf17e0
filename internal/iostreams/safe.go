package iostreams

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Line makes text from a project safe to print on one terminal line:
// control characters (ESC, CR, newline...), line separators, bidi
// overrides and invalid UTF-8 are shown as escapes instead of acting on the
// terminal.
func Line(s string) string { return escape(s, false) }

// Text is Line for a message that may span lines: newlines and tabs stay.
func Text(s string) string { return escape(s, true) }

func escape(s string, keepLines bool) string {
	if !needsEscape(s, keepLines) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case keepLines && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case unsafeRune(r):
			b.WriteString(strings.Trim(strconv.QuoteRuneToASCII(r), "'"))
		default:
			b.WriteRune(r)
		}
		i += n
	}
	return b.String()
}

func needsEscape(s string, keepLines bool) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for _, r := range s {
		if unsafeRune(r) && !(keepLines && (r == '\n' || r == '\t')) {
			return true
		}
	}
	return false
}

// unsafeRune reports a rune that moves the cursor, changes the terminal's
// state or reorders text: C0 and C1 controls, DEL, the line and paragraph
// separators and the bidirectional controls.
func unsafeRune(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' ||
		(r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069') || r == '\u200e' || r == '\u200f' || r == '\ufeff'
}
