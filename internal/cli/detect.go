package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/dockerize-dev/dockerize/internal/iostreams"
	"github.com/dockerize-dev/dockerize/stacks"
)

// DetectOptions are the flags of dockerize detect.
type DetectOptions struct {
	Dir    string
	Stack  string
	Output string
}

func newDetectCmd(io *iostreams.IOStreams) *cobra.Command {
	opts := &DetectOptions{}
	cmd := &cobra.Command{
		Use:   "detect [DIR]",
		Short: "Show what dockerize finds in a project, and the evidence",
		Example: `  dockerize detect
  dockerize detect ../api -o json | jq .stack`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Dir = "."
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			if opts.Output != "text" && opts.Output != "json" {
				return usageError{fmt.Errorf("-o %s is not an output format; use text or json", opts.Output)}
			}
			return runDetect(io, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Stack, "stack", "", "only look for this stack ("+strings.Join(stacks.Names(), ", ")+")")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "text", "output format: text or json")
	return cmd
}

func runDetect(io *iostreams.IOStreams, opts *DetectOptions) error {
	p, err := openProject(opts.Dir, opts.Stack)
	if err != nil {
		return err
	}
	if opts.Output == "json" {
		enc := json.NewEncoder(io.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(p)
	}
	tw := tabwriter.NewWriter(io.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FACT\tVALUE\tEVIDENCE")
	for _, f := range p.Facts {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", iostreams.Line(f.Name), iostreams.Line(f.Value), iostreams.Line(f.Evidence))
	}
	return tw.Flush()
}
