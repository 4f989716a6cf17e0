package cli

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/spf13/cobra"

	"github.com/dockerize-dev/dockerize/config"
	"github.com/dockerize-dev/dockerize/detect"
	"github.com/dockerize-dev/dockerize/internal/combine"
	"github.com/dockerize-dev/dockerize/internal/iostreams"
	"github.com/dockerize-dev/dockerize/internal/version"
	"github.com/dockerize-dev/dockerize/internal/write"
	"github.com/dockerize-dev/dockerize/plan"
	"github.com/dockerize-dev/dockerize/render"
	"github.com/dockerize-dev/dockerize/ship"
	"github.com/dockerize-dev/dockerize/stacks"
)

// AllOptions are the flags only init --all takes.
type AllOptions struct {
	All bool
	// Services names the services to write (--services); nil means the
	// saved choice, the prompt, or every service found.
	Services []string
	CI       string
	Backing  bool
	Registry string
}

// bakeFile and composeFile are the repository files init --all writes
// beside the Dockerfiles.
const (
	bakeFile    = ship.BakeFile
	composeFile = ship.ComposeFile
)

// built is one chosen service, planned and rendered in its project.
type built struct {
	svc   detect.Service
	plan  *plan.Plan
	files []write.File // Dockerfile first, relative to the project
}

// runInitAll discovers the services of the repository in opts.Dir, picks
// those to write, renders a Dockerfile per service (one with a target per
// service where several share a project), the .dockerignore of each
// project, docker-bake.hcl, compose.yaml and the CI workflow asked for, and
// writes the whole set or nothing.
func runInitAll(io *iostreams.IOStreams, opts *InitOptions, all AllOptions) error {
	found, err := discoverAll(opts.Dir)
	if err != nil {
		return err
	}
	saved, err := savedServices(opts.Dir)
	if err != nil {
		return err
	}
	chosen, prompted, err := chooseServices(opts, all, found, saved)
	if err != nil {
		return err
	}
	var builds []built
	projects := map[string]*detect.Project{}
	for _, s := range chosen {
		b, err := buildService(io, opts, s, projects)
		if err != nil {
			others := slices.DeleteFunc(names(chosen), func(n string) bool { return n == s.Name })
			hint := ""
			if len(others) > 0 {
				hint = fmt.Sprintf(" (or leave it out: --services %s)", strings.Join(others, ","))
			}
			return fmt.Errorf("service %s (%s): %w%s", s.Name, s.Path, err, hint)
		}
		builds = append(builds, b)
	}
	files, shipped, err := assemble(builds)
	if err != nil {
		return err
	}
	repo, err := shipFiles(shipped, all)
	if err != nil {
		return err
	}
	files = append(files, repo...)
	if err := render.Stamp(files[:len(files)-len(repo)], version.Version); err != nil {
		return err
	}
	if prompted && !opts.NoSave || opts.Save && all.Services != nil {
		f, err := servicesFile(opts.Dir, names(chosen))
		if err != nil {
			return err
		}
		files = append(files, f)
	}
	if opts.Diff {
		return printDiffs(io.Out, opts.Dir, files)
	}
	fmt.Fprintf(io.ErrOut, "%d of %d services:\n", len(chosen), len(found))
	for _, b := range builds {
		fmt.Fprintf(io.ErrOut, "  %-12s %-24s %-6s port %d\n", iostreams.Line(b.svc.Name), iostreams.Line(b.svc.Path), b.svc.Stack, b.plan.Port)
	}
	if opts.DryRun {
		return dryRun(io, opts.Dir, files, opts.Force)
	}
	base, err := baseFile(opts.Dir, files, serviceFacts(builds))
	if err != nil {
		return err
	}
	results, err := write.Write(opts.Dir, append(files, base), opts.Force)
	if err != nil {
		return err
	}
	for _, r := range results[:len(files)] {
		fmt.Fprintln(io.ErrOut, r)
	}
	fmt.Fprintln(io.ErrOut, "Next: docker buildx bake (builds every service), docker compose up --build")
	return nil
}

// discoverAll lists the services of the repository in dir; none is an
// error.
func discoverAll(dir string) ([]detect.Service, error) {
	if err := checkDir(dir); err != nil {
		return nil, err
	}
	found, err := discover(dir, "", nil)
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		abs, _ := filepath.Abs(dir)
		return nil, fmt.Errorf("%s: no services found (looked at the root, %s and the children of %s); run dockerize detect to see what was found, or dockerize init in one project's directory",
			abs, strings.Join(detect.ServiceDirs, "/, ")+"/", strings.Join(detect.ServiceParents, "/ and ")+"/")
	}
	return found, nil
}

// savedServices reads the services list of dir's .dockerize.yaml; nil when
// there is none.
func savedServices(dir string) ([]string, error) {
	var keys []string
	for _, q := range stacks.Questions() {
		keys = append(keys, q.Name)
	}
	f, err := config.Load(filepath.Join(dir, config.FileName), keys)
	if err != nil {
		return nil, usageError{err}
	}
	if f == nil {
		return nil, nil
	}
	return f.Services, nil
}

// chooseServices picks the services to write: those named by --services,
// else those saved in .dockerize.yaml, else the ones left ticked at the
// prompt, else every service found. prompted says the choice came from the
// prompt. A name that is not a service found is an error.
func chooseServices(opts *InitOptions, all AllOptions, found []detect.Service, saved []string) ([]detect.Service, bool, error) {
	var want []string
	prompted := false
	switch {
	case all.Services != nil:
		want = all.Services
	case saved != nil:
		want = saved
	case opts.prompter != nil:
		var err error
		if want, err = opts.prompter.MultiSelect("Services to write (untick to leave one out):", names(found), names(found)); err != nil {
			return nil, false, err
		}
		prompted = true
	default:
		return found, false, nil
	}
	known := names(found)
	for _, n := range want {
		if !slices.Contains(known, n) {
			from := "--services"
			if all.Services == nil {
				from = config.FileName + ": services"
			}
			return nil, false, usageError{fmt.Errorf("%s: no service is called %q; the services found are %s (see dockerize detect)", from, n, strings.Join(known, ", "))}
		}
	}
	var out []detect.Service
	for _, s := range found {
		if slices.Contains(want, s.Name) {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil, false, usageError{errors.New("no service chosen, so there is nothing to write; tick at least one, or pass --services")}
	}
	return out, prompted, nil
}

// buildService plans and renders one service in its project, with the
// answers that select it and the team settings; it never prompts. Each
// project is detected once, kept in projects.
func buildService(io *iostreams.IOStreams, opts *InitOptions, s detect.Service, projects map[string]*detect.Project) (built, error) {
	proj := projects[s.Project]
	if proj == nil {
		var err error
		if proj, err = openProject(filepath.Join(opts.Dir, filepath.FromSlash(s.Project)), string(s.Stack)); err != nil {
			return built{}, err
		}
		projects[s.Project] = proj
	}
	var err error
	answers := plan.Answers{Values: map[string]string{}, Version: opts.Answers.Version, Team: opts.Answers.Team}
	for k, v := range s.Select {
		q, ok := stacks.Question(k)
		if !ok {
			return built{}, fmt.Errorf("discovery chose unknown setting %q", k)
		}
		if answers.Values[k], err = plan.ParseAnswer(q, v); err != nil {
			return built{}, fmt.Errorf("%s: %w", k, err)
		}
	}
	pl, err := stacks.Plan(proj, answers)
	if err != nil {
		return built{}, err
	}
	tfs, err := templateFS(opts.Templates)
	if err != nil {
		return built{}, err
	}
	files, err := render.Render(pl, tfs)
	if err != nil {
		return built{}, customTemplateError(opts.Templates, err)
	}
	if opts.Pin {
		if files[0].Data, err = pinGenerated(io, files[0].Data, opts.Team.Mirror); err != nil {
			return built{}, err
		}
	}
	return built{svc: s, plan: pl, files: files}, nil
}

// assemble groups the services by project: one service alone keeps its
// Dockerfile; several get one Dockerfile with a target each (see combine)
// and the .dockerignore lines they all have. A project that holds other
// projects leaves them out of its context. It returns the files, with paths
// from the repository root, and the services for ship.
func assemble(builds []built) ([]write.File, []ship.Service, error) {
	var projects []string
	byProject := map[string][]built{}
	for _, b := range builds {
		p := b.svc.Project
		if _, ok := byProject[p]; !ok {
			projects = append(projects, p)
		}
		byProject[p] = append(byProject[p], b)
	}
	var files []write.File
	var services []ship.Service
	for _, p := range projects {
		group := byProject[p]
		df, ignore := group[0].files[0], group[0].files[1]
		if len(group) > 1 {
			var parts []combine.Part
			for _, b := range group {
				parts = append(parts, combine.Part{Target: b.svc.Name, Dockerfile: b.files[0].Data})
			}
			data, err := combine.Dockerfiles(parts)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %w", p, err)
			}
			df.Data = data
			ignore.Data = commonLines(group)
		}
		ignore.Data = excludeInner(ignore.Data, p, projects)
		for _, b := range group {
			env, err := finalEnv(df.Data, targetOf(group, b))
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %w", b.svc.Name, err)
			}
			s := ship.Service{Name: b.svc.Name, Context: p, Dockerfile: "Dockerfile", Target: targetOf(group, b), Port: b.plan.Port, Env: env}
			for _, c := range b.svc.Clients {
				s.Clients = append(s.Clients, ship.Client{Kind: ship.Backing(c.Kind), Evidence: c.Evidence, EnvVar: c.EnvVar, EnvEvidence: c.EnvEvidence})
			}
			services = append(services, s)
		}
		df.Path = path.Join(p, df.Path)
		ignore.Path = path.Join(p, ignore.Path)
		files = append(files, df, ignore)
	}
	return files, services, nil
}

// targetOf is the stage that builds b: its name when it shares the
// Dockerfile, "" (the last stage) when the Dockerfile is its own.
func targetOf(group []built, b built) string {
	if len(group) == 1 {
		return ""
	}
	return b.svc.Name
}

// commonLines keeps the .dockerignore lines every service of group has, in
// the first one's order, so no service loses a file it needs.
func commonLines(group []built) []byte {
	var out bytes.Buffer
	first := strings.SplitAfter(string(group[0].files[1].Data), "\n")
	var all []string
	for _, b := range group {
		all = append(all, b.svc.Name)
	}
	// The header names the one service it was written for: name them all.
	if head, ok := strings.CutPrefix(first[0], "# .dockerignore for "+group[0].svc.Name+","); ok {
		out.WriteString("# .dockerignore for " + strings.Join(all, ", ") + "," + head)
		first = first[1:]
	}
	for _, l := range first {
		ok := true
		for _, b := range group[1:] {
			if !slices.Contains(strings.SplitAfter(string(b.files[1].Data), "\n"), l) {
				ok = false
				break
			}
		}
		if ok {
			out.WriteString(l)
		}
	}
	return out.Bytes()
}

// excludeInner adds to the .dockerignore of project p the other projects
// inside it: they are build contexts of their own.
func excludeInner(ignore []byte, p string, projects []string) []byte {
	var inner []string
	for _, q := range projects {
		if q == p {
			continue
		}
		if p == "." {
			inner = append(inner, q)
		} else if rel, ok := strings.CutPrefix(q, p+"/"); ok {
			inner = append(inner, rel)
		}
	}
	if len(inner) == 0 {
		return ignore
	}
	sort.Strings(inner)
	out := append([]byte{}, ignore...)
	out = append(out, "\n# Services with a build context of their own (docker-bake.hcl)\n"...)
	for _, q := range inner {
		out = append(out, "/"+q+"\n"...)
	}
	return out
}

// runtimePlumbing are the variables that say where the image's runtime
// lives (a trimmed Java runtime sets them), not how the service is
// configured: compose.yaml does not repeat them, so an image with another
// layout never runs with a stale PATH.
func runtimePlumbing(name string) bool { return name == "PATH" || name == "JAVA_HOME" }

// finalEnv reads the ENV instructions of the stage that ends in target (the
// last stage when target is ""), in order, through BuildKit's parser.
func finalEnv(df []byte, target string) ([]ship.Env, error) {
	res, err := parser.Parse(bytes.NewReader(df))
	if err != nil {
		return nil, fmt.Errorf("reading the generated Dockerfile: %w", err)
	}
	stages, _, err := instructions.Parse(res.AST, nil)
	if err != nil || len(stages) == 0 {
		return nil, fmt.Errorf("reading the generated Dockerfile: %w", err)
	}
	st := stages[len(stages)-1]
	if target != "" {
		i := slices.IndexFunc(stages, func(s instructions.Stage) bool { return strings.EqualFold(s.Name, target) })
		if i < 0 {
			return nil, fmt.Errorf("the generated Dockerfile has no stage %q", target)
		}
		st = stages[i]
	}
	var env []ship.Env
	for _, c := range st.Commands {
		if e, ok := c.(*instructions.EnvCommand); ok {
			for _, kv := range e.Env {
				if runtimePlumbing(kv.Key) {
					continue
				}
				env = append(env, ship.Env{Name: kv.Key, Value: kv.Value})
			}
		}
	}
	return env, nil
}

// shipFiles renders docker-bake.hcl, compose.yaml and, with --ci, the
// workflow.
func shipFiles(services []ship.Service, all AllOptions) ([]write.File, error) {
	bake, err := ship.Bake(services, all.Registry)
	if err != nil {
		return nil, err
	}
	compose, err := ship.Compose(services, ship.ComposeOptions{Backing: all.Backing})
	if err != nil {
		return nil, err
	}
	files := []write.File{{Path: bakeFile, Data: bake, Mode: 0o644}, {Path: composeFile, Data: compose, Mode: 0o644}}
	if all.CI != "" {
		name, err := ship.WorkflowPath(ship.CI(all.CI))
		if err != nil {
			return nil, usageError{fmt.Errorf("--ci: %w", err)}
		}
		wf, err := ship.Workflow(ship.CI(all.CI), services, ship.WorkflowOptions{Registry: all.Registry})
		if err != nil {
			return nil, err
		}
		files = append(files, write.File{Path: name, Data: wf, Mode: 0o644})
	}
	return files, nil
}

// servicesFile is dir's .dockerize.yaml with the services list set to
// chosen, its other settings and comments kept.
func servicesFile(dir string, chosen []string) (write.File, error) {
	// Bounded, and never through a link: the file is rewritten in place.
	old, _, err := readOutput(dir, config.FileName)
	if err != nil {
		return write.File{}, err
	}
	data, err := config.MergeServices([]byte(old), chosen)
	if err != nil {
		return write.File{}, err
	}
	return write.File{Path: config.FileName, Data: data, Mode: 0o644, Own: true}, nil
}

func names(ss []detect.Service) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, s.Name)
	}
	return out
}

// checkAllFlags parses --services and refuses the flags that do not go with
// --all (or need it): a question flag picks one project's build, and --stdout
// prints one Dockerfile.
func checkAllFlags(cmd *cobra.Command, all *AllOptions, services string, given map[string]string) error {
	if !all.All {
		for _, name := range []string{"services", "ci", "backing", "registry"} {
			if cmd.Flags().Lookup(name).Changed {
				return usageError{fmt.Errorf("--%s goes with --all; add --all to write every service", name)}
			}
		}
		return nil
	}
	if len(given) > 0 {
		var keys []string
		for k := range given {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return usageError{fmt.Errorf("--%s sets one project's build and does not go with --all; run dockerize init in that project's directory, or choose services with --services", keys[0])}
	}
	if cmd.Flags().Lookup("stdout").Changed {
		return usageError{errors.New("--stdout prints one Dockerfile and does not go with --all; use --dry-run to see every file")}
	}
	if cmd.Flags().Lookup("services").Changed {
		all.Services = []string{}
		for _, n := range strings.Split(services, ",") {
			if n = strings.TrimSpace(n); n != "" {
				all.Services = append(all.Services, n)
			}
		}
	}
	return nil
}

// serviceFacts are the inputs of init --all recorded with what it wrote: the
// services, where they are and what they run.
func serviceFacts(builds []built) string {
	var b strings.Builder
	for _, x := range builds {
		fmt.Fprintf(&b, "service %s: %s %s, %s\n", oneLineText(x.svc.Name), oneLineText(x.svc.Path), x.svc.Stack, oneLineText(x.svc.Runs))
	}
	return b.String()
}
