package detect

import "testing"

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
		port, ev, _ := findPort(mapFS(map[string]string{"main.go": src}), []string{"main.go"})
		if port < 0 || port > 65535 {
			t.Fatalf("port %d out of range", port)
		}
		if port != 0 && ev == "" {
			t.Fatal("a port without evidence")
		}
	})
}
