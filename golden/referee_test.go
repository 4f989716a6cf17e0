package golden

import (
	"strings"
	"testing"

	"github.com/dockerize-dev/dockerize/internal/testkit"
)

// TestBuildKitLintFindsProblems proves the in-process BuildKit referee is
// live: a Dockerfile with known problems must produce those warnings, or a
// clean golden run would mean nothing.
func TestBuildKitLintFindsProblems(t *testing.T) {
	bad := []byte(`FROM golang:1.24.4-bookworm as Build
ARG API_TOKEN
WORKDIR src
RUN go build -o /app .
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=Build /app /app
CMD /app
`)
	got := strings.Join(buildkitLint(t, bad), "\n")
	for _, rule := range []string{"FromAsCasing", "StageNameCasing", "SecretsUsedInArgOrEnv", "WorkdirRelativePath", "JSONArgsRecommended"} {
		if !strings.Contains(got, rule) {
			t.Errorf("BuildKit lint did not report %s; got:\n%s", rule, got)
		}
	}
}

// TestHadolintFindsProblems proves hadolint runs and judges: known problems
// must be reported.
func TestHadolintFindsProblems(t *testing.T) {
	bad := []byte("FROM golang:latest\nRUN cd /src && go build\nRUN apt-get install curl\nCMD go run .\n")
	got := strings.Join(testkit.Hadolint(t, bad), "\n")
	for _, rule := range []string{"DL3007", "DL3003", "DL3008", "DL3025"} {
		if !strings.Contains(got, rule) {
			t.Errorf("hadolint did not report %s; got:\n%s", rule, got)
		}
	}
}
