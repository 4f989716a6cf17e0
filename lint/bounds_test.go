package lint

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// doubling is a Dockerfile whose ARGs double at every line: a few hundred
// bytes that would expand to 2^levels bytes.
func doubling(levels int, instr string) []byte {
	var b strings.Builder
	b.WriteString("FROM alpine:3.20\n" + instr + " a0=xx\n")
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "%s a%d=${a%d}$a%d\n", instr, i, i-1, i-1)
	}
	fmt.Fprintf(&b, "RUN echo $a%d\n", levels)
	return []byte(b.String())
}

func TestExpansionIsRefusedBeforeBuildKit(t *testing.T) {
	for _, instr := range []string{"ARG", "ENV"} {
		start := time.Now()
		_, err := Check(doubling(40, instr))
		if !errors.Is(err, ErrTooComplex) || !strings.Contains(err.Error(), "would expand to more than 64 KiB") {
			t.Errorf("%s doubling: err = %v", instr, err)
		}
		if _, err := BuildKitChecks(doubling(40, instr)); !errors.Is(err, ErrTooComplex) {
			t.Errorf("%s doubling, BuildKit's checks alone: err = %v", instr, err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s doubling took %s", instr, d)
		}
	}
	// A few levels are a normal Dockerfile.
	if _, err := Check(doubling(4, "ARG")); err != nil {
		t.Errorf("four ARGs: %v", err)
	}
}

func TestSizeAndTimeAreBounded(t *testing.T) {
	big := append([]byte("FROM alpine:3.20\n"), []byte(strings.Repeat("# padding\n", MaxSize/10+1))...)
	if _, err := Check(big); !errors.Is(err, ErrTooComplex) {
		t.Errorf("a file over MaxSize: %v", err)
	}
	_, err := withTimeout(50*time.Millisecond, func() (int, error) { time.Sleep(time.Second); return 0, nil })
	if !errors.Is(err, ErrTooComplex) || !strings.Contains(err.Error(), "longer than 50ms") {
		t.Errorf("timeout: %v", err)
	}
}
