package cli

import (
	"errors"
	"fmt"
	"sort"

	"github.com/dockerize-dev/dockerize/config"
	"github.com/dockerize-dev/dockerize/detect"
	"github.com/dockerize-dev/dockerize/internal/iostreams"
	"github.com/dockerize-dev/dockerize/internal/prompt"
	"github.com/dockerize-dev/dockerize/internal/write"
	"github.com/dockerize-dev/dockerize/plan"
	"github.com/dockerize-dev/dockerize/stacks"
)

// askStack shows what detection found, with the evidence, and asks which
// stack to build when several matched and --stack did not say.
func askStack(io *iostreams.IOStreams, opts *InitOptions, proj *detect.Project) (*detect.Project, error) {
	fmt.Fprintf(io.ErrOut, "Found in %s:\n", opts.Dir)
	for _, f := range proj.Facts {
		fmt.Fprintf(io.ErrOut, "  %-16s %s (%s)\n", f.Name+":", f.Value, f.Evidence)
	}
	if _, given := opts.Answers.Values["stack"]; len(proj.Stacks) < 2 || given {
		return proj, nil
	}
	var names []string
	for _, s := range proj.Stacks {
		names = append(names, string(s))
	}
	choice, err := opts.prompter.Select("Several stacks match; which should the image build?", names, string(proj.Stack))
	if err != nil {
		return nil, err
	}
	if err := setAnswer(opts, "stack", choice); err != nil {
		return nil, err
	}
	return openProject(opts.Dir, choice)
}

// resolvePlan makes the plan, asking for what it cannot work out when
// prompting is possible, and then offering each adjustable value with the
// detected one preselected. Without prompts a missing answer is an error
// naming its flag.
func resolvePlan(opts *InitOptions, proj *detect.Project) (*plan.Plan, error) {
	offered := false
	for range 20 {
		pl, err := stacks.Plan(proj, opts.Answers)
		var missing *plan.MissingError
		switch {
		case errors.As(err, &missing) && opts.prompter != nil:
			answer, err := ask(opts.prompter, missing.Question, missing.Reason)
			if err != nil {
				return nil, err
			}
			if err := setAnswer(opts, missing.Question.Name, answer); err != nil {
				return nil, err
			}
			continue
		case err != nil, opts.prompter == nil, offered:
			return pl, err
		}
		offered = true
		changed := false
		for _, q := range stacks.Offer(pl) {
			if _, given := opts.Answers.Values[q.Name]; given {
				continue // a flag or .dockerize.yaml answered it
			}
			answer, err := ask(opts.prompter, q, "")
			if err != nil {
				return nil, err
			}
			if answer != q.Default {
				if err := setAnswer(opts, q.Name, answer); err != nil {
					return nil, err
				}
				changed = true
			}
		}
		if !changed {
			return pl, nil
		}
	}
	return nil, errors.New("the answers keep changing the plan; pass them as flags")
}

func ask(p prompt.Prompter, q plan.Question, reason string) (string, error) {
	message := q.Prompt
	if reason != "" {
		message = reason + ". " + message
	}
	if q.Kind == plan.KindSelect && len(q.Options) > 0 {
		return p.Select(message, q.Options, q.Default)
	}
	return p.Input(message, q.Default, q.Validate)
}

// setAnswer records an answer given at a prompt, checked like a flag, so
// it is saved like one.
func setAnswer(opts *InitOptions, name, value string) error {
	q, _ := stacks.Question(name)
	v, err := plan.ParseAnswer(q, value)
	if err != nil {
		return fmt.Errorf("--%s %s: %w", name, value, err)
	}
	opts.Answers.Values[name], opts.from[name] = v, config.FromPrompt
	return nil
}

// chooseOverwrites asks, for each existing file with other content, whether
// to keep it, overwrite it, or see the diff first; kept files are dropped.
func chooseOverwrites(io *iostreams.IOStreams, opts *InitOptions, files []write.File) ([]write.File, error) {
	_, err := write.Check(opts.Dir, files, false)
	var exists *write.ExistsError
	if !errors.As(err, &exists) {
		return files, err
	}
	conflict := map[string]bool{}
	for _, p := range exists.Paths {
		conflict[p] = true
	}
	var keep []write.File
	for _, f := range files {
		if !conflict[f.Path] {
			keep = append(keep, f)
			continue
		}
		for {
			choice, err := opts.prompter.Select(f.Path+" exists with other content:", []string{"keep it", "overwrite it", "show the diff first"}, "keep it")
			if err != nil {
				return nil, err
			}
			if choice == "show the diff first" {
				d, err := write.Diff(opts.Dir, f)
				if err != nil {
					return nil, err
				}
				fmt.Fprint(io.ErrOut, d)
				continue
			}
			if choice == "overwrite it" {
				keep = append(keep, f)
			} else {
				fmt.Fprintf(io.ErrOut, "kept %s\n", f.Path)
			}
			break
		}
	}
	return keep, nil
}

// saveAnswers writes the answers given at prompts, and the flags given on
// the command line, to .dockerize.yaml, so re-runs and teammates get the
// same files. Values that came from settings files are not copied back.
func saveAnswers(io *iostreams.IOStreams, opts *InitOptions) error {
	if opts.NoSave || (opts.prompter == nil && !opts.Save) {
		return nil
	}
	answers := map[string]string{}
	for name, from := range opts.from {
		if from == config.FromFlag || from == config.FromPrompt {
			answers[name] = opts.Answers.Values[name]
		}
	}
	if len(answers) == 0 {
		return nil
	}
	// Bounded, and never through a link: the file is rewritten in place.
	old, _, err := readOutput(opts.Dir, config.FileName)
	if err != nil {
		return err
	}
	data, err := config.Merge([]byte(old), answers)
	if err != nil {
		return err
	}
	if _, err := write.Write(opts.Dir, []write.File{{Path: config.FileName, Data: data, Mode: 0o644}}, true); err != nil {
		return err
	}
	var keys []string
	for k := range answers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintf(io.ErrOut, "saved %v to %s (--no-save to skip)\n", keys, config.FileName)
	return nil
}
