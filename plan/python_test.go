package plan

import (
	"strings"
	"testing"

	"github.com/dockerize-dev/dockerize/detect"
)

var flaskPip = map[string]string{
	"requirements.txt": "flask==3.1.2\ngunicorn==23.0.0\n",
	"app.py":           "from flask import Flask\napp = Flask(__name__)\n",
	".python-version":  "3.11\n",
}

func with(base map[string]string, kv ...string) map[string]string {
	m := map[string]string{}
	for k, v := range base {
		m[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			delete(m, kv[i])
			continue
		}
		m[kv[i]] = kv[i+1]
	}
	return m
}

func TestPythonPlanCommand(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		a     map[string]string
		cmd   string
		port  int
	}{
		{"flask gunicorn", flaskPip, nil, `["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]`, 8000},
		{"port flag moves the bind", flaskPip, map[string]string{"port": "9000"}, `["gunicorn", "--bind", "0.0.0.0:9000", "app:app"]`, 9000},
		{"app flag", flaskPip, map[string]string{"app": "wsgi:application"}, `["gunicorn", "--bind", "0.0.0.0:8000", "wsgi:application"]`, 8000},
		{"fastapi uvicorn", map[string]string{
			"requirements.txt": "fastapi==0.165.0\nuvicorn==0.54.0\n",
			"main.py":          "from fastapi import FastAPI\napp = FastAPI()\n",
			"runtime.txt":      "python-3.11.14\n",
		}, nil, `["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]`, 8000},
		{"fastapi under gunicorn with the uvicorn worker", map[string]string{
			"requirements.txt": "fastapi==0.165.0\nuvicorn==0.54.0\ngunicorn==23.0.0\n",
			"main.py":          "from fastapi import FastAPI\napp = FastAPI()\n",
		}, map[string]string{"server": "gunicorn", "python-version": "3.11"}, `["gunicorn", "--bind", "0.0.0.0:8000", "--worker-class", "uvicorn.workers.UvicornWorker", "main:app"]`, 8000},
		{"flask factory under uvicorn is refused elsewhere; gunicorn runs the factory", with(flaskPip, "app.py", "from flask import Flask\ndef create_app():\n    return Flask(__name__)\n"), nil,
			`["gunicorn", "--bind", "0.0.0.0:8000", "app:create_app()"]`, 8000},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pl, err := newPlan(project(t, c.files), Answers{Version: "t", Values: c.a})
			if err != nil {
				t.Fatal(err)
			}
			if got := pl.Python().Cmd.String(); got != c.cmd {
				t.Errorf("CMD %s, want %s", got, c.cmd)
			}
			if pl.Port != c.port {
				t.Errorf("port %d, want %d", pl.Port, c.port)
			}
			if pl.BuildImage.String() != "python:3.11.14-bookworm" || pl.RuntimeImage.String() != "python:3.11.14-slim-bookworm" {
				t.Errorf("images %s, %s", pl.BuildImage, pl.RuntimeImage)
			}
		})
	}
}

// TestPythonPlanRefuses covers answers and projects the plan must refuse
// with a message that says what to do, before anything is rendered.
func TestPythonPlanRefuses(t *testing.T) {
	django := map[string]string{
		"requirements.txt":   "django==5.2.8\n",
		"manage.py":          "import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"mysite.settings\")\n",
		"mysite/__init__.py": "",
		"mysite/settings.py": "WSGI_APPLICATION = \"mysite.wsgi.application\"\n",
		"mysite/wsgi.py":     "application = None\n",
	}
	cases := []struct {
		name  string
		files map[string]string
		a     map[string]string
		want  string
	}{
		{"django without an app server in a lock", map[string]string{
			"Pipfile":            "[packages]\ndjango = \"*\"\n",
			"Pipfile.lock":       `{"_meta": {}, "default": {"django": {"version": "==5.2.8"}}, "develop": {}}`,
			"manage.py":          django["manage.py"],
			"mysite/__init__.py": "",
			"mysite/settings.py": django["mysite/settings.py"],
			"mysite/wsgi.py":     django["mysite/wsgi.py"],
		}, nil, "add gunicorn to Pipfile.lock, lock it"},
		{"fastapi without uvicorn", map[string]string{
			"requirements.txt": "fastapi==0.165.0\ngunicorn==23.0.0\n",
			"main.py":          "from fastapi import FastAPI\napp = FastAPI()\n",
		}, nil, "add uvicorn"},
		{"uvicorn for a WSGI app", with(flaskPip, "requirements.txt", "flask==3.1.2\ngunicorn==23.0.0\nuvicorn==0.54.0\n"), map[string]string{"server": "uvicorn"}, "use --server gunicorn"},
		{"uvicorn for flask", flaskPip, map[string]string{"server": "uvicorn"}, "uvicorn does not serve"},
		{"unknown server", flaskPip, map[string]string{"server": "uwsgi"}, "is not gunicorn or uvicorn"},
		{"app flag with shell characters", flaskPip, map[string]string{"app": "app:app; rm -rf /"}, "is not module:attribute"},
		{"app flag with a quote", flaskPip, map[string]string{"app": `app:app"]`}, "is not module:attribute"},
		{"bad python version flag", flaskPip, map[string]string{"python-version": "3.11 && curl x"}, "is not a CPython release"},
		{"python line dockerize does not know", with(flaskPip, ".python-version", "3.9\n"), nil, "is not a line dockerize knows"},
		{"python version file with junk", with(flaskPip, ".python-version", "pypy3.10\n"), nil, "pass --python-version"},
		{"nothing to run", map[string]string{"requirements.txt": "requests==2.32.5\n", "lib.py": "x = 1\n"}, nil, "pass --app"},
		{"settings module that is not a module", with(django,
			"requirements.txt", "django==5.2.8\ngunicorn==23.0.0\n",
			"manage.py", "import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"my site.settings\")\n"), nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := detectOrErr(t, c.files)
			if err != nil {
				if c.want == "" || strings.Contains(err.Error(), c.want) {
					return // refused at detection, which is also fine
				}
				t.Fatalf("detection failed: %v", err)
			}
			pl, err := newPlan(p, Answers{Version: "t", Values: c.a})
			if c.want == "" {
				if err == nil && pl.Python().DjangoSettings != nil && strings.Contains(pl.Python().DjangoSettings.String(), "my site") {
					t.Fatalf("a settings module with a space reached the Dockerfile: %v", pl.Python().DjangoSettings)
				}
				return
			}
			if err == nil {
				t.Fatalf("planned %s, want an error containing %q", pl.Python().Cmd.String(), c.want)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q, want it to contain %q", err, c.want)
			}
		})
	}
}

// TestPythonPlanUnsafeNames: a file name that would break out of COPY or a
// RUN line never reaches the plan.
func TestPythonPlanUnsafeNames(t *testing.T) {
	for _, name := range []string{"my app.py", "$(id).py", "a;b.py", "-rf.py"} {
		t.Run(name, func(t *testing.T) {
			files := map[string]string{
				"requirements.txt": "requests==2.32.5\n",
				name:               "if __name__ == \"__main__\":\n    print(1)\n",
			}
			p, err := detectOrErr(t, files)
			if err != nil {
				return
			}
			pl, err := newPlan(p, Answers{Version: "t"})
			if err == nil {
				t.Fatalf("planned %s for a program named %q, want an error", pl.Python().Cmd, name)
			}
			if !strings.Contains(err.Error(), "rename it") && !strings.Contains(err.Error(), "pass --app") {
				t.Errorf("error %q does not say what to do", err)
			}
		})
	}
}

// TestPythonServerAdded: requirements.txt without a server gets a pinned
// one, said in the header; a lock never does (see TestPythonPlanRefuses).
func TestPythonServerAdded(t *testing.T) {
	files := map[string]string{
		"requirements.txt":   "django==5.2.8\n",
		"manage.py":          "import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"mysite.settings\")\n",
		"mysite/__init__.py": "",
		"mysite/settings.py": "WSGI_APPLICATION = \"mysite.wsgi.application\"\n",
		"mysite/wsgi.py":     "application = None\n",
	}
	pl, err := newPlan(project(t, files), Answers{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if pl.Python().ServerInstall.String() != "pip --python /opt/venv/bin/python install --no-cache-dir gunicorn==23.0.0" {
		t.Errorf("server install %q", pl.Python().ServerInstall)
	}
	if !strings.Contains(decision(pl, "server"), "none in requirements.txt") {
		t.Errorf("server decision %q does not say it was added", decision(pl, "server"))
	}
}

func TestPythonPathRules(t *testing.T) {
	good := []string{"requirements.txt", "requirements/production.txt", "src", "main.py", "a_b-c.1/d.py"}
	bad := []string{"", ".", "..", "../x", "a/../b", "/etc/passwd", "a b", "a;b", "$x", "a\nb", "-r", "a//b", "a/"}
	for _, p := range good {
		if !pythonPath(p) {
			t.Errorf("pythonPath(%q) = false, want true", p)
		}
	}
	for _, p := range bad {
		if pythonPath(p) {
			t.Errorf("pythonPath(%q) = true, want false", p)
		}
	}
}

func TestPythonNativeRuntimePackages(t *testing.T) {
	files := with(flaskPip, "requirements.txt", "flask==3.1.2\ngunicorn==23.0.0\npsycopg2==2.9.11\n")
	pl, err := newPlan(project(t, files), Answers{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	pp := pl.Python()
	if len(pp.RuntimePackages) != 1 || pp.RuntimePackages[0].String() != "libpq5=15.18-0+deb12u1" || len(pp.BuildLibraries) != 1 || pp.BuildLibraries[0].String() != "libpq-dev" {
		t.Errorf("runtime %v, build %v", pp.RuntimePackages, pp.BuildLibraries)
	}
	if !strings.Contains(decision(pl, "native library"), "psycopg2") {
		t.Errorf("no evidence for libpq5: %q", decision(pl, "native library"))
	}
}

func detectOrErr(t *testing.T, files map[string]string) (*detect.Project, error) {
	t.Helper()
	return detectFiles(files)
}

func TestPythonUVWorkspaceRootNamesTheMember(t *testing.T) {
	files := map[string]string{
		"pyproject.toml": "[project]\nname = \"root\"\nversion = \"0\"\n\n[tool.uv.workspace]\nmembers = [\"backend\"]\n",
		"uv.lock":        "version = 1\n",
	}
	_, err := newPlan(project(t, files), Answers{Version: "t"})
	if err == nil || !strings.Contains(err.Error(), "members backend") || !strings.Contains(err.Error(), "uv lock in backend") {
		t.Errorf("err = %v, want one naming the member", err)
	}
}
