package detect

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func pythonOf(t *testing.T, files map[string]string) *PythonProject {
	t.Helper()
	py, err := readPython(mapFS(files))
	if err != nil {
		t.Fatal(err)
	}
	if py == nil {
		t.Fatal("not detected as a Python project")
	}
	return py
}

const uvLock = `version = 1
revision = 5
requires-python = "==3.11.*"

[[package]]
name = "catalog"
version = "0.1.0"
source = { virtual = "." }
dependencies = [
    { name = "fastapi" },
    { name = "uvicorn" },
]

[package.dev-dependencies]
dev = [
    { name = "pytest" },
]

[[package]]
name = "fastapi"
version = "0.125.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "pydantic" },
    { name = "Starlette" },
]

[[package]]
name = "pydantic"
version = "2.13.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "starlette"
version = "0.50.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "uvicorn"
version = "0.54.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "pytest"
version = "9.0.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "psycopg2" },
]
`

// A FastAPI service managed by uv, shaped after astral-sh/uv-fastapi-example.
func TestPythonUVFastAPI(t *testing.T) {
	py := pythonOf(t, map[string]string{
		"pyproject.toml":  "[project]\nname = \"catalog\"\nrequires-python = \">=3.11,<3.12\"\ndependencies = [\"fastapi>=0.115\", \"uvicorn>=0.30\"]\n\n[dependency-groups]\ndev = [\"pytest>=8\"]\n",
		"uv.lock":         uvLock,
		".python-version": "3.11\n",
		"app/__init__.py": "",
		"app/main.py":     "from fastapi import FastAPI\n\napp = FastAPI()\n\n@app.get(\"/\")\ndef index():\n    return {}\n",
	})
	want := PythonProject{
		PackageManager: "uv", PackageManagerEvidence: "uv.lock", Manifests: []string{"pyproject.toml", "uv.lock"},
		PythonVersion: "3.11", PythonVersionEvidence: ".python-version: 3.11",
		Dependencies: []string{"fastapi", "uvicorn"},
		Packages:     []string{"fastapi", "pydantic", "starlette", "uvicorn"},
		Framework:    "fastapi", FrameworkEvidence: "uv.lock: fastapi", Server: "uvicorn",
		App: "app.main:app", AppEvidence: "app/main.py:3: app = FastAPI(...)",
	}
	if !reflect.DeepEqual(*py, want) {
		t.Errorf("got  %+v\nwant %+v", *py, want)
	}
}

// A Django site on Poetry with psycopg2 built from source, shaped after
// healthchecks/healthchecks and wagtail/bakerydemo (split settings).
func TestPythonPoetryDjango(t *testing.T) {
	py := pythonOf(t, map[string]string{
		"pyproject.toml": "[tool.poetry]\nname = \"shop\"\npackage-mode = false\n\n[tool.poetry.dependencies]\npython = \"~3.11\"\nDjango = \"^5.2\"\ngunicorn = \"^23.0\"\npsycopg2 = { version = \"^2.9\" }\n\n[tool.poetry.group.dev.dependencies]\npytest = \"^8.0\"\n",
		"poetry.lock": "[[package]]\nname = \"django\"\nversion = \"5.2.19\"\ngroups = [\"main\"]\n\n[[package]]\nname = \"gunicorn\"\nversion = \"23.0.0\"\ngroups = [\"main\"]\n\n" +
			"[[package]]\nname = \"psycopg2\"\nversion = \"2.9.11\"\ngroups = [\"main\"]\n\n[[package]]\nname = \"pytest\"\nversion = \"9.0.0\"\ngroups = [\"dev\"]\n",
		"manage.py":                   "import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"mysite.settings.dev\")\n",
		"mysite/__init__.py":          "",
		"mysite/settings/__init__.py": "",
		"mysite/settings/dev.py":      "from .base import *\nDEBUG = True\n",
		"mysite/settings/base.py":     "WSGI_APPLICATION = \"mysite.wsgi.application\"\nSTATIC_ROOT = BASE_DIR / \"static\"\n",
		"mysite/wsgi.py":              "application = get_wsgi_application()\n",
	})
	if py.PackageManager != "poetry" || py.RequiresPython != "~3.11" || py.PythonVersion != "" {
		t.Errorf("manager %s, python %q / %q", py.PackageManager, py.PythonVersion, py.RequiresPython)
	}
	if py.Framework != "django" || py.App != "mysite.wsgi:application" || py.AppEvidence != "mysite/settings/base.py:1: WSGI_APPLICATION" {
		t.Errorf("framework %s app %s (%s)", py.Framework, py.App, py.AppEvidence)
	}
	if py.DjangoSettings != "mysite.settings.dev" || !py.StaticRoot || py.Server != "gunicorn" {
		t.Errorf("settings %s staticroot %v server %s", py.DjangoSettings, py.StaticRoot, py.Server)
	}
	if want := []NativeDep{{"psycopg2", "libpq", "poetry.lock: psycopg2"}}; !reflect.DeepEqual(py.Native, want) {
		t.Errorf("native %+v", py.Native)
	}
	if strings.Contains(strings.Join(py.Packages, " "), "pytest") {
		t.Errorf("dev package in runtime packages: %v", py.Packages)
	}
}

// Flask with requirements files, shaped after miguelgrinberg/microblog.
func TestPythonPipFlask(t *testing.T) {
	py := pythonOf(t, map[string]string{
		"requirements.txt":      "# pinned\n-r requirements/base.txt\ngunicorn==23.0.0  # server\n--index-url https://pypi.org/simple\n-e .\n",
		"requirements/base.txt": "Flask==3.1.2\npsycopg2-binary==2.9.9 ; python_version >= '3.8'\n",
		"runtime.txt":           "python-3.11.9\n",
		"Procfile":              "web: flask db upgrade; gunicorn microblog:app\nworker: rq worker\n",
		"microblog.py":          "from app import create_app\napp = create_app()\n",
		"app/__init__.py":       "from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n",
		"tests.py":              "if __name__ == \"__main__\":\n    unittest.main()\n",
	})
	if py.Script != "" {
		t.Errorf("a test file taken for the program: %s", py.Script)
	}
	if py.PackageManager != "pip" || py.Requirements != "requirements.txt" || py.PythonVersion != "3.11.9" {
		t.Errorf("got %s %s %s", py.PackageManager, py.Requirements, py.PythonVersion)
	}
	if want := []string{"flask", "gunicorn", "psycopg2-binary"}; !reflect.DeepEqual(py.Dependencies, want) {
		t.Errorf("deps %v", py.Dependencies)
	}
	if py.Native != nil {
		t.Errorf("psycopg2-binary bundles libpq, got native %v", py.Native)
	}
	// The server is the last of the Procfile's ";"-joined commands.
	if py.Framework != "flask" || py.App != "microblog:app" {
		t.Errorf("framework %s app %s (%s)", py.Framework, py.App, py.AppEvidence)
	}
}

func TestPythonProcfileApp(t *testing.T) {
	py := pythonOf(t, map[string]string{
		"requirements.txt": "flask\ngunicorn\n",
		"Procfile":         "web: gunicorn --workers 2 -b 0.0.0.0:5000 wsgi:app\n",
		"wsgi.py":          "from notes import app\n",
	})
	if py.App != "wsgi:app" || py.Port != 5000 || py.PortEvidence != "Procfile: -b 0.0.0.0:5000" {
		t.Errorf("app %s port %d (%s)", py.App, py.Port, py.PortEvidence)
	}
}

// A plain program on Pipenv, shaped after Pipenv projects that run
// python main.py.
func TestPythonPipenvScript(t *testing.T) {
	py := pythonOf(t, map[string]string{
		"Pipfile":      "[packages]\nrequests = \"*\"\n\n[dev-packages]\npytest = \"*\"\n\n[requires]\npython_version = \"3.11\"\n",
		"Pipfile.lock": `{"_meta": {}, "default": {"requests": {}, "certifi": {}, "Psycopg2": {}}, "develop": {"pytest": {}}}`,
		"main.py":      "import os\n\nif __name__ == \"__main__\":\n    port = int(os.environ.get(\"PORT\", \"8080\"))\n    HTTPServer((\"127.0.0.1\", port), H).serve_forever()\n",
	})
	if py.PackageManager != "pipenv" || py.PythonVersion != "3.11" || py.Script != "main.py" || py.Framework != "" {
		t.Errorf("got %+v", py)
	}
	if py.Port != 8080 || py.PortEnv != "PORT" {
		t.Errorf("port %d env %s", py.Port, py.PortEnv)
	}
	if len(py.Problems) != 1 || !strings.Contains(py.Problems[0], "main.py:5 listens on 127.0.0.1") {
		t.Errorf("loopback bind not reported: %v", py.Problems)
	}
	if len(py.Native) != 1 || py.Native[0].Package != "psycopg2" {
		t.Errorf("native from Pipfile.lock default: %v", py.Native)
	}
}

func TestPythonNotAProject(t *testing.T) {
	py, err := readPython(mapFS(map[string]string{"main.py": "print(1)\n", "go.mod": "module x\n"}))
	if py != nil || err != nil {
		t.Fatalf("got %v, %v", py, err)
	}
}

func TestPythonBadInput(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"pipfile without lock", map[string]string{"Pipfile": "[packages]\n"}, "run pipenv lock"},
		{"poetry without lock", map[string]string{"pyproject.toml": "[tool.poetry.dependencies]\npython = \"^3.11\"\n"}, "run poetry lock"},
		{"bad toml", map[string]string{"pyproject.toml": "[project]\nname = \"x\"\nrequires-python = >=3.11\n"}, "pyproject.toml:3:"},
		{"bad python-version", map[string]string{"requirements.txt": "", ".python-version": "pypy3.10\n"}, "not a CPython version"},
		{"bad requires-python", map[string]string{"pyproject.toml": "[project]\nrequires-python = \">=three\"\n"}, "requires-python"},
		{"include outside", map[string]string{"requirements.txt": "-r ../../etc/passwd\n"}, "outside the project"},
		{"lock without pyproject", map[string]string{"uv.lock": "version = 1\n"}, "without pyproject.toml"},
		{"bad Pipfile.lock", map[string]string{"Pipfile": "", "Pipfile.lock": "{"}, "Pipfile.lock"},
	}
	for _, c := range cases {
		_, err := readPython(mapFS(c.files))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
	_, err := readPython(mapFS(map[string]string{"Pipfile": "[packages]\n"}))
	if !errors.Is(err, ErrPythonLock) {
		t.Errorf("missing lock: %v is not ErrPythonLock", err)
	}
}

func TestNewestPython(t *testing.T) {
	supported := []string{"3.10", "3.11", "3.12", "3.13", "3.14"}
	cases := []struct{ spec, want string }{
		{">=3.11", "3.14"},
		{">=3.11,<3.13", "3.12"},
		{"~=3.11", "3.14"},
		{"~=3.11.4", "3.11"},
		{"==3.11.*", "3.11"},
		{"^3.11", "3.14"},
		{"~3.11", "3.11"},
		{">=3.13,<3.14", "3.13"},
		{">=3.9 <3.12", "3.11"},
		{">=3.12.4", "3.14"},
		{"<3.12.0", "3.11"},
		{"3.10", "3.10"},
		{">=3.10,!=3.14.*", "3.13"},
		{"<3.11 || >=3.13,<3.14", "3.13"},
		{"*", "3.14"},
		{">= 3.11, < 3.12", "3.11"},
	}
	for _, c := range cases {
		got, err := NewestPython(c.spec, supported)
		if err != nil || got != c.want {
			t.Errorf("NewestPython(%q) = %q, %v; want %q", c.spec, got, err, c.want)
		}
	}
	for _, bad := range []string{"<3.9", ">=4"} {
		if got, err := NewestPython(bad, supported); err == nil {
			t.Errorf("NewestPython(%q) = %q, want an error", bad, got)
		}
	}
	for _, bad := range []string{"", ">=3.11rc1", "~=3", "python", ">=3.*", "3.11.2.1"} {
		if _, err := ParsePythonSpec(bad); err == nil {
			t.Errorf("ParsePythonSpec(%q) accepted", bad)
		}
	}
}

func TestNormalizeName(t *testing.T) {
	for in, want := range map[string]string{"Django": "django", "python_ldap": "python-ldap", "zope.interface": "zope-interface", "A--B__c": "a-b-c"} {
		if got := normalizeName(in); got != want {
			t.Errorf("normalizeName(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzPythonSpec: any requires-python string parses or is refused, and
// never panics.
func FuzzPythonSpec(f *testing.F) {
	for _, s := range []string{">=3.11", "^3.11", "~=3.11.4", "==3.11.*", "<3.11 || >=3.13", ">= 3.9, <4", "!=3.12.*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if spec, err := ParsePythonSpec(s); err == nil {
			spec.AllowsMinor(3, 12)
		}
	})
}

// FuzzPythonProject feeds arbitrary manifests to Python detection.
func FuzzPythonProject(f *testing.F) {
	f.Add("[project]\nrequires-python = \">=3.11\"\ndependencies = [\"django\"]\n", "flask\n-r other.txt\n", uvLock, "3.11\n", "web: gunicorn a:b -b :80\n")
	f.Add("[tool.poetry.dependencies]\npython = \"^3.12\"\n", "", "", "", "")
	f.Add("", "-r requirements.txt\n", "[[package]]\nname=1\n", "cpython-3.13.1", "web:")
	f.Fuzz(func(t *testing.T, pyproject, reqs, lock, pyversion, procfile string) {
		files := map[string]string{"pyproject.toml": pyproject, "requirements.txt": reqs, "Procfile": procfile, "main.py": "if __name__ == \"__main__\":\n    pass\n"}
		if lock != "" {
			files["uv.lock"] = lock
		}
		if pyversion != "" {
			files[".python-version"] = pyversion
		}
		py, err := readPython(mapFS(files))
		if err == nil && py == nil {
			t.Fatal("manifests present but no project and no error")
		}
		if err == nil {
			for _, fact := range py.Facts() {
				if fact.Evidence == "" {
					t.Fatalf("fact %s without evidence", fact.Name)
				}
			}
			if py.Port < 0 || py.Port > 65535 {
				t.Fatalf("port %d", py.Port)
			}
		}
	})
}

func TestPythonAppFromFactoryCall(t *testing.T) {
	py := pythonOf(t, map[string]string{
		"requirements.txt": "fastapi==0.165.0\nuvicorn==0.54.0\n",
		"app/__init__.py":  "",
		"app/main.py":      "from fastapi import FastAPI\n\n\ndef get_application() -> FastAPI:\n    return FastAPI()\n\n\napp = get_application()\n",
	})
	if py.App != "app.main:app" || !strings.Contains(py.AppEvidence, "app/main.py:8: app = get_application()") {
		t.Errorf("app %q (%s)", py.App, py.AppEvidence)
	}
}

func TestPythonFactoryWithDefaults(t *testing.T) {
	for src, want := range map[string]string{
		"def create_app(test_config=None):\n":               "flaskr:create_app()",
		"def create_app(config: str | None = None, x=1):\n": "flaskr:create_app()",
		"def create_app(config):\n":                         "",
	} {
		py := pythonOf(t, map[string]string{
			"pyproject.toml":     "[project]\nname = \"flaskr\"\nversion = \"1.0.0\"\ndependencies = [\"flask\"]\n",
			"flaskr/__init__.py": "from flask import Flask\n\n" + src + "    return Flask(__name__)\n",
		})
		if py.App != want {
			t.Errorf("%q: app %q, want %q", src, py.App, want)
		}
	}
}
