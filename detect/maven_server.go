package detect

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// JavaServer is what a Maven module's own code and configuration say about
// how it serves: the framework, a loopback bind, the command-line arguments
// it needs and the files it reads from its working directory at run time.
type JavaServer struct {
	Framework string `json:"framework,omitempty"`
	// Loopback names where the app binds to a loopback address (file:line);
	// LoopbackEnv is the environment variable that overrides it ("" when
	// none does), LoopbackValue what to set it to.
	Loopback      string `json:"loopback,omitempty"`
	LoopbackEnv   string `json:"loopbackEnv,omitempty"`
	LoopbackValue string `json:"loopbackValue,omitempty"`
	// Args are the program arguments the start command needs, with why.
	Args         []string `json:"args,omitempty"`
	ArgsEvidence string   `json:"argsEvidence,omitempty"`
	// Files are files the app reads from its working directory.
	Files []RuntimeFile `json:"files,omitempty"`
}

// RuntimeFile is a project file the app opens at run time: Path from the
// project root, At relative to the working directory, and why.
type RuntimeFile struct {
	Path     string `json:"path"`
	At       string `json:"at"`
	Evidence string `json:"evidence"`
	// Flag is the flag that must name the file's place in the image, when
	// its default is relative to the source tree rather than to the
	// working directory.
	Flag string `json:"flag,omitempty"`
	// Example is true when Path is the project's committed example of a
	// file the app loads (example.env for the .env godotenv reads): its
	// values are placeholders.
	Example bool `json:"example,omitempty"`
}

// maxSourceFiles and maxSourceSize bound the source scan of a module.
const (
	maxSourceFiles = 5000
	maxSourceSize  = 1 << 20
)

// sourceFile is one main source file that names a framework dockerize reads
// servers from.
type sourceFile struct {
	name string
	data []byte
}

type sources []sourceFile

// scanSources reads the module's main Java and Kotlin sources (never its
// tests) that import Javalin or Dropwizard, in path order.
func scanSources(fsys fs.FS, dir string) sources {
	var out sources
	seen := 0
	for _, root := range []string{"src/main/java", "src/main/kotlin"} {
		base := path.Join(dir, root)
		if !exists(fsys, base) {
			continue
		}
		_ = fs.WalkDir(fsys, base, func(name string, d fs.DirEntry, err error) error {
			if err != nil || seen >= maxSourceFiles {
				return fs.SkipDir
			}
			if d.IsDir() || !(strings.HasSuffix(name, ".java") || strings.HasSuffix(name, ".kt")) {
				return nil
			}
			seen++
			if info, err := d.Info(); err != nil || info.Size() > maxSourceSize {
				return nil
			}
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				return nil
			}
			if strings.Contains(string(data), "io.javalin") || strings.Contains(string(data), "io.dropwizard") {
				out = append(out, sourceFile{name, data})
			}
			return nil
		})
	}
	return out
}

var (
	propPortRE    = regexp.MustCompile(`(?m)^[ \t]*server\.port[ \t]*[=:][ \t]*(?:\$\{[A-Za-z0-9_.]+:)?([0-9]{2,5})`)
	ymlPortRE     = regexp.MustCompile(`(?m)^server:[ \t]*\n(?:(?:[ \t]+.*|[ \t]*)\n)*?[ \t]+port:[ \t]*(?:\$\{[A-Za-z0-9_.]+:)?([0-9]{2,5})`)
	quarkusRE     = regexp.MustCompile(`(?m)^[ \t]*quarkus\.http\.port[ \t]*=[ \t]*(?:\$\{[A-Za-z0-9_.]+:)?([0-9]{2,5})`)
	propAddrRE    = regexp.MustCompile(`(?m)^[ \t]*server\.address[ \t]*[=:][ \t]*(?:\$\{[A-Za-z0-9_.]+:)?([^\s}]+)`)
	ymlAddrRE     = regexp.MustCompile(`(?m)^server:[ \t]*\n(?:(?:[ \t]+.*|[ \t]*)\n)*?[ \t]+address:[ \t]*(?:\$\{[A-Za-z0-9_.]+:)?([^\s}]+)`)
	quarkusHostRE = regexp.MustCompile(`(?m)^[ \t]*quarkus\.http\.host[ \t]*=[ \t]*(?:\$\{[A-Za-z0-9_.]+:)?([^\s}]+)`)
)

// springConfigFiles are the files Spring Boot (and Quarkus) read their
// settings from, highest precedence first: the active profile's files
// before the plain ones, config/ before the classpath root, .properties
// before .yml.
func springConfigFiles(dir, profile string) []string {
	var names []string
	stems := []string{"application"}
	if profile != "" {
		stems = []string{"application-" + profile, "application"}
	}
	for _, stem := range stems {
		for _, sub := range []string{"src/main/resources/config", "src/main/resources"} {
			for _, ext := range []string{".properties", ".yml", ".yaml"} {
				names = append(names, path.Join(dir, sub, stem+ext))
			}
		}
	}
	return names
}

// loopback reports a host that only the container itself can reach.
func loopback(host string) bool {
	host = strings.Trim(strings.TrimSpace(host), `"'[]`)
	return host == "localhost" || host == "::1" || strings.HasPrefix(host, "127.")
}

// javaServer fills in the module's port and server facts from its config
// files and sources: Spring's and Quarkus's application files, Javalin's
// start call, Dropwizard's yml.
func javaServer(fsys fs.FS, mod *MavenModule, springProfile string, src sources) {
	if dropwizard(fsys, mod, src) {
		return
	}
	for _, name := range springConfigFiles(mod.Dir, springProfile) {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			continue
		}
		for _, re := range []struct {
			re      *regexp.Regexp
			key     string
			env     string
			isQuark bool
		}{{propPortRE, "server.port", "", false}, {ymlPortRE, "server.port", "", false}, {quarkusRE, "quarkus.http.port", "", true}} {
			if mod.Port != 0 {
				break
			}
			if m := re.re.FindSubmatchIndex(data); m != nil {
				if port, err := strconv.Atoi(string(data[m[2]:m[3]])); err == nil && port > 0 && port <= 65535 {
					line, _ := position(data, int64(m[2]))
					mod.Port, mod.PortEvidence = port, fmt.Sprintf("%s:%d: %s %d", name, line, re.key, port)
				}
			}
		}
		if mod.Server.Loopback == "" {
			for _, re := range []struct {
				re       *regexp.Regexp
				key, env string
			}{{propAddrRE, "server.address", "SERVER_ADDRESS"}, {ymlAddrRE, "server.address", "SERVER_ADDRESS"}, {quarkusHostRE, "quarkus.http.host", "QUARKUS_HTTP_HOST"}} {
				if m := re.re.FindSubmatchIndex(data); m != nil && loopback(string(data[m[2]:m[3]])) {
					line, _ := position(data, int64(m[2]))
					mod.Server.Loopback = fmt.Sprintf("%s:%d: %s %s", name, line, re.key, data[m[2]:m[3]])
					mod.Server.LoopbackEnv, mod.Server.LoopbackValue = re.env, "0.0.0.0"
					break
				}
			}
		}
	}
	if mod.Port == 0 {
		javalin(mod, src)
	}
}

var (
	javalinStartRE = regexp.MustCompile(`\.start\(\s*(?:"([^"]*)"\s*,\s*)?([0-9]{1,5})?\s*\)`)
	javalinPortRE  = regexp.MustCompile(`\bdefaultPort\s*=\s*([0-9]{1,5})`)
	javalinHostRE  = regexp.MustCompile(`\bdefaultHost\s*=\s*"([^"]*)"`)
)

// javalin reads a Javalin app's port: .start(N), .start("host", N), the
// jetty defaultPort setting, or Javalin's own 8080 for .start() without an
// argument. A bind to a loopback host is reported; Javalin reads no
// environment variable for it.
func javalin(mod *MavenModule, src sources) {
	for _, f := range src {
		if !strings.Contains(string(f.data), "io.javalin") {
			continue
		}
		text := string(f.data)
		if m := javalinPortRE.FindStringSubmatchIndex(text); m != nil {
			setJavaPort(mod, f, m[2], text[m[2]:m[3]], "Javalin defaultPort")
		}
		if m := javalinHostRE.FindStringSubmatchIndex(text); m != nil && loopback(text[m[2]:m[3]]) {
			line, _ := position(f.data, int64(m[2]))
			mod.Server.Loopback = fmt.Sprintf("%s:%d: Javalin defaultHost %q", f.name, line, text[m[2]:m[3]])
		}
		for _, m := range javalinStartRE.FindAllStringSubmatchIndex(text, -1) {
			mod.Server.Framework = "javalin"
			if m[2] >= 0 && loopback(text[m[2]:m[3]]) && mod.Server.Loopback == "" {
				line, _ := position(f.data, int64(m[2]))
				mod.Server.Loopback = fmt.Sprintf("%s:%d: Javalin .start(%q, ...)", f.name, line, text[m[2]:m[3]])
			}
			switch {
			case m[4] >= 0:
				setJavaPort(mod, f, m[4], text[m[4]:m[5]], "Javalin .start("+text[m[4]:m[5]]+")")
			case m[2] < 0:
				setJavaPort(mod, f, m[0], "8080", "Javalin .start() without a port: Javalin's default 8080")
			}
		}
		if mod.Port != 0 {
			return
		}
	}
}

func setJavaPort(mod *MavenModule, f sourceFile, offset int, v, how string) {
	if mod.Port != 0 {
		return
	}
	port, err := strconv.Atoi(v)
	if err != nil || port <= 0 || port > 65535 {
		return
	}
	line, _ := position(f.data, int64(offset))
	mod.Port, mod.PortEvidence = port, fmt.Sprintf("%s:%d: %s", f.name, line, how)
}

var (
	dropwizardAppRE = regexp.MustCompile(`\bextends\s+(?:io\.dropwizard\.(?:core\.)?)?Application\s*<`)
	readmeServerRE  = regexp.MustCompile("\\bserver\\s+([A-Za-z0-9._/-]+\\.ya?ml)\\b")
	ymlPathKeyRE    = regexp.MustCompile(`(?m)^[ \t-]*([A-Za-z]*(?:Path|File))[ \t]*:[ \t]*["']?([A-Za-z0-9._/-]+)["']?[ \t]*(?:#.*)?$`)
	safeRelPath     = regexp.MustCompile(`^[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*$`)
)

// dropwizard recognises a Dropwizard application (its main class extends
// io.dropwizard's Application) and reads what it needs to start: the
// `server` command with the module's configuration yml, that yml's
// application connector port, and the files the yml names (a keystore).
func dropwizard(fsys fs.FS, mod *MavenModule, src sources) bool {
	var app *sourceFile
	for i, f := range src {
		if !strings.Contains(string(f.data), "io.dropwizard") || !dropwizardAppRE.Match(f.data) {
			continue
		}
		if mod.MainClass == "" || strings.HasSuffix(strings.TrimSuffix(f.name, path.Ext(f.name)), strings.ReplaceAll(mod.MainClass, ".", "/")) {
			app = &src[i]
			break
		}
	}
	if app == nil {
		return false
	}
	s := &mod.Server
	s.Framework = "dropwizard"
	line, _ := position(app.data, int64(dropwizardAppRE.FindIndex(app.data)[0]))
	why := fmt.Sprintf("%s:%d: a Dropwizard Application, started with its server command", app.name, line)
	yml, ymlWhy := dropwizardConfig(fsys, mod.Dir)
	s.Args = []string{"server"}
	if yml == "" {
		s.ArgsEvidence = why + "; " + ymlWhy
		return true
	}
	rel := strings.TrimPrefix(yml, strings.TrimSuffix(mod.Dir, ".")+"/")
	if mod.Dir == "." {
		rel = yml
	}
	s.Args = append(s.Args, rel)
	s.ArgsEvidence = why + " and " + ymlWhy
	s.Files = append(s.Files, RuntimeFile{Path: yml, At: rel, Evidence: ymlWhy})
	data, err := fs.ReadFile(fsys, yml)
	if err != nil {
		return true
	}
	if port, at, ok := dropwizardPort(data); ok {
		mod.Port, mod.PortEvidence = port, fmt.Sprintf("%s:%d: server applicationConnectors port %d", yml, at, port)
	}
	for _, m := range ymlPathKeyRE.FindAllSubmatchIndex(data, -1) {
		v := string(data[m[4]:m[5]])
		full := path.Join(mod.Dir, v)
		if !safeRelPath.MatchString(v) || strings.Contains(v, "..") || !fs.ValidPath(full) || !exists(fsys, full) {
			continue
		}
		if st, err := fs.Stat(fsys, full); err != nil || st.IsDir() || slices.ContainsFunc(s.Files, func(f RuntimeFile) bool { return f.Path == full }) {
			continue
		}
		at, _ := position(data, int64(m[2]))
		s.Files = append(s.Files, RuntimeFile{Path: full, At: v, Evidence: fmt.Sprintf("%s:%d: %s %s", yml, at, data[m[2]:m[3]], v)})
	}
	if m := regexp.MustCompile(`(?m)^[ \t-]*bindHost[ \t]*:[ \t]*["']?([^\s"']+)`).FindSubmatchIndex(data); m != nil && loopback(string(data[m[2]:m[3]])) {
		at, _ := position(data, int64(m[2]))
		s.Loopback = fmt.Sprintf("%s:%d: bindHost %s", yml, at, data[m[2]:m[3]])
	}
	return true
}

// dropwizardConfig chooses the module's configuration yml: the one its
// README starts the server with, else the only yml in the module directory
// with a server or logging section.
func dropwizardConfig(fsys fs.FS, dir string) (string, string) {
	for _, readme := range []string{"README.md", "README.adoc", "README.txt", "README"} {
		data, err := fs.ReadFile(fsys, path.Join(dir, readme))
		if err != nil {
			continue
		}
		for _, m := range readmeServerRE.FindAllSubmatchIndex(data, -1) {
			name := path.Join(dir, string(data[m[2]:m[3]]))
			if safeRelPath.MatchString(string(data[m[2]:m[3]])) && fs.ValidPath(name) && exists(fsys, name) {
				line, _ := position(data, int64(m[0]))
				return name, fmt.Sprintf("%s:%d: server %s", path.Join(dir, readme), line, data[m[2]:m[3]])
			}
		}
	}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return "", "no configuration yml found"
	}
	var found []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !(strings.HasSuffix(n, ".yml") || strings.HasSuffix(n, ".yaml")) || strings.HasPrefix(n, ".") || strings.Contains(n, "compose") || !safeRelPath.MatchString(n) {
			continue
		}
		data, err := fs.ReadFile(fsys, path.Join(dir, n))
		if err == nil && regexp.MustCompile(`(?m)^(server|logging):`).Match(data) {
			found = append(found, path.Join(dir, n))
		}
	}
	switch len(found) {
	case 1:
		return found[0], found[0] + ": the module's configuration (a server or logging section)"
	case 0:
		return "", "no configuration yml in " + dir + ", so Dropwizard starts with its defaults"
	}
	return "", "several configuration ymls (" + strings.Join(found, ", ") + "), none named in the README: pass the one to use as the program argument"
}

// dropwizardPort reads the first application connector's port of a
// Dropwizard yml (server.applicationConnectors[0].port, or the simple
// server's connector.port); Dropwizard's default is 8080.
func dropwizardPort(data []byte) (int, int, bool) {
	lines := strings.Split(string(data), "\n")
	inServer, inConn := false, false
	connIndent := 0
	for i, l := range lines {
		code, _, _ := strings.Cut(l, "#")
		if strings.TrimSpace(code) == "" {
			continue
		}
		indent := len(code) - len(strings.TrimLeft(code, " "))
		t := strings.TrimSpace(code)
		if indent == 0 {
			inServer, inConn = t == "server:", false
			continue
		}
		if !inServer {
			continue
		}
		if t == "applicationConnectors:" || t == "connector:" {
			inConn, connIndent = true, indent
			continue
		}
		if inConn && indent <= connIndent && !strings.HasPrefix(t, "-") {
			inConn = false
		}
		if inConn {
			t = strings.TrimSpace(strings.TrimPrefix(t, "-"))
			if v, ok := strings.CutPrefix(t, "port:"); ok {
				v = strings.TrimSpace(v)
				if j := strings.LastIndex(v, ":-"); strings.HasPrefix(v, "${") && j > 0 {
					v = strings.TrimSuffix(v[j+2:], "}")
				}
				if p, err := strconv.Atoi(v); err == nil && p > 0 && p <= 65535 {
					return p, i + 1, true
				}
			}
		}
	}
	return 0, 0, false
}
