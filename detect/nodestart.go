package detect

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// NodeStart is how a Node.js server starts: the command line the image runs
// (Argv, relative to the package directory), the scripts that must run
// before it in the build stage (Before: script names from a compound start
// such as `npm run build && node dist/server.js`), and where it came from.
type NodeStart struct {
	Argv     []string `json:"argv"`
	Evidence string   `json:"evidence"`
	Before   []string `json:"before,omitempty"`
	// Dev is true when the start needs a devDependency at run time (tsx,
	// ts-node), so the image ships every dependency.
	Dev bool `json:"dev,omitempty"`
}

// safeArg is what a start argument may look like: a path, a flag or a
// flag=value, with no shell syntax. Anything else is not taken.
var safeArg = regexp.MustCompile(`^[A-Za-z0-9_./@:=+,%-]+$`)

// scriptRunRE matches a command that runs another package.json script:
// npm run X, npm start, yarn X, yarn run X, pnpm X, pnpm run X.
var scriptRunRE = regexp.MustCompile(`^(?:npm|pnpm|yarn|bun)(?:\s+run)?\s+([A-Za-z0-9:_.-]+)$`)

// envPrefix strips what only sets the environment: cross-env, env,
// dotenv-style runners and VAR=value words.
func envPrefix(words []string) []string {
	for len(words) > 0 {
		w := words[0]
		switch {
		case w == "cross-env" || w == "env" || w == "cross-env-shell":
			words = words[1:]
		case regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`).MatchString(w):
			words = words[1:]
		default:
			return words
		}
	}
	return words
}

// scriptSegments flattens a script into the commands it runs, following
// `npm run X` into X (depth-limited, cycle-safe), split at && and ;. Each
// segment remembers the script it was written in.
type segment struct {
	words  []string
	script string // the script whose text holds this segment
	top    string // the top-level script invoked from the root script, when nested
}

func scriptSegments(scripts map[string]string, name string, depth int, seen map[string]bool) []segment {
	if depth > 6 || seen[name] {
		return nil
	}
	seen[name] = true
	defer delete(seen, name)
	var out []segment
	for _, part := range regexp.MustCompile(`&&|;`).Split(scripts[name], -1) {
		words := envPrefix(shellFields(part))
		if len(words) == 0 {
			continue
		}
		line := strings.Join(words, " ")
		if line == "npm start" || line == "yarn start" || line == "pnpm start" {
			line = "npm run start"
		}
		if m := scriptRunRE.FindStringSubmatch(line); m != nil {
			if _, ok := scripts[m[1]]; ok {
				for _, s := range scriptSegments(scripts, m[1], depth+1, seen) {
					if s.top == "" {
						s.top = m[1]
					}
					out = append(out, s)
				}
				continue
			}
		}
		out = append(out, segment{words: words, script: name})
	}
	return out
}

// startOf reads one segment as a server start, or returns nil.
func startOf(fsys fs.FS, pkg *NodePackage, pj *packageJSON, words []string) *NodeStart {
	dev := func(name string) bool {
		_, inProd := pj.Dependencies[name]
		_, inDev := pj.DevDeps[name]
		return inDev && !inProd
	}
	all := func(ws []string) bool {
		for _, w := range ws {
			if !safeArg.MatchString(w) {
				return false
			}
		}
		return true
	}
	cmd := words[0]
	args := words[1:]
	if (cmd == "yarn" || cmd == "pnpm") && len(args) > 0 && args[0] == "node" {
		cmd, args = "node", args[1:] // yarn node FILE: node with the package manager's hooks
	}
	switch cmd {
	case "node":
		if len(args) == 0 || !all(args) {
			return nil
		}
		return &NodeStart{Argv: append([]string{"node"}, args...)}
	case "tsx", "ts-node", "ts-node-esm":
		if len(args) == 0 || !all(args) {
			return nil
		}
		loader := []string{"node", "--import", "tsx"}
		if cmd != "tsx" {
			loader = []string{"node", "--require", "ts-node/register"}
		}
		return &NodeStart{Argv: append(loader, args...), Dev: dev(cmd)}
	case "remix-serve", "react-router-serve":
		if len(args) == 0 || !all(args) {
			return nil
		}
		return &NodeStart{Argv: append([]string{"./node_modules/.bin/" + cmd}, args...)}
	case "next":
		if len(args) > 0 && args[0] == "start" && all(args) {
			return &NodeStart{Argv: append([]string{"./node_modules/.bin/next"}, args...)}
		}
	case "pm2", "pm2-runtime":
		for _, a := range args {
			if script := pm2Script(fsys, pkg.Dir, a); script != "" {
				return &NodeStart{Argv: []string{"node", script}}
			}
		}
	}
	return nil
}

// pm2Script reads the first app's script from a pm2 ecosystem file, or
// takes a .js file pm2 is told to start.
func pm2Script(fsys fs.FS, dir, arg string) string {
	if !safeArg.MatchString(arg) || strings.HasPrefix(arg, "-") || !fs.ValidPath(path.Clean(arg)) {
		return ""
	}
	file := path.Join(dir, arg)
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return ""
	}
	var eco struct {
		Apps []struct {
			Script string `json:"script"`
		} `json:"apps"`
	}
	switch {
	case strings.HasSuffix(arg, ".json"):
		if json.Unmarshal(data, &eco) != nil || len(eco.Apps) == 0 {
			return ""
		}
	case strings.Contains(arg, "ecosystem"):
		m := regexp.MustCompile(`script\s*:\s*['"]([^'"]+)['"]`).FindSubmatch(data)
		if m == nil {
			return ""
		}
		eco.Apps = append(eco.Apps, struct {
			Script string `json:"script"`
		}{string(m[1])})
	default:
		return path.Clean(arg)
	}
	s := path.Clean(strings.TrimPrefix(eco.Apps[0].Script, "./"))
	if !safeArg.MatchString(s) || !fs.ValidPath(s) {
		return ""
	}
	return s
}

// nodeScriptStart follows the start scripts (start:prod, start, serve) to
// the command that runs the server.
func nodeScriptStart(fsys fs.FS, pkg *NodePackage, pj *packageJSON) *NodeStart {
	for _, name := range []string{"start:prod", "start", "serve"} {
		if pkg.Scripts[name] == "" {
			continue
		}
		segs := scriptSegments(pkg.Scripts, name, 0, map[string]bool{})
		for i := len(segs) - 1; i >= 0; i-- {
			st := startOf(fsys, pkg, pj, segs[i].words)
			if st == nil {
				continue
			}
			st.Evidence = fmt.Sprintf("%s: scripts.%s %q", pkg.Manifest, name, pkg.Scripts[name])
			if segs[i].script != name {
				st.Evidence += fmt.Sprintf(", scripts.%s %q", segs[i].script, pkg.Scripts[segs[i].script])
			}
			// What runs before the server in the same script chain is build
			// work: run those scripts in the build stage.
			for _, s := range segs[:i] {
				if s.top != "" && !contains(st.Before, s.top) {
					st.Before = append(st.Before, s.top)
				}
			}
			return st
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// nxProject is one Nx project.json with a build target.
type nxProject struct {
	Dir, Name, Executor, OutputPath, Main string
}

// nxProjects reads project.json files at the root and under apps/.
func nxProjects(fsys fs.FS, dir string) []nxProject {
	files := []string{path.Join(dir, "project.json")}
	more, _ := fs.Glob(fsys, path.Join(dir, "apps", "*", "project.json"))
	files = append(files, more...)
	var out []nxProject
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			continue
		}
		var pj struct {
			Name        string `json:"name"`
			ProjectType string `json:"projectType"`
			Targets     map[string]struct {
				Executor string `json:"executor"`
				Options  struct {
					OutputPath json.RawMessage `json:"outputPath"`
					Main       string          `json:"main"`
				} `json:"options"`
				Outputs []string `json:"outputs"`
			} `json:"targets"`
		}
		if json.Unmarshal(data, &pj) != nil || pj.ProjectType == "library" {
			continue
		}
		b, ok := pj.Targets["build"]
		out0 := nxOutputPath(b.Options.OutputPath, b.Executor)
		if out0 == "" && len(b.Outputs) == 1 {
			// A target a plugin infers (@nx/rsbuild, @nx/vite) names
			// only its outputs.
			out0 = nxOutputs(b.Outputs[0], path.Dir(f))
		}
		if !ok || out0 == "" || !fs.ValidPath(out0) || !safeArg.MatchString(out0) {
			continue
		}
		out = append(out, nxProject{Dir: path.Dir(f), Name: pj.Name, Executor: b.Executor, OutputPath: out0, Main: b.Options.Main})
	}
	return out
}

// nxOutputs reads a target's outputs entry: {workspaceRoot}/dist/apps/x or
// {projectRoot}/dist.
func nxOutputs(o, dir string) string {
	switch {
	case strings.HasPrefix(o, "{workspaceRoot}/"):
		return path.Clean(strings.TrimPrefix(o, "{workspaceRoot}/"))
	case strings.HasPrefix(o, "{projectRoot}/"):
		return path.Join(dir, strings.TrimPrefix(o, "{projectRoot}/"))
	}
	return ""
}

// NxApp is an Nx application that builds a browser app: its project
// directory, name and where its build writes.
type NxApp struct {
	Dir      string `json:"dir"`
	Name     string `json:"name"`
	Out      string `json:"out"`
	Evidence string `json:"evidence"`
}

// nxApps lists the browser applications of the Nx workspace in dir whose
// build script runs Nx: projects with a build target that is no Node.js
// bundle (no main file).
func nxApps(fsys fs.FS, pkg *NodePackage) []NxApp {
	build := strings.TrimSpace(pkg.Scripts["build"])
	if build != "nx" && !strings.HasPrefix(build, "nx ") {
		return nil
	}
	var out []NxApp
	for _, p := range nxProjects(fsys, pkg.Dir) {
		if p.Main != "" || p.Name == "" || !safeArg.MatchString(p.Name) || p.Dir == pkg.Dir {
			continue
		}
		what := p.Executor
		if what == "" {
			what = "a plugin's inferred target"
		}
		out = append(out, NxApp{Dir: p.Dir, Name: p.Name, Out: p.OutputPath,
			Evidence: fmt.Sprintf("%s: build (%s) writes %s", path.Join(p.Dir, "project.json"), what, p.OutputPath)})
	}
	return out
}

// nodeBrowserExecutor reports an Nx executor that builds a browser app.
func nodeBrowserExecutor(e string) bool {
	return strings.Contains(e, "angular") || strings.Contains(e, "vite") || strings.Contains(e, "next")
}

var svelteAdapterRE = regexp.MustCompile(`from\s+['"](@sveltejs/adapter-[a-z-]+|svelte-adapter-[a-z-]+)['"]`)

// svelteAdapter reads the adapter svelte.config.js imports.
func svelteAdapter(fsys fs.FS, dir string) (string, string) {
	for _, f := range []string{"svelte.config.js", "svelte.config.mjs", "svelte.config.ts"} {
		data, err := fs.ReadFile(fsys, path.Join(dir, f))
		if err != nil {
			continue
		}
		if m := svelteAdapterRE.FindSubmatchIndex(data); m != nil {
			line, _ := position(data, int64(m[0]))
			return string(data[m[2]:m[3]]), fmt.Sprintf("%s:%d", path.Join(dir, f), line)
		}
		return "", path.Join(dir, f)
	}
	return "", ""
}

// nxOutputPath reads outputPath, a string or Angular's {base, browser}
// (browser defaults to "browser" there).
func nxOutputPath(raw json.RawMessage, executor string) string {
	var s string
	if json.Unmarshal(raw, &s) == nil && s != "" {
		if strings.Contains(executor, "angular:application") {
			s = path.Join(s, "browser")
		}
		return path.Clean(s)
	}
	var obj struct {
		Base    string  `json:"base"`
		Browser *string `json:"browser"`
	}
	if json.Unmarshal(raw, &obj) != nil || obj.Base == "" {
		return ""
	}
	browser := "browser"
	if obj.Browser != nil {
		browser = *obj.Browser
	}
	return path.Clean(path.Join(obj.Base, browser))
}

// nodeValueFlags are node options that take the next word as their value.
var nodeValueFlags = map[string]bool{
	"-r": true, "--require": true, "--import": true, "--loader": true, "--experimental-loader": true,
	"-C": true, "--conditions": true, "--env-file": true, "--title": true,
}

// FileIndex is the index in Argv of the script node runs, -1 when the
// command is not `node [options] FILE`.
func (s *NodeStart) FileIndex() int {
	if s == nil || len(s.Argv) < 2 || s.Argv[0] != "node" {
		return -1
	}
	for i := 1; i < len(s.Argv); i++ {
		a := s.Argv[i]
		switch {
		case nodeValueFlags[a]:
			i++
		case strings.HasPrefix(a, "-"):
		default:
			f := path.Clean(a)
			if !fs.ValidPath(f) || f == "." || i != len(s.Argv)-1 {
				// Arguments after the script are not carried over: the
				// command is then not taken as it is.
				return -1
			}
			return i
		}
	}
	return -1
}

// file is the script node runs, "" when there is none.
func (s *NodeStart) file() string {
	if i := s.FileIndex(); i >= 0 {
		return path.Clean(s.Argv[i])
	}
	return ""
}

// shellFields splits a command line where sh does (space, tab, newline);
// a carriage return or other control character stays inside its word,
// where safeArg then refuses it.
func shellFields(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' })
}
