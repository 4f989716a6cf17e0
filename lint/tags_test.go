package lint

import (
	"strings"
	"testing"
)

func TestParseImageRef(t *testing.T) {
	for _, c := range []struct{ in, repo, tag, digest string }{
		{"node", "node", "", ""},
		{"node:22-alpine", "node", "22-alpine", ""},
		{"localhost:5000/team/app:1.2.3", "localhost:5000/team/app", "1.2.3", ""},
		{"localhost:5000/team/app", "localhost:5000/team/app", "", ""},
		{"gcr.io/distroless/static-debian12:nonroot@sha256:abc", "gcr.io/distroless/static-debian12", "nonroot", "sha256:abc"},
		{"golang@sha256:abc", "golang", "", "sha256:abc"},
	} {
		r := ParseImageRef(c.in)
		if r.Repository != c.repo || r.Tag != c.tag || r.Digest != c.digest {
			t.Errorf("ParseImageRef(%q) = %+v", c.in, r)
		}
		if r.String() != c.in {
			t.Errorf("ParseImageRef(%q).String() = %q", c.in, r.String())
		}
	}
}

// Every tag a user may write, with how firmly it pins and, for the floating
// ones, the tag the finding must suggest ("" when the table cannot know).
func TestPinning(t *testing.T) {
	for _, c := range []struct{ ref, want, suggest string }{
		{"node:lts-alpine", "floating", "node:26.10.0-alpine"},
		{"node:22", "floating", "node:22.23.3"},
		{"node:22.12-bookworm-slim", "floating", "node:22.23.3-bookworm-slim"},
		{"node:22.12.0-bookworm-slim", "exact", ""},
		{"node:alpine", "floating", "node:26.10.0-alpine"},
		{"debian:stable-slim", "floating", "debian:13.8-slim"},
		{"debian:bookworm", "floating", "debian:12.15"},
		{"debian:12.15-slim", "exact", ""},
		{"debian:bookworm-20261124-slim", "exact", ""},
		{"golang:trixie", "floating", "golang:1.27.4-trixie"},
		{"golang:1.26-bookworm", "floating", "golang:1.26.11-bookworm"},
		{"golang:1.26.3-bookworm", "exact", ""},
		{"mirror.example.internal/library/golang:1.26", "floating", "mirror.example.internal/library/golang:1.26.11"},
		{"python:3", "floating", ""},
		{"python:3.13.9-slim", "exact", ""},
		{"eclipse-temurin:21", "floating", "eclipse-temurin:21.0.12.1_1"},
		{"eclipse-temurin:21-jre", "floating", "eclipse-temurin:21.0.12.1_1-jre"},
		{"eclipse-temurin:21.0.12_8-jre", "exact", ""},
		{"eclipse-temurin:17-jre", "floating", "eclipse-temurin:17.0.21.1_2-jre"},
		{"eclipse-temurin:25-jre", "floating", "eclipse-temurin:25.0.3_9-jre"},
		{"eclipse-temurin:23-jre", "floating", ""},
		{"maven:3.9.9-eclipse-temurin-21", "exact", ""},
		{"registry.access.redhat.com/ubi9/openjdk-21:1.23", "floating", ""},
		{"registry.access.redhat.com/ubi9/openjdk-21:1.23-6.1762849023", "exact", ""},
		{"registry.example.internal/base/static:2026.11", "exact", ""},
		{"ghcr.io/railwayapp/nixpacks:ubuntu-1745885067", "exact", ""},
		{"alpine:3.20", "floating", ""},
		{"alpine:3.20.3", "exact", ""},
		{"node:latest", "floating", ""},
		{"node", "floating", ""},
		{"node:22@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "digest", ""},
		{"gcr.io/distroless/static-debian12:nonroot", "floating", ""},
		{"gcr.io/distroless/static-debian12:nonroot@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "digest", ""},
	} {
		r := ParseImageRef(c.ref)
		if got := Pinning(r); got != c.want {
			t.Errorf("Pinning(%s) = %s, want %s (floating: %q)", c.ref, got, c.want, floating(r))
		}
		if c.want != "floating" || r.Tag == "" || r.Tag == "latest" || untagged(r) {
			continue
		}
		got, ok := suggestTag(r)
		if c.suggest == "" && ok {
			t.Errorf("suggestTag(%s) = %s, want none: the table does not know that line", c.ref, got)
		}
		if c.suggest != "" && got != c.suggest {
			t.Errorf("suggestTag(%s) = %q, want %s", c.ref, got, c.suggest)
		}
	}
}

// The finding says what to write instead, concretely.
func TestFloatingMessageNamesTheFix(t *testing.T) {
	for df, want := range map[string][]string{
		"FROM python:3\nUSER 1000\nEXPOSE 80\nCMD [\"python\"]\n":             {"python:3.Y.Z", "dockerize pin"},
		"FROM eclipse-temurin:17-jre\nUSER 1000\nEXPOSE 80\nCMD [\"java\"]\n": {"eclipse-temurin:17.0.21.1_2-jre"},
		"FROM node:lts-alpine\nUSER 1000\nEXPOSE 80\nCMD [\"node\"]\n":        {"node:26.10.0-alpine", "2026-12-01"},
	} {
		findings, err := Check([]byte(df))
		if err != nil {
			t.Fatal(err)
		}
		var msgs []string
		for _, f := range findings {
			if f.Rule == "DZ016" {
				msgs = append(msgs, f.Message)
			}
		}
		if len(msgs) != 1 {
			t.Fatalf("%q: DZ016 findings %q, want one", df, msgs)
		}
		for _, w := range want {
			if !strings.Contains(msgs[0], w) {
				t.Errorf("%q: message %q does not say %q", df, msgs[0], w)
			}
		}
	}
}

// A distroless nonroot base runs as 65532 without a USER line, on any
// distroless image and Debian release; latest and debug run as root.
func TestDistrolessDefaultUser(t *testing.T) {
	for base, root := range map[string]bool{
		"gcr.io/distroless/static-debian12:nonroot":                  false,
		"gcr.io/distroless/java21-debian13:nonroot":                  false,
		"gcr.io/distroless/cc-debian12:debug-nonroot":                false,
		"gcr.io/distroless/base-debian12:nonroot-arm64":              false,
		"gcr.io/distroless/nodejs22-debian12:nonroot@sha256:ab":      false,
		"mirror.example.internal/distroless/static-debian12:nonroot": false,
		"gcr.io/distroless/static-debian12:latest":                   true,
		"gcr.io/distroless/static-debian12:debug":                    true,
		"gcr.io/distroless/static-debian12":                          true,
		"example.com/nonroot:nonroot":                                true,
	} {
		df := "FROM golang:1.27.4 AS build\nRUN go build -o /app .\nFROM " + base + " AS run\nCOPY --from=build /app /app\nFROM run\nEXPOSE 8080\nENTRYPOINT [\"/app\"]\n"
		got := false
		for _, id := range rules(t, df) {
			got = got || id == "DZ004"
		}
		if got != root {
			t.Errorf("FROM %s (through a stage): DZ004 reported = %v, want %v", base, got, root)
		}
	}
}

// Judge a single stage by what it holds: a prebuilt artifact is fine, the
// whole context or a compile step is not.
func TestSingleStageByContents(t *testing.T) {
	for df, ships := range map[string]bool{
		"FROM eclipse-temurin:21.0.12_8-jre\nCOPY target/quarkus-app/ /deployments/\n": false,
		"FROM node:24.21.0-alpine\nCOPY dist/ /app/\n":                                 false,
		"FROM eclipse-temurin:21.0.12_8-jre\nCOPY build/libs/app.jar /app.jar\n":       false,
		"FROM node:24.21.0-alpine\nCOPY . /app\n":                                      true,
		"FROM node:24.21.0-alpine\nADD ./ /app\n":                                      true,
		"FROM maven:3.9.9-eclipse-temurin-21\nCOPY src src\nRUN mvn -B package\n":      true,
		"FROM node:24.21.0-alpine\nCOPY src src\nRUN npx nx build api\n":               true,
		"FROM golang:1.27.4\nCOPY main.go .\nRUN go build -o /app main.go\n":           true,
	} {
		got := false
		for _, id := range rules(t, df) {
			got = got || id == "DZ001"
		}
		if got != ships {
			t.Errorf("%q: DZ001 = %v, want %v", df, got, ships)
		}
	}
}
