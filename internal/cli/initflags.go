package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/dockerize-dev/dockerize/plan"
	"github.com/dockerize-dev/dockerize/stacks"
)

// addQuestionFlags adds one flag per question (stacks.Questions). The
// values are read back by name once the command line is parsed.
func addQuestionFlags(f *pflag.FlagSet) {
	for _, q := range stacks.Questions() {
		help := q.Help
		if owners := stacks.Owners(q.Name); len(owners) > 0 {
			var parts []string
			for _, s := range owners {
				parts = append(parts, s.Title+": "+plan.Lookup(s.Plan.Questions, q.Name).Help)
			}
			help = strings.Join(parts, "; ")
		}
		switch q.Type {
		case plan.TypeInt:
			f.Int(q.Name, 0, help)
		case plan.TypeBool:
			f.Bool(q.Name, false, help)
		default:
			f.String(q.Name, "", help)
		}
	}
}

// flagGroup is one titled section of init's help.
type flagGroup struct {
	title string
	flags *pflag.FlagSet
}

// initFlagGroups sorts init's flags for its help: the flags every stack
// takes, each stack's own with the help that stack gives them, then the
// flags that say how to write.
func initFlagGroups(all *pflag.FlagSet) []flagGroup {
	group := func(title string, qs []plan.Question) flagGroup {
		fs := pflag.NewFlagSet(title, pflag.ContinueOnError)
		fs.SortFlags = false
		for _, q := range qs {
			if f := all.Lookup(q.Name); f != nil {
				c := *f
				c.Usage = q.Help
				fs.AddFlag(&c)
			}
		}
		return flagGroup{title, fs}
	}
	groups := []flagGroup{group("Flags for every stack", stacks.Common())}
	for _, s := range stacks.All() {
		groups = append(groups, group(s.Title+" flags", s.Plan.Questions))
	}
	output := pflag.NewFlagSet("output", pflag.ContinueOnError)
	output.SortFlags = false
	all.VisitAll(func(f *pflag.Flag) {
		if _, ok := stacks.Question(f.Name); !ok {
			output.AddFlag(f)
		}
	})
	return append(groups, flagGroup{"Output and settings flags", output})
}

// initUsage prints init's usage with its flags grouped by stack.
func initUsage(c *cobra.Command) error {
	w := c.OutOrStderr()
	fmt.Fprintf(w, "Usage:\n  %s\n", c.UseLine())
	if c.HasExample() {
		fmt.Fprintf(w, "\nExamples:\n%s\n", c.Example)
	}
	for _, g := range initFlagGroups(c.LocalFlags()) {
		if g.flags.HasFlags() {
			fmt.Fprintf(w, "\n%s:\n%s", g.title, g.flags.FlagUsages())
		}
	}
	if c.HasAvailableInheritedFlags() {
		fmt.Fprintf(w, "\nGlobal Flags:\n%s", c.InheritedFlags().FlagUsages())
	}
	return nil
}
