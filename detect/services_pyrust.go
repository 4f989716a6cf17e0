package detect

import (
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// PythonServices lists a Python project's service: the project itself when
// it runs an app server (a WSGI/ASGI application) or a program; a library
// is no service.
func PythonServices(fsys fs.FS, p *Project) ([]Service, error) {
	py := p.Python()
	if py == nil || (py.App == "" && py.Script == "") {
		return nil, nil
	}
	s := Service{Path: ".", Stack: Python, Port: py.Port, PortEvidence: py.PortEvidence}
	switch {
	case py.App != "":
		module, _, _ := strings.Cut(py.App, ":")
		s.Name = ServiceName(strings.Split(module, ".")[0])
		server := py.Server
		if server == "" {
			server = "gunicorn"
		}
		s.Runs, s.Evidence = server+" "+py.App, py.AppEvidence
	default:
		s.Name = ServiceName(strings.TrimSuffix(path.Base(py.Script), ".py"))
		s.Runs, s.Evidence = "python "+py.Script, py.ScriptEvidence
	}
	manifest := py.Requirements
	if manifest == "" && len(py.Manifests) > 0 {
		manifest = py.Manifests[0]
	}
	var clients []Client
	for _, d := range py.Dependencies {
		if kind := clientFor(pythonClients, d); kind != "" {
			clients = addClient(clients, kind, manifest+": dependency "+d)
		}
	}
	if len(clients) > 0 {
		var files []string
		for _, f := range pythonSources(fsys) {
			files = append(files, f.name)
		}
		s.Clients = withEnv(clients, readEnvs(fsys, files, pythonEnvRE))
	}
	return []Service{s}, nil
}

// pythonClients are the PyPI packages (PEP 503 names) that are clients of a
// backing service.
var pythonClients = []clientRule{
	{"postgres", "psycopg"}, {"postgres", "psycopg2"}, {"postgres", "psycopg2-binary"}, {"postgres", "asyncpg"},
	{"mysql", "mysqlclient"}, {"mysql", "pymysql"}, {"mysql", "mysql-connector-python"},
	{"redis", "redis"},
	{"mongodb", "pymongo"}, {"mongodb", "motor"},
	{"kafka", "kafka-python"}, {"kafka", "confluent-kafka"}, {"kafka", "aiokafka"},
	{"amqp", "pika"}, {"amqp", "aio-pika"}, {"amqp", "kombu"},
}

var pythonEnvRE = regexp.MustCompile(`\bos\.(?:environ\.get|getenv)\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']|\bos\.environ\[\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*\]`)

// RustServices lists a Rust project's services: its default-run binary when
// the root package names one, else every binary target of the project and
// its workspace members, leaving out build tools (xtask) and fuzz, bench
// and example programs.
func RustServices(fsys fs.FS, p *Project) ([]Service, error) {
	r := p.Rust()
	if r == nil {
		return nil, nil
	}
	dirOf := map[string]string{}
	for _, pkg := range r.Packages {
		dirOf[pkg.Name] = pkg.Dir
	}
	var out []Service
	for _, b := range r.Bins {
		if r.DefaultRun != "" && b.Name != r.DefaultRun {
			continue
		}
		if toolProgram(b) {
			continue
		}
		dir := dirOf[b.Package]
		if dir == "" {
			dir = "."
		}
		s := Service{
			Name: ServiceName(b.Name), Path: dir, Stack: Rust,
			Runs: "cargo build --bin " + b.Name, Port: r.Port, PortEvidence: r.PortEvidence,
			Evidence: b.Evidence,
			Select:   map[string]string{"bin": b.Name},
		}
		if r.Workspace && b.Package != "" {
			s.Select["package"] = b.Package
		}
		out = append(out, s)
	}
	return out, nil
}

// toolProgram is a binary that is part of the build or the tests, not a
// service: cargo xtask, fuzz targets, benches and examples.
func toolProgram(b RustBin) bool {
	if b.Name == "xtask" || b.Package == "xtask" {
		return true
	}
	for _, part := range strings.Split(b.Path, "/") {
		switch part {
		case "fuzz", "fuzzers", "benches", "examples", "tests":
			return true
		}
	}
	return false
}
