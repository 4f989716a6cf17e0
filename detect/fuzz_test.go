package detect

import (
	"io/fs"
	"path"
	"strings"
	"testing"
)

// FuzzDetectGoMod feeds arbitrary go.mod and go.work content to detection:
// it may refuse them, but must never panic.
func FuzzDetectGoMod(f *testing.F) {
	f.Add("module example.com/x\n\ngo 1.24.4\n", "")
	f.Add("module example.com/x\n\ngo 1.22\n\ntoolchain go1.23.4\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n", "")
	f.Add("module x\nrequire (\n", "go 1.24\nuse ./a\n")
	f.Add("", "go 1.24\nuse (\n\t./a\n\t../b\n)\n")
	f.Add("module example.com/x/v2\ngo 1.21rc1\n", "use .\n")
	f.Fuzz(func(t *testing.T, gomod, gowork string) {
		files := map[string]string{"go.mod": gomod, "main.go": "package main\nfunc main() {}\n", "a/go.mod": gomod}
		if gowork != "" {
			files["go.work"] = gowork
		}
		p, err := Detect(mapFS(files), goOnly(), Options{})
		if err == nil && p.Go() == nil {
			t.Fatal("a Go project without Go facts")
		}
	})
}

// FuzzFindPort feeds arbitrary Go source to port detection.
func FuzzFindPort(f *testing.F) {
	f.Add(`package main
func main() { http.ListenAndServe(":8080", nil) }`)
	f.Add("package main\nconst addr = \":7000\"\nfunc main() { port := os.Getenv(\"PORT\"); if port == \"\" { port = \"3000\" }; flag.Int(\"port\", 1, \"\") }")
	f.Add("package main\nfunc main() { cmp.Or(os.Getenv(\"PORT\"), \"x:99999\"); r.Run(\"[::]:443\") }")
	f.Add("package main\nfunc main() { if x == \"\" { y, z = \"1\" } }")
	f.Fuzz(func(t *testing.T, src string) {
		port, ev, _, _ := findPort(mapFS(map[string]string{"main.go": src}), []string{"main.go"})
		if port < 0 || port > 65535 {
			t.Fatalf("port %d out of range", port)
		}
		if port != 0 && ev == "" {
			t.Fatal("a port without evidence")
		}
	})
}

// FuzzConfigPort feeds arbitrary configuration text to the config port
// reader: any port it returns is a TCP port with the line it is on.
func FuzzConfigPort(f *testing.F) {
	f.Add("server:\n  http:\n    addr: 0.0.0.0:8000\n")
	f.Add("[server]\nHttpPort = 8000 ; x\n[database]\nport=1\n")
	f.Add("a:\n\tb: c\n  - port: 99999\n[x\n")
	f.Fuzz(func(t *testing.T, data string) {
		port, line, _, _ := portInConfig([]byte(data))
		if port < 0 || port > 65535 || (port != 0 && line < 1) {
			t.Fatalf("port %d at line %d", port, line)
		}
	})
}

// FuzzGoRuntimeFiles feeds arbitrary Go source to the runtime file finder:
// every path it returns stays inside the project and is one the image can
// copy as it is.
func FuzzGoRuntimeFiles(f *testing.F) {
	f.Add(`package main
var c = flag.String("conf", "../../configs", "")
func main() { r.LoadHTMLGlob("web/*.html"); os.ReadFile("../../../etc/passwd"); http.Dir("/") }`)
	f.Add("package main\nfunc main() { ini.Load(\"conf/app.ini\", \"x y\", \"\") }")
	f.Add("package main\nfunc main() { err := godotenv.Load(\"../.env\", \"conf/.env\", \".env\") }")
	f.Fuzz(func(t *testing.T, src string) {
		files := map[string]string{
			"go.mod": "module x\n", "cmd/a/main.go": src,
			"configs/a.yaml": "x: 1\n", "web/a.html": "", "conf/app.ini": "", "etc/passwd": "",
			"example.env": "", "conf/.env.example": "",
		}
		reach := []*goPackage{{dir: "cmd/a", files: []string{"cmd/a/main.go"}}}
		for _, rf := range runtimeFiles(mapFS(files), ".", "cmd/a", reach) {
			at := rf.At
			if rf.Example && path.Base(at) == ".env" {
				at = path.Join(path.Dir(at), "env") // the one hidden name allowed
			}
			if !fs.ValidPath(rf.Path) || !safeRelPath.MatchString(at) || strings.Contains(rf.At, "..") {
				t.Fatalf("unsafe runtime file %+v", rf)
			}
		}
	})
}

// FuzzGoListenEnv feeds arbitrary Go source to the finders of listen and
// required variables: every name is a plain variable name, every port a
// TCP port, and each finding has evidence.
func FuzzGoListenEnv(f *testing.F) {
	f.Add("package main\nvar o = map[string]string{\"LISTEN_ADDR\": \"127.0.0.1:8080\"}\nfunc main() { os.Environ() }")
	f.Add("package main\nfunc l() string { if v, ok := os.LookupEnv(\"IN_DOCKER\"); ok && v == \"1\" { return \"0.0.0.0:99999\" }; return \"127.0.0.1:80\" }")
	f.Add("package main\ntype C struct { P string `env:\"HTTP_PORT,required\"` }\nfunc main() { x := os.Getenv(\"X\"); if x == \"\" { os.Exit(1) } }")
	f.Fuzz(func(t *testing.T, src string) {
		fsys := mapFS(map[string]string{"main.go": src})
		reach := []*goPackage{{dir: ".", files: []string{"main.go"}}}
		if le := loopbackEnv(fsys, reach); le != nil {
			if !envNameRE.MatchString(le.Name) || le.Port < 0 || le.Port > 65535 || le.Evidence == "" {
				t.Fatalf("listen env %+v", *le)
			}
		}
		for _, r := range requiredEnv(fsys, reach) {
			if !envNameRE.MatchString(r.Name) || r.Evidence == "" {
				t.Fatalf("required env %+v", r)
			}
		}
	})
}
