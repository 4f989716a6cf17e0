package plan

import (
	"strings"
	"testing"

	"github.com/dockerize-dev/dockerize/detect"
)

func TestGoRuntimeFilesAndCommand(t *testing.T) {
	pl, err := newPlan(project(t, map[string]string{
		"go.mod": "module example.com/site\n\ngo 1.26\n",
		"cmd/site/main.go": `package main

import (
	"flag"
	"html/template"
	"net/http"
	"os"
)

var conf = flag.String("conf", "../../configs", "")

func main() {
	os.ReadDir(*conf)
	template.Must(template.ParseGlob("views/*.html"))
	http.ListenAndServe(":8000", nil)
}
`,
		"configs/site.yaml": "title: x\n",
		"views/index.html":  "<p></p>",
	}), Answers{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	g := pl.Go()
	if g.Workdir == nil || g.Workdir.String() != "/app" || strings.Join(g.args, " ") != "-conf=/app/configs" || strings.Join(g.Entrypoint.Args(), " ") != "/usr/local/bin/site -conf=/app/configs" {
		t.Errorf("workdir %v args %v entrypoint %v, want /app and -conf=/app/configs", g.Workdir, g.args, g.Entrypoint)
	}
	if len(pl.Files) != 2 || pl.Files[0].Src.String() != "configs" || pl.Files[0].Dest.String() != "configs" || pl.Files[1].Src.String() != "views" || pl.Files[1].Dest.String() != "views" {
		t.Errorf("files %v", pl.Files)
	}
	if d := decisions(pl, "runtime file"); !strings.Contains(d, "cmd/site/main.go:10: flag -conf defaults to ../../configs") || !strings.Contains(d, "ParseGlob") {
		t.Errorf("header does not say why: %s", d)
	}
}

func TestGoRuntimeRefusesUnsafeArgs(t *testing.T) {
	for _, mp := range []detect.MainPackage{
		{Command: "serve;id"},
		{Command: "--x=$(id)"},
	} {
		if err := goRuntime(&Plan{}, &GoPlan{}, &mp); err == nil {
			t.Errorf("%+v accepted", mp)
		}
	}
	// A file with a name dockerize will not write is left out, not quoted.
	pl, gp := &Plan{}, &GoPlan{}
	if err := goRuntime(pl, gp, &detect.MainPackage{Files: []detect.RuntimeFile{{Path: "a b", At: "a b", Flag: "conf"}}}); err != nil || len(pl.Files) != 0 || len(gp.args) != 0 || gp.Workdir != nil {
		t.Errorf("err %v files %v args %v workdir %v", err, pl.Files, gp.args, gp.Workdir)
	}
}

func TestGoLoopbackEnv(t *testing.T) {
	src := map[string]string{
		"go.mod": "module example.com/feeds\n\ngo 1.26\n",
		"main.go": `package main

import "os"

var defaults = map[string]string{"LISTEN_ADDR": "127.0.0.1:8087"}

func main() { _ = os.Environ(); _ = defaults }
`,
	}
	for _, c := range []struct {
		answers Answers
		want    string
	}{
		{Answers{Version: "t"}, "LISTEN_ADDR=0.0.0.0:8087"},
		{Answers{Values: map[string]string{"port": "9000"}, Version: "t"}, "LISTEN_ADDR=0.0.0.0:9000"},
	} {
		pl, err := newPlan(project(t, src), c.answers)
		if err != nil {
			t.Fatal(err)
		}
		if len(pl.Env) != 1 || pl.Env[0].Name.String()+"="+pl.Env[0].Value.String() != c.want {
			t.Errorf("env %v, want %s", pl.Env, c.want)
		}
		if d := decisions(pl, "env"); !strings.Contains(d, "main.go:5: LISTEN_ADDR defaults to 127.0.0.1:8087, a loopback address") {
			t.Errorf("header does not say why: %s", d)
		}
	}
}

func TestGoRequiredEnvWarns(t *testing.T) {
	pl, err := newPlan(project(t, map[string]string{
		"go.mod": "module example.com/echo\n\ngo 1.26\n",
		"main.go": `package main

import (
	"net/http"
	"os"
)

func main() {
	text := os.Getenv("ECHO_WORDS")
	if text == "" {
		os.Exit(2)
	}
	http.ListenAndServe(":5600", nil)
}
`,
	}), Answers{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	d := decisions(pl, "warning")
	if !strings.Contains(d, "the app exits at start unless ECHO_WORDS is set, and the image does not set them") || !strings.Contains(d, "main.go:10: the program exits when $ECHO_WORDS is empty") {
		t.Errorf("no warning naming the variable and the line: %s", d)
	}
	if len(pl.Env) != 0 {
		t.Errorf("env %v: dockerize has no value to set", pl.Env)
	}
}

func TestGoRequiredPortEnvIsSet(t *testing.T) {
	pl, err := newPlan(project(t, map[string]string{
		"go.mod": "module example.com/api\n\ngo 1.26\n",
		"main.go": `package main

type config struct {
	Port string ` + "`env:\"HTTP_PORT,required\"`" + `
	Name string ` + "`env:\"APP_NAME,required\"`" + `
}

func main() { _ = config{} }
`,
	}), Answers{Values: map[string]string{"port": "8123"}, Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if pl.PortEnv == nil || pl.PortEnv.String() != "HTTP_PORT" || pl.Port != 8123 {
		t.Errorf("port env %v port %d, want HTTP_PORT set to 8123", pl.PortEnv, pl.Port)
	}
	if d := decisions(pl, "warning"); !strings.Contains(d, "unless APP_NAME is set") || strings.Contains(d, "HTTP_PORT") {
		t.Errorf("warning should name APP_NAME only: %s", d)
	}
}
