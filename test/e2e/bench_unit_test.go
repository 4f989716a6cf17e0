//go:build e2e

package e2e

import "testing"

func TestRatio(t *testing.T) {
	for _, c := range []struct {
		a, b float64
		want string
	}{{1, 0, "n/a"}, {0, 5, "0x"}, {1, 20000, "<0.001x"}, {5.7, 1178, "0.005x"}, {1, 3, "0.33x"}, {3, 2, "1.50x"}} {
		if got := ratio(c.a, c.b); got != c.want {
			t.Errorf("ratio(%v, %v) = %s, want %s", c.a, c.b, got, c.want)
		}
	}
}
