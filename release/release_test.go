package release

import "testing"

func TestName(t *testing.T) {
	for in, want := range map[string]string{
		"golang":                                         "golang",
		"docker.io/library/golang":                       "golang",
		"mirror.example.internal/library/node":           "node",
		"localhost:5000/node":                            "node",
		"gcr.io/distroless/static-debian12":              "distroless",
		"mirror.example.internal/distroless/cc-debian13": "distroless",
		"nginxinc/nginx-unprivileged":                    "nginxinc/nginx-unprivileged",
		"registry.access.redhat.com/ubi9/openjdk-21":     "ubi9/openjdk-21",
	} {
		if got := Name(in); got != want {
			t.Errorf("Name(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBehind(t *testing.T) {
	node, _ := Lookup("node")
	golang, _ := Lookup("golang")
	temurin, _ := Lookup("eclipse-temurin")
	for _, c := range []struct {
		im      Image
		version string
		want    string
	}{
		{node, "22.12.0", "4 major behind (26.10.0)"},
		{node, "22", "4 major behind (26.10.0)"},
		{node, "26.10.0", "up to date"},
		{node, "26.9.1", "1 minor behind (26.10.0)"},
		{node, "lts", "up to date"},
		{node, "27.0.0", "up to date"},
		{golang, "1.24.4", "3 minor behind (1.27.4)"},
		{golang, "1.27.1", "3 patch behind (1.27.4)"},
		{temurin, "17", "8 major behind (25.0.3_9)"},
		{temurin, "21", "4 major behind (25.0.3_9)"},
	} {
		g, ok := c.im.Behind(c.version)
		if !ok || g.String() != c.want {
			t.Errorf("%s %s: Behind = %v %v, want %s", c.im.Repository, c.version, g, ok, c.want)
		}
	}
	if _, ok := node.Behind("alpine"); ok {
		t.Error("a tag word with no version has no gap")
	}
}

func TestNewestIn(t *testing.T) {
	node, _ := Lookup("node")
	golang, _ := Lookup("golang")
	debian, _ := Lookup("debian")
	for _, c := range []struct {
		im            Image
		version, want string
	}{
		{node, "22", "22.23.3"}, {node, "22.1.0", "22.23.3"}, {node, "lts", "26.10.0"}, {node, "19", ""},
		{golang, "1.26", "1.26.11"}, {golang, "1.25", ""}, {debian, "trixie", "13.8"}, {debian, "12", "12.15"},
	} {
		got, _ := c.im.NewestIn(c.version)
		if got != c.want {
			t.Errorf("%s NewestIn(%s) = %q, want %q", c.im.Repository, c.version, got, c.want)
		}
	}
}

// The table stays sorted newest first and every row says where it was read.
func TestTableIsOrdered(t *testing.T) {
	for _, im := range Images() {
		if im.Source == "" {
			t.Errorf("%s: no source", im.Repository)
		}
		for i := 1; i < len(im.Newest); i++ {
			a, b := Parse(im.Newest[i-1]), Parse(im.Newest[i])
			if !less(b, a) {
				t.Errorf("%s: %s listed before %s", im.Repository, im.Newest[i-1], im.Newest[i])
			}
		}
	}
}

func less(a, b []int) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return len(a) < len(b)
}
