package detect

import "testing"

func TestOwnDockerfileEnv(t *testing.T) {
	fsys := mapFS(map[string]string{"Dockerfile": "FROM golang AS build\nENV CGO_ENABLED=0 BUILD=1\n" +
		"FROM scratch\nENV A=\"one\" B=two \\\n    C=$HOME D='four'\nENV E five\nENV F=\"x\\ny\"\n"})
	got := ownDockerfileEnv(fsys, ".")
	want := map[string]string{"A": "one", "B": "two", "D": "four", "E": "five"}
	if len(got) != len(want) {
		t.Errorf("got %v, want %v (the last stage's literal values only)", got, want)
	}
	for k, v := range want {
		if got[k].value != v || got[k].evidence != "Dockerfile: ENV "+k+"="+v+", in the project's own Dockerfile" {
			t.Errorf("%s = %+v, want %q", k, got[k], v)
		}
	}
	if got := ownDockerfileEnv(mapFS(map[string]string{"Dockerfile": "FROM x\nENV \"\n"}), "."); len(got) != 0 {
		t.Errorf("a broken Dockerfile gave %v", got)
	}
}
