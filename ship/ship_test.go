package ship

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/pmezard/go-difflib/difflib"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current renderer")

// repo is a repository of the shapes dockerize meets: two Go mains sharing
// one module and Dockerfile (two targets), a Node workspace app in its own
// directory, a Maven module with a database client.
func repo() []Service {
	return []Service{
		{
			Name: "api", Context: ".", Dockerfile: "Dockerfile", Target: "api", Port: 8080,
			Clients: []Client{
				{Kind: Postgres, Evidence: "github.com/jackc/pgx/v5 in go.mod", EnvVar: "DATABASE_URL", EnvEvidence: "cmd/api/main.go:21"},
				{Kind: Redis, Evidence: "github.com/redis/go-redis/v9 in go.mod"},
			},
		},
		{Name: "worker", Context: ".", Dockerfile: "Dockerfile", Target: "worker", Port: 8080},
		{
			Name: "web", Context: "apps/web", Dockerfile: "Dockerfile", Port: 3000,
			Env:     []Env{{"NODE_ENV", "production"}, {"PORT", "3000"}},
			Clients: []Client{{Kind: Redis, Evidence: "ioredis in apps/web/package.json", EnvVar: "REDIS_URL", EnvEvidence: "apps/web/server.js:4"}},
		},
		{
			Name: "orders", Context: "services/orders", Dockerfile: "Dockerfile", Port: 8081,
			Env:     []Env{{"JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75"}},
			Clients: []Client{{Kind: MySQL, Evidence: "com.mysql:mysql-connector-j in services/orders/pom.xml", EnvVar: "SPRING_DATASOURCE_URL", EnvEvidence: "services/orders/src/main/resources/application.properties:1"}},
		},
	}
}

// golden compares got with testdata/NAME.golden, or rewrites it with
// -update (make golden runs that).
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (make golden writes it)", err)
	}
	if !bytes.Equal(got, want) {
		d, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{A: difflib.SplitLines(string(want)), B: difflib.SplitLines(string(got)), FromFile: p, ToFile: "rendered", Context: 3})
		t.Errorf("%s differs from the renderer's output (make golden rewrites it; review the diff):\n%s", p, d)
	}
}

// twice renders twice and fails unless both are byte-identical.
func twice(t *testing.T, f func() ([]byte, error)) []byte {
	t.Helper()
	a, err := f()
	if err != nil {
		t.Fatal(err)
	}
	b, err := f()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two renders of the same services differ")
	}
	return a
}
