package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/dockerize-dev/dockerize/config"
	"github.com/dockerize-dev/dockerize/internal/iostreams"
	"github.com/dockerize-dev/dockerize/internal/prompt"
	"github.com/dockerize-dev/dockerize/internal/version"
	"github.com/dockerize-dev/dockerize/internal/write"
	"github.com/dockerize-dev/dockerize/plan"
	"github.com/dockerize-dev/dockerize/render"
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
	Team config.Team
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
	// flags are init's flags: answering a question sets its flag.
	flags *pflag.FlagSet
	// fromSettings names the flags applySettings filled from files, which
	// are not saved back.
	fromSettings map[string]bool
}

// isControlFlag reports whether an init flag says how to write rather than
// what to build; such flags are not settings in .dockerize.yaml.
func isControlFlag(name string) bool {
	switch name {
	case "force", "dry-run", "stdout", "diff", "yes", "config", "help", "templates", "save", "no-save":
		return true
	}
	return false
}

func newInitCmd(io *iostreams.IOStreams) *cobra.Command {
	return newInitCmdWith(io, nil)
}

// newInitCmdWith builds init with a given Prompter, for tests; nil means a
// survey prompter on a terminal, and no prompts elsewhere.
func newInitCmdWith(io *iostreams.IOStreams, p prompt.Prompter) *cobra.Command {
	opts := &InitOptions{prompter: p}
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Write a Dockerfile and .dockerignore for the project in DIR (default: .)",
		Long: `init detects the project in DIR, resolves every choice (flags first, then what
the project says, then documented defaults) and writes Dockerfile and
.dockerignore. It never replaces a file that differs without --force.`,
		Example: `  dockerize init
  dockerize init --main cmd/api --port 9090
  dockerize init --dry-run          # show what would be written
  dockerize init --stdout | docker build -t app -f - .
  dockerize init --diff             # compare with the files you have
  dockerize init --force            # replace them`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = "."
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			if err := checkDir(opts.Dir); err != nil {
				return err
			}
			if err := applySettings(cmd, opts); err != nil {
				return err
			}
			if n := countTrue(opts.DryRun, opts.Stdout, opts.Diff); n > 1 {
				return usageError{errors.New("--dry-run, --stdout and --diff each show the result without writing; pass only one")}
			}
			if opts.Yes || os.Getenv("DOCKERIZE_NO_PROMPT") != "" {
				io.NeverPrompt = true
			}
			if opts.NoSave && opts.Save {
				return usageError{errors.New("--save and --no-save contradict each other; pass one")}
			}
			opts.flags = cmd.Flags()
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
			opts.Answers.Team = opts.Team.Plan()
			// Like --main, a relative --templates names a directory of the
			// project; the setting was already made relative to its file.
			if opts.Templates != "" && !filepath.IsAbs(opts.Templates) {
				opts.Templates = filepath.Join(opts.Dir, opts.Templates)
			}
			if opts.Templates == "" {
				opts.Templates = opts.Team.Templates
			}
			return runInit(io, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Answers.Stack, "stack", "", "the project's stack when detection should not choose (go)")
	f.IntVar(&opts.Answers.Port, "port", 0, "the port the app listens on (default: found in the code or Spring's server.port, else 8080)")
	f.StringVar(&opts.Answers.Main, "main", "", "Go: the main package directory to build, e.g. cmd/api")
	f.StringVar(&opts.Answers.Module, "module", "", "Go: the go.work module to build; Maven: the module to run (directory or artifactId)")
	f.StringVar(&opts.Answers.GoVersion, "go-version", "", "Go: the toolchain version (default: go.mod's toolchain or go line)")
	f.StringVar(&opts.Answers.Runtime, "runtime", "", "the runtime image flavour; Go: static or glibc (default: static, glibc for cgo); Java: jre or distroless (default: jre)")
	f.StringVar(&opts.Answers.NodeVersion, "node-version", "", "Node.js: the version, a major (22) or exact (22.12.0) (default: .nvmrc, .node-version, engines.node, current LTS)")
	f.StringVar(&opts.Answers.PackageManager, "package-manager", "", "Node.js: npm, pnpm or yarn, optionally @version (default: packageManager field, then the lockfile)")
	f.StringVar(&opts.Answers.Start, "start", "", "Node.js: the file node runs, e.g. dist/server.js (default: the start script's node FILE, then main)")
	f.BoolVar(&opts.Answers.Build, "build", false, "Node.js: require the build script to run")
	f.BoolVar(&opts.Answers.NoBuild, "no-build", false, "Node.js: do not run the build script")
	f.StringVar(&opts.Answers.Path, "path", "", "Node.js: the workspace package to build, e.g. apps/api")
	f.StringVar(&opts.Answers.JavaVersion, "java-version", "", "Java: the release, e.g. 17 (default: the pom's maven.compiler.release/target/source or java.version, the compiler plugin, Spring Boot's parent, else 21)")
	f.BoolVar(&opts.Answers.RunTests, "run-tests", false, "Java: run the tests during the image build")
	f.BoolVar(&opts.Answers.SkipTests, "skip-tests", false, "Java: skip the tests during the image build (the default)")
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
	return cmd
}

func runInit(io *iostreams.IOStreams, opts *InitOptions) error {
	proj, err := openProject(opts.Dir, opts.Answers.Stack)
	if err != nil {
		return err
	}
	if opts.prompter != nil {
		if proj, err = askStack(io, opts, proj); err != nil {
			return err
		}
	}
	pl, err := resolvePlan(opts, proj)
	if err != nil {
		return err
	}
	tfs, err := templateFS(opts.Templates)
	if err != nil {
		return err
	}
	files, err := render.Render(pl, tfs)
	if err != nil {
		return customTemplateError(opts.Templates, err)
	}
	if opts.Pin {
		if files[0].Data, err = pinGenerated(io, files[0].Data, opts.Team.RegistryMirror); err != nil {
			return err
		}
	}
	switch {
	case opts.Stdout:
		_, err := io.Out.Write(files[0].Data)
		return err
	case opts.Diff:
		for _, f := range files {
			d, err := write.Diff(opts.Dir, f)
			if err != nil {
				return err
			}
			fmt.Fprint(io.Out, d)
		}
		return nil
	}
	fmt.Fprintf(io.ErrOut, "Detected a %s project:\n", proj.Stack)
	for _, d := range pl.Decisions {
		fmt.Fprintf(io.ErrOut, "  %-13s %s (%s)\n", d.Name+":", d.Value, d.Evidence)
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
	results, err := write.Write(opts.Dir, files, force)
	if err != nil {
		return err
	}
	for _, r := range results {
		fmt.Fprintln(io.ErrOut, r)
	}
	if err := saveAnswers(io, opts); err != nil {
		return err
	}
	fmt.Fprintf(io.ErrOut, "Next: docker build -t %s %s && docker run --rm -p %d:%d %s\n", pl.Name, opts.Dir, pl.Port, pl.Port, pl.Name)
	return nil
}

// applySettings fills every flag the user did not set from the settings
// files: the shared --config file first, then the project's .dockerize.yaml,
// so the precedence is flags > project file > team file > detection.
func applySettings(cmd *cobra.Command, opts *InitOptions) error {
	keys := settingKeys(cmd)
	values := map[string]string{}
	for _, path := range []string{opts.Config, filepath.Join(opts.Dir, config.FileName)} {
		if path == "" {
			continue
		}
		f, err := config.Load(path, keys)
		if err != nil {
			return usageError{err}
		}
		if f == nil {
			if path == opts.Config {
				return usageError{fmt.Errorf("--config %s does not exist", path)}
			}
			continue
		}
		for k, v := range f.Answers {
			values[k] = v
		}
		// A templates directory is relative to the file that names it, so
		// a shared file works from every repository.
		if t := f.Team.Templates; t != "" && !filepath.IsAbs(t) {
			f.Team.Templates = filepath.Join(filepath.Dir(path), t)
		}
		opts.Team = mergeTeam(opts.Team, f.Team)
	}
	for k, v := range values {
		if cmd.Flags().Changed(k) {
			continue
		}
		if opts.fromSettings == nil {
			opts.fromSettings = map[string]bool{}
		}
		opts.fromSettings[k] = true
		if err := cmd.Flags().Set(k, v); err != nil {
			return usageError{fmt.Errorf("%s: %s: %w", config.FileName, k, err)}
		}
	}
	return nil
}

// settingKeys are init's flags that are settings in .dockerize.yaml.
func settingKeys(cmd *cobra.Command) []string {
	return flagSettingKeys(cmd.Flags())
}

func flagSettingKeys(flags *pflag.FlagSet) []string {
	var keys []string
	flags.VisitAll(func(f *pflag.Flag) {
		if !isControlFlag(f.Name) {
			keys = append(keys, f.Name)
		}
	})
	return keys
}

// initSettingKeys lets other commands read .dockerize.yaml, which holds
// init's answers next to the team settings.
func initSettingKeys(io *iostreams.IOStreams) []string {
	return settingKeys(newInitCmd(io))
}

// mergeTeam lays the project's team settings over the shared file's.
func mergeTeam(base, over config.Team) config.Team {
	if over.RegistryMirror != "" {
		base.RegistryMirror = over.RegistryMirror
	}
	if over.User != "" {
		base.User = over.User
	}
	if over.Templates != "" {
		base.Templates = over.Templates
	}
	if over.Syntax != "" {
		base.Syntax = over.Syntax
	}
	if over.Lint.FailOn != "" {
		base.Lint.FailOn = over.Lint.FailOn
	}
	base.Lint.Disable = append(base.Lint.Disable, over.Lint.Disable...)
	base.Images = mergeMap(base.Images, over.Images)
	base.Labels = mergeMap(base.Labels, over.Labels)
	return base
}

func mergeMap(base, over map[string]string) map[string]string {
	if len(over) == 0 {
		return base
	}
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		out[k] = v
	}
	return out
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
