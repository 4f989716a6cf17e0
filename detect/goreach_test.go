package detect

import (
	"fmt"
	"path"
	"strings"
	"testing"
)

func TestFlagPortShapes(t *testing.T) {
	cases := []struct {
		name, src string
		port      int
	}{
		{"pflag on a FlagSet", `fs := pflag.NewFlagSet("x", pflag.ContinueOnError); fs.Int("metrics-port", 9797, ""); fs.Int("port", 9898, "")`, 9898},
		{"StringVar with a getenv helper", `var port string; flag.StringVar(&port, "port", getEnv("APP_PORT_NUMBER", "81"), "")`, 81},
		{"cobra flags with a shorthand", `cmd.Flags().IntP("port", "p", 8111, "")`, 8111},
		{"a database address is not the listener", `flag.String("db-addr", "localhost:5432", ""); http.ListenAndServe(":8222", nil)`, 8222},
		{"cmp.Or of Getenv", `flag.String("addr", cmp.Or(os.Getenv("ADDR"), ":8333"), "")`, 8333},
		{"a constant fallback after an address variable", `const def = ":9444"; a := os.Getenv("SERVER_ADDRESS"); if a == "" { a = def }; e.Start(a)`, 9444},
		{"a database address variable is not the listener", `a := os.Getenv("DB_ADDRESS"); if a == "" { a = ":5432" }; _ = a`, 0},
		{"a server config type's Port default", `c := Config{Server: Server{Port: 8555, SSL: SSL{Port: 443}}, Database: Database{Port: 5432}}; _ = c`, 8555},
		{"an SSL or database type's Port is not the listener", `c := Config{SSL: SSL{Port: 443}, Database: Database{Port: 5432}}; _ = c`, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := goProject(t, map[string]string{
				"go.mod":  "module example.com/x\n\ngo 1.24\n",
				"main.go": "package main\n\nfunc main() {\n" + c.src + "\n}\n",
			})
			if m := p.Go().Modules[0].Mains[0]; m.Port != c.port {
				t.Errorf("port %d (%s), want %d", m.Port, m.PortEvidence, c.port)
			}
		})
	}
}

func TestPortOnlyFromReachableCode(t *testing.T) {
	p := goProject(t, map[string]string{
		"go.mod":                    "module example.com/x\n\ngo 1.24\n",
		"cmd/api/main.go":           "package main\n\nimport \"example.com/x/internal/server\"\n\nfunc main() { server.Run() }\n",
		"internal/server/s.go":      "package server\n\nimport \"net/http\"\n\nconst defaultAddr = \":7400\"\n\nfunc Run() { http.ListenAndServe(defaultAddr, nil) }\n",
		"tools/gen/gen.go":          "package gen\n\nimport \"net/http\"\n\nfunc Serve() { http.ListenAndServe(\":9999\", nil) }\n",
		"internal/server/s_test.go": "package server\n\nimport \"net/http\"\n\nfunc x() { http.ListenAndServe(\":1111\", nil) }\n",
	})
	m := p.Go().Modules[0].Mains[0]
	if m.Port != 7400 || !strings.HasPrefix(m.PortEvidence, "internal/server/s.go:") {
		t.Errorf("port %d (%s), want 7400 from the imported package", m.Port, m.PortEvidence)
	}
}

func TestRuntimeFiles(t *testing.T) {
	files := map[string]string{
		"go.mod": "module example.com/x\n\ngo 1.24\n",
		"cmd/site/main.go": `package main

import (
	"flag"
	"html/template"
	"net/http"
	"os"

	"example.com/x/internal/pages"
)

var conf = flag.String("conf", "../../configs", "config directory")
var data = flag.String("data", "./data/seed.json", "seed data")

func main() {
	flag.Parse()
	template.Must(template.ParseGlob("templates/*.html"))
	http.Handle("/static/", http.FileServer(http.Dir("public/static")))
	os.ReadFile("/etc/hostname")
	os.ReadFile("does-not-exist.txt")
	pages.Load()
}
`,
		"internal/pages/pages.go":      "package pages\n\nimport \"os\"\n\nconst dir = \"content\"\n\nfunc Load() { os.ReadDir(dir) }\n",
		"internal/pages/pages_test.go": "package pages\n\nimport \"os\"\n\nfunc x() { os.ReadDir(\"testfixtures\") }\n",
		"configs/app.yaml":             "server:\n  addr: :8000\n",
		"data/seed.json":               "[]",
		"templates/a.html":             "<p>a</p>",
		"public/static/a.css":          "p{}",
		"content/index.md":             "# hi",
		"testfixtures/x":               "x",
	}
	m := goProject(t, files).Go().Modules[0].Mains[0]
	var got []string
	for _, f := range m.Files {
		s := f.Path + "->" + f.At
		if f.Flag != "" {
			s += " -" + f.Flag
		}
		got = append(got, s)
	}
	want := "configs->configs -conf content->content data/seed.json->data/seed.json public/static->public/static templates->templates"
	if strings.Join(got, " ") != want {
		t.Errorf("files\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	for _, f := range m.Files {
		if f.Evidence == "" || !strings.Contains(f.Evidence, ".go:") {
			t.Errorf("%s: evidence %q names no file:line", f.Path, f.Evidence)
		}
	}
}

func TestServerSubcommand(t *testing.T) {
	cli := func(extra string) map[string]string {
		return map[string]string{
			"go.mod":  "module example.com/x\n\ngo 1.24\n",
			"main.go": "package main\n\nimport \"example.com/x/cmd\"\n\nfunc main() { cmd.Root().Execute() }\n",
			"cmd/root.go": `package cmd

import "github.com/spf13/cobra"

func Root() *cobra.Command {
	root := &cobra.Command{Use: "tool", Short: "a tool"}
	root.AddCommand(&cobra.Command{Use: "serve", Deprecated: "use server", Run: run})
	root.AddCommand(&cobra.Command{Use: "import FILE", Run: run})
	` + extra + `
	return root
}

func run(*cobra.Command, []string) {}
`,
		}
	}
	m := goProject(t, cli(`root.AddCommand(&cobra.Command{Use: "server", RunE: nil, Run: run})`)).Go().Modules[0].Mains[0]
	if m.Command != "server" || !strings.Contains(m.CommandEvidence, "cmd/root.go:") {
		t.Errorf("command %q (%s), want server", m.Command, m.CommandEvidence)
	}
	// Only a deprecated serve: no command is guessed.
	if m := goProject(t, cli("")).Go().Modules[0].Mains[0]; m.Command != "" {
		t.Errorf("command %q from a deprecated subcommand", m.Command)
	}
	// A root with a Run of its own starts by itself.
	files := cli(`root.AddCommand(&cobra.Command{Use: "server", Run: run})`)
	files["cmd/root.go"] = strings.Replace(files["cmd/root.go"], `Short: "a tool"}`, `Short: "a tool", Run: run}`, 1)
	if m := goProject(t, files).Go().Modules[0].Mains[0]; m.Command != "" {
		t.Errorf("command %q for a root that runs by itself", m.Command)
	}
}

func TestPortFromConfigTheProgramReads(t *testing.T) {
	cases := []struct {
		name, file, data string
		port             int
		key              string
	}{
		{"kratos-style yaml", "configs/config.yaml", "server:\n  grpc:\n    addr: 0.0.0.0:9000\n  http:\n    addr: 0.0.0.0:8000\ndata:\n  database:\n    port: 5432\n", 8000, "configs/config.yaml:5: server.http.addr 0.0.0.0:8000"},
		{"ini section", "conf/app.ini", "[database]\nPort = 3306\n\n[server]\nRunMode = debug\nHttpPort = 8000 ; comment\n", 8000, "conf/app.ini:6: server.HttpPort 8000"},
		{"toml", "configs/app.toml", "[db]\nport = 5432\n[http]\nlisten = \":8123\"\n", 8123, "configs/app.toml:4: http.listen :8123"},
		{"only a database port", "configs/db.yaml", "postgres:\n  port: 5432\n", 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := path.Dir(c.file)
			p := goProject(t, map[string]string{
				"go.mod":  "module example.com/x\n\ngo 1.24\n",
				"main.go": "package main\n\nimport \"flag\"\n\nvar conf = flag.String(\"conf\", \"./" + dir + "\", \"\")\n\nfunc main() {}\n",
				c.file:    c.data,
			})
			m := p.Go().Modules[0].Mains[0]
			if m.Port != c.port || !strings.HasPrefix(m.PortEvidence, c.key) {
				t.Errorf("port %d (%s), want %d (%s)", m.Port, m.PortEvidence, c.port, c.key)
			}
		})
	}
	// A config file nothing reads says nothing.
	p := goProject(t, map[string]string{
		"go.mod":              "module example.com/x\n\ngo 1.24\n",
		"main.go":             "package main\n\nfunc main() {}\n",
		"configs/config.yaml": "server:\n  port: 8000\n",
	})
	if m := p.Go().Modules[0].Mains[0]; m.Port != 0 {
		t.Errorf("port %d (%s) from a file the program does not open", m.Port, m.PortEvidence)
	}
}

func TestLoopbackListenFlag(t *testing.T) {
	cases := []struct {
		name, src, flag string
		port            int
	}{
		{"filled in when empty", `var addr string
	flag.StringVar(&addr, "http", "", "")
	if addr == "" {
		addr = "127.0.0.1:8090"
	}
	http.ListenAndServe(addr, nil)`, "http", 8090},
		{"a loopback default", `flag.String("listen", "localhost:7001", "")`, "listen", 7001},
		{"all interfaces already", `var addr string
	flag.StringVar(&addr, "http", "", "")
	if addr == "" {
		addr = "0.0.0.0:80"
	}`, "", 0},
		{"not a flag variable", `addr := os.Getenv("X")
	if addr == "" {
		addr = "127.0.0.1:9000"
	}`, "", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := goProject(t, map[string]string{
				"go.mod":  "module example.com/x\n\ngo 1.24\n",
				"main.go": "package main\n\nfunc main() {\n\t" + c.src + "\n}\n",
			}).Go().Modules[0].Mains[0]
			if m.ListenFlag != c.flag || (c.flag != "" && (m.ListenAddr != fmt.Sprintf("0.0.0.0:%d", c.port) || m.Port != c.port || !strings.Contains(m.ListenEvidence, "loopback"))) {
				t.Errorf("flag %q addr %q port %d (%s), want %q on %d", m.ListenFlag, m.ListenAddr, m.Port, m.ListenEvidence, c.flag, c.port)
			}
		})
	}
}

func TestLoopbackEnv(t *testing.T) {
	cases := []struct {
		name, src  string
		env, value string
		port       int
	}{
		{"an options map's loopback default", `var opts = map[string]option{"LISTEN_ADDR": {raw: "127.0.0.1:8321"}, "DATABASE_URL": {raw: "postgres://localhost:5432/x"}}
func main() { _ = os.Environ(); _ = opts }`, "LISTEN_ADDR", "", 8321},
		{"a container switch in a default function", `func listen(addr string) string {
	if addr != "" { return addr }
	if v, ok := os.LookupEnv("APP_IN_CONTAINER"); ok && v == "true" { return "0.0.0.0:8432" }
	return "127.0.0.1:80"
}
func main() { _ = listen("") }`, "APP_IN_CONTAINER", "true", 8432},
		{"a database address key is not the listener", `var opts = map[string]string{"DB_LISTEN_ADDR": "127.0.0.1:5432"}
func main() { _ = os.Getenv("X"); _ = opts }`, "", "", 0},
		{"a program that reads no environment", `var opts = map[string]string{"LISTEN_ADDR": "127.0.0.1:8080"}
func main() { _ = opts }`, "", "", 0},
		{"a switch that returns another loopback", `func listen() string {
	if os.Getenv("LOCAL") == "1" { return "localhost:9000" }
	return "127.0.0.1:80"
}
func main() { _ = listen() }`, "", "", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := goProject(t, map[string]string{
				"go.mod":  "module example.com/x\n\ngo 1.24\n",
				"main.go": "package main\n\nimport \"os\"\n\n" + c.src + "\n",
			})
			m := p.Go().Modules[0].Mains[0]
			le := m.ListenEnv
			if c.env == "" {
				if le != nil {
					t.Fatalf("listen env %+v, want none", *le)
				}
				return
			}
			if le == nil || le.Name != c.env || le.Value != c.value || m.Port != c.port || !strings.HasPrefix(le.Evidence, "main.go:") {
				t.Fatalf("listen env %+v, port %d; want %s=%q on %d with main.go evidence", le, m.Port, c.env, c.value, c.port)
			}
		})
	}
}

func TestRequiredEnv(t *testing.T) {
	p := goProject(t, map[string]string{
		"go.mod": "module example.com/x\n\ngo 1.24\n",
		"main.go": `package main

import (
	"log"
	"os"

	"example.com/x/internal/config"
)

func main() {
	greeting := os.Getenv("GREETING")
	if greeting == "" {
		log.Fatal("set GREETING")
	}
	optional := os.Getenv("COLOR")
	if optional == "" {
		optional = "blue"
	}
	_ = config.C{}
}
`,
		"internal/config/config.go": "package config\n\ntype C struct {\n\tPort string `env:\"APP_PORT,required\"`\n\tLevel string `env:\"LOG_LEVEL\" envDefault:\"info\"`\n\tURL string `envconfig:\"DB_URL\" required:\"true\"`\n}\n",
		"tools/t.go":                "package tools\n\ntype T struct {\n\tX string `env:\"UNREACHABLE,required\"`\n}\n",
	})
	var got []string
	for _, r := range p.Go().Modules[0].Mains[0].RequiredEnv {
		got = append(got, r.Name+" "+r.Evidence)
	}
	want := []string{
		"GREETING main.go:12: the program exits when $GREETING is empty",
		"APP_PORT internal/config/config.go:4: `env:\"APP_PORT,required\"`",
		"DB_URL internal/config/config.go:6: `envconfig:\"DB_URL\" required:\"true\"`",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("required env:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestDotenvExample(t *testing.T) {
	src := func(load string) map[string]string {
		return map[string]string{
			"go.mod":      "module example.com/x\n\ngo 1.24\n",
			"main.go":     "package main\n\nimport (\n\t\"log\"\n\n\t\"github.com/joho/godotenv\"\n)\n\nfunc main() {\n\t" + load + "\n\tlog.Print()\n}\n",
			"example.env": "GREETING=hello\n",
		}
	}
	files := func(m map[string]string) []RuntimeFile {
		return goProject(t, m).Go().Modules[0].Mains[0].Files
	}
	got := files(src(`if err := godotenv.Load(); err != nil { log.Fatal(err) }`))
	if len(got) != 1 || got[0].Path != "example.env" || got[0].At != ".env" || !got[0].Example || !strings.HasPrefix(got[0].Evidence, "main.go:10: godotenv.Load reads .env") {
		t.Errorf("files %+v, want example.env copied as .env", got)
	}
	if got := files(src(`godotenv.Load()`)); len(got) != 0 {
		t.Errorf("files %+v: a load whose error is dropped needs no file", got)
	}
	withLocal := src(`err := godotenv.Load(); log.Print(err)`)
	withLocal[".env"] = "SECRET=1\n"
	if got := files(withLocal); len(got) != 0 {
		t.Errorf("files %+v: a local .env is a secret, neither copied nor replaced", got)
	}
	noExample := src(`err := godotenv.Load(); log.Print(err)`)
	delete(noExample, "example.env")
	if got := files(noExample); len(got) != 0 {
		t.Errorf("files %+v without an example", got)
	}
}
