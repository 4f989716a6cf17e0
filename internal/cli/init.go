package cli

import (
	"errors"
	"fmt"
	stdio "io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dockerize-dev/dockerize/config"
	"github.com/dockerize-dev/dockerize/detect"
	"github.com/dockerize-dev/dockerize/internal/dfvalue"
	"github.com/dockerize-dev/dockerize/internal/iostreams"
	"github.com/dockerize-dev/dockerize/internal/prompt"
	"github.com/dockerize-dev/dockerize/internal/version"
	"github.com/dockerize-dev/dockerize/internal/write"
	"github.com/dockerize-dev/dockerize/plan"
	"github.com/dockerize-dev/dockerize/render"
	"github.com/dockerize-dev/dockerize/ship"
	"github.com/dockerize-dev/dockerize/stacks"
)

// InitOptions are the flags of dockerize init.
type InitOptions struct {
	Dir     string
	Answers plan.Answers
	Force   bool
	DryRun  bool
	Stdout  bool
	Diff    bool
	Yes     bool
	// Config is a shared team settings file, read before the project's own
	// .dockerize.yaml.
	Config string
	// Team holds the team settings that apply after loading both files.
	Team plan.Team
	// Templates is a directory of custom templates (--templates, else the
	// settings' templates, resolved against the file that named it).
	Templates string
	// Pin resolves every base image to tag@sha256:digest.
	Pin bool
	// NoSave keeps prompted answers out of .dockerize.yaml; Save writes the
	// flags given to it even without prompts.
	NoSave, Save bool

	// prompter asks questions; nil when dockerize must not prompt.
	prompter prompt.Prompter
	// from says where each answer came from: flags and prompts are saved,
	// values from settings files are not.
	from map[string]config.Source
}

func newInitCmd(io *iostreams.IOStreams) *cobra.Command {
	return newInitCmdWith(io, nil)
}

// newInitCmdWith builds init with a given Prompter, for tests; nil means a
// survey prompter on a terminal, and no prompts elsewhere.
func newInitCmdWith(io *iostreams.IOStreams, p prompt.Prompter) *cobra.Command {
	opts := &InitOptions{prompter: p}
	all := AllOptions{}
	var services string
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Write a Dockerfile and .dockerignore for the project in DIR (default: .)",
		Long: `init detects the project in DIR, resolves every choice (flags first, then what
the project says, then documented defaults) and writes Dockerfile and
.dockerignore. It never replaces a file that differs without --force.
A flag of another stack than the project's is an error.`,
		Example: `  dockerize init
  dockerize init --main cmd/api --port 9090
  dockerize init --dry-run          # show what would be written
  dockerize init --stdout | docker build -t app -f - .
  dockerize init --diff             # compare with the files you have
  dockerize init --force            # replace them
  dockerize init --all --ci github  # every service, docker-bake.hcl, compose.yaml, CI`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = "."
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			if err := checkDir(opts.Dir); err != nil {
				return err
			}
			given := map[string]string{}
			for _, q := range stacks.Questions() {
				if f := cmd.Flags().Lookup(q.Name); f.Changed {
					given[q.Name] = f.Value.String()
				}
			}
			if err := checkAllFlags(cmd, &all, services, given); err != nil {
				return err
			}
			s, err := loadSettings(opts.Config, opts.Dir, given)
			if err != nil {
				return err
			}
			opts.Answers.Values, opts.from, opts.Team = s.Answers, s.From, s.Team
			if n := countTrue(opts.DryRun, opts.Stdout, opts.Diff); n > 1 {
				return usageError{errors.New("--dry-run, --stdout and --diff each show the result without writing; pass only one")}
			}
			if opts.Yes || os.Getenv("DOCKERIZE_NO_PROMPT") != "" {
				io.NeverPrompt = true
			}
			if opts.NoSave && opts.Save {
				return usageError{errors.New("--save and --no-save contradict each other; pass one")}
			}
			// Prompts only on a terminal, and never for the show-only modes.
			if opts.prompter == nil && io.CanPrompt() && !opts.Stdout && !opts.Diff {
				p, err := prompt.NewSurvey(io.In, io.Out, io.ErrOut)
				if err != nil {
					return err
				}
				opts.prompter = p
			}
			if io.NeverPrompt {
				opts.prompter = nil
			}
			opts.Answers.Version = version.Version
			opts.Answers.Team = opts.Team
			// Like --main, a relative --templates names a directory of the
			// project; the setting was already made relative to its file.
			if opts.Templates != "" && !filepath.IsAbs(opts.Templates) {
				opts.Templates = filepath.Join(opts.Dir, opts.Templates)
			}
			if opts.Templates == "" {
				opts.Templates = opts.Team.Templates
			}
			if all.All {
				return runInitAll(io, opts, all)
			}
			return runInit(io, opts)
		},
	}
	f := cmd.Flags()
	addQuestionFlags(f)
	f.BoolVar(&opts.Force, "force", false, "overwrite existing files that differ")
	f.BoolVar(&opts.DryRun, "dry-run", false, "show what would be written, and write nothing")
	f.BoolVar(&opts.Stdout, "stdout", false, "print the Dockerfile to standard output, and write nothing")
	f.BoolVar(&opts.Diff, "diff", false, "print a unified diff against the existing files, and write nothing")
	f.BoolVarP(&opts.Yes, "yes", "y", false, "never prompt: take detected values and defaults (so does DOCKERIZE_NO_PROMPT=1)")
	f.BoolVar(&opts.NoSave, "no-save", false, "do not save the answers given at prompts to .dockerize.yaml")
	f.BoolVar(&opts.Save, "save", false, "save the answers given as flags to .dockerize.yaml, also without prompts")
	f.StringVar(&opts.Config, "config", "", "a shared team settings file, read before the project's .dockerize.yaml")
	f.StringVar(&opts.Templates, "templates", "", "a directory of custom templates, relative to the project like --main (see dockerize templates export)")
	f.BoolVar(&opts.Pin, "pin", false, "pin every base image to tag@sha256:digest, resolved through the registry (or the mirror)")
	f.BoolVar(&all.All, "all", false, "every service of the repository: a Dockerfile each, docker-bake.hcl and compose.yaml (see dockerize detect)")
	f.StringVar(&services, "services", "", "with --all: the services to write, comma-separated (default: the saved choice, else all)")
	f.StringVar(&all.CI, "ci", "", "with --all: also write a CI workflow that bakes and pushes every image ("+strings.Join(ship.CIs(), " or ")+")")
	f.BoolVar(&all.Backing, "backing", false, "with --all: add the databases, caches and queues the services are seen to connect to, to compose.yaml")
	f.StringVar(&all.Registry, "registry", "", "with --all: the registry and namespace images are tagged for (host/namespace)")
	cmd.SetUsageFunc(initUsage)
	return cmd
}

func runInit(io *iostreams.IOStreams, opts *InitOptions) error {
	proj, pl, files, err := renderProject(io, opts)
	if err != nil {
		return err
	}
	if opts.Pin {
		if files[0].Data, err = pinGenerated(io, files[0].Data, opts.Team.Mirror); err != nil {
			return err
		}
	}
	if err := render.Stamp(files, version.Version); err != nil {
		return err
	}
	switch {
	case opts.Stdout:
		_, err := io.Out.Write(files[0].Data)
		return err
	case opts.Diff:
		return printDiffs(io.Out, opts.Dir, files)
	}
	fmt.Fprintf(io.ErrOut, "Detected a %s project:\n", proj.Stack)
	for _, d := range pl.Decisions {
		fmt.Fprintf(io.ErrOut, "  %-13s %s (%s)\n", iostreams.Line(d.Name+":"), iostreams.Line(d.Value), iostreams.Line(d.Evidence))
	}
	if opts.DryRun {
		return dryRun(io, opts.Dir, files, opts.Force)
	}
	force := opts.Force
	if opts.prompter != nil && !force {
		if files, err = chooseOverwrites(io, opts, files); err != nil {
			return err
		}
		force = true // every file left is new, identical, or chosen for overwriting
	}
	base, err := baseFile(opts.Dir, files, inputFacts(proj, opts))
	if err != nil {
		return err
	}
	results, err := write.Write(opts.Dir, append(files, base), force)
	if err != nil {
		return err
	}
	for _, r := range results[:len(files)] {
		fmt.Fprintln(io.ErrOut, r)
	}
	if err := saveAnswers(io, opts); err != nil {
		return err
	}
	// The name is a valid image name by construction; the directory is the
	// user's, quoted so the line can be pasted into a shell.
	fmt.Fprintf(io.ErrOut, "Next: docker build -t %s %s && docker run --rm -p %d:%d %s\n", pl.Name, iostreams.Line(dfvalue.ShellWord(opts.Dir)), pl.Port, pl.Port, pl.Name)
	return nil
}

// renderProject is the generator in memory: detect the project in
// opts.Dir, make the plan (prompting when opts has a prompter), and render
// the files, unpinned and unstamped.
func renderProject(io *iostreams.IOStreams, opts *InitOptions) (*detect.Project, *plan.Plan, []write.File, error) {
	proj, err := openProject(opts.Dir, opts.Answers.String("stack"))
	if err != nil {
		return nil, nil, nil, err
	}
	if opts.prompter != nil {
		if proj, err = askStack(io, opts, proj); err != nil {
			return nil, nil, nil, err
		}
	}
	if err := checkStackFlags(opts, proj.Stack); err != nil {
		return nil, nil, nil, err
	}
	pl, err := resolvePlan(opts, proj)
	if err != nil {
		return nil, nil, nil, err
	}
	tfs, err := templateFS(opts.Templates)
	if err != nil {
		return nil, nil, nil, err
	}
	files, err := render.Render(pl, tfs)
	if err != nil {
		return nil, nil, nil, customTemplateError(opts.Templates, err)
	}
	return proj, pl, files, nil
}

// loadSettings reads the settings files, the shared --config file and
// dir's .dockerize.yaml, and resolves them with the flags given (see
// config.Resolve). Every answer is checked against its question's type.
func loadSettings(shared, dir string, flags map[string]string) (config.Settings, error) {
	var keys []string
	for _, q := range stacks.Questions() {
		keys = append(keys, q.Name)
	}
	var files [2]*config.File
	for i, path := range []string{shared, filepath.Join(dir, config.FileName)} {
		if path == "" {
			continue
		}
		f, err := config.Load(path, keys)
		if err != nil {
			return config.Settings{}, usageError{err}
		}
		if f == nil && path == shared {
			return config.Settings{}, usageError{fmt.Errorf("--config %s does not exist", path)}
		}
		files[i] = f
	}
	s := config.Resolve(flags, files[1], files[0])
	for k, v := range s.Answers {
		if s.From[k] == config.FromFlag {
			continue
		}
		q, _ := stacks.Question(k)
		parsed, err := plan.ParseAnswer(q, v)
		if err != nil {
			return config.Settings{}, usageError{fmt.Errorf("%s: %s: %w", config.FileName, k, err)}
		}
		s.Answers[k] = parsed
	}
	return s, nil
}

// checkStackFlags rejects a flag that only another stack takes: it would
// be ignored, and the user meant something by it. Values from settings
// files are not checked, since one team file serves every stack.
func checkStackFlags(opts *InitOptions, stack detect.Stack) error {
	s, ok := stacks.Lookup(stack)
	if !ok {
		return nil
	}
	var names []string
	for name, from := range opts.from {
		if from == config.FromFlag && !stacks.Asks(s, name) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	sort.Strings(names)
	var titles []string
	owners := stacks.Owners(names[0])
	for _, o := range owners {
		titles = append(titles, o.Title)
	}
	return usageError{fmt.Errorf("--%s is a %s flag, but this is a %s project; drop it, or pass --stack %s if the project is one", names[0], strings.Join(titles, " and "), s.Title, owners[0].Name)}
}

func countTrue(bs ...bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

// printDiffs writes, for each file, the unified diff of what is in dir
// against what would be written.
func printDiffs(w stdio.Writer, dir string, files []write.File) error {
	for _, f := range files {
		d, err := write.Diff(dir, f)
		if err != nil {
			return err
		}
		fmt.Fprint(w, d)
	}
	return nil
}
