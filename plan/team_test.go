package plan

import (
	"errors"
	"strings"
	"testing"
)

func TestTeamMirrorAndOverrides(t *testing.T) {
	a := Answers{Version: "t", Team: Team{
		Mirror: "mirror.example.internal",
		Images: map[string]string{"go.build": "registry.example.internal/golang:{version}-team"},
		User:   "10001",
		Labels: map[string]string{"org.opencontainers.image.source": "https://git.example/svc", "com.example.team": "payments"},
		Syntax: "docker/dockerfile:1.12",
	}}
	pl, err := newPlan(project(t, service), a)
	if err != nil {
		t.Fatal(err)
	}
	if pl.BuildImage.String() != "registry.example.internal/golang:1.23.2-team" {
		t.Errorf("build image = %s, want the override with the version filled in, not mirrored", pl.BuildImage)
	}
	if pl.RuntimeImage.String() != "mirror.example.internal/gcr.io/distroless/static-debian12:nonroot" {
		t.Errorf("runtime image = %s, want the table's through the mirror", pl.RuntimeImage)
	}
	if pl.UID != 10001 || pl.GID != 10001 || decision(pl, "user") != "10001:10001 (team setting user)" {
		t.Errorf("user = %d:%d, decision %q", pl.UID, pl.GID, decision(pl, "user"))
	}
	if !strings.HasPrefix(decision(pl, "runtime"), "mirror.example.internal/") {
		t.Errorf("the runtime decision quotes %q, not the image used", decision(pl, "runtime"))
	}
	n := 0
	for _, d := range pl.Decisions {
		if d.Name == "user" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d user decisions, want the team's replacing the stack's", n)
	}
	labels := map[string]string{}
	for _, l := range pl.Labels {
		labels[l.Key.String()] = l.Value.Text()
	}
	if labels["org.opencontainers.image.source"] != "https://git.example/svc" || labels["com.example.team"] != "payments" {
		t.Errorf("labels = %v", pl.Labels)
	}
	if pl.Syntax == nil || pl.Syntax.String() != "mirror.example.internal/docker/dockerfile:1.12" {
		t.Errorf("syntax = %q, want the frontend through the mirror", pl.Syntax)
	}
}

func TestNoTeamNoSyntax(t *testing.T) {
	pl, err := newPlan(project(t, service), Answers{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if pl.Syntax != nil || decision(pl, "mirror") != "" {
		t.Errorf("without team settings: syntax %q, mirror %q", pl.Syntax, decision(pl, "mirror"))
	}
}

func TestTeamValidate(t *testing.T) {
	cases := []struct {
		team Team
		want string
	}{
		{Team{Mirror: "https://m.example"}, "without a scheme"},
		{Team{Mirror: "mirror"}, "registry host"},
		{Team{Images: map[string]string{"go.tiny": "x:1"}}, `"go.tiny" is not a key`},
		{Team{Images: map[string]string{"go.build": "UPPER/case:1"}}, "images: go.build"},
		{Team{User: "root"}, "not a numeric UID"},
		{Team{User: "0"}, "is root"},
		{Team{User: "1000:abc"}, "not a numeric UID"},
		{Team{Labels: map[string]string{"a b": "c"}}, "not a label key"},
		{Team{Labels: map[string]string{"a": "b\nc"}}, "spans lines"},
		{Team{Syntax: "::"}, "syntax"},
	}
	for _, c := range cases {
		err := c.team.Validate(GoImages())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: err = %v, want %q", c.team, err, c.want)
		}
	}
	_, err := newPlan(project(t, service), Answers{Team: Team{User: "0"}})
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("a bad team setting through New: %v, want ErrInvalid", err)
	}
}

func TestParseUser(t *testing.T) {
	for in, want := range map[string][2]int{"10001": {10001, 10001}, "1000:2000": {1000, 2000}} {
		uid, gid, err := ParseUser(in)
		if err != nil || uid != want[0] || gid != want[1] {
			t.Errorf("ParseUser(%q) = %d, %d, %v", in, uid, gid, err)
		}
	}
}
