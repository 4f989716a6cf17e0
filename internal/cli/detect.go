package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	iolib "io"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/dockerize-dev/dockerize/detect"
	"github.com/dockerize-dev/dockerize/internal/iostreams"
	"github.com/dockerize-dev/dockerize/internal/safefs"
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
	if err != nil && !errors.Is(err, detect.ErrNoStack) {
		return err
	}
	root := p
	if opts.Stack != "" {
		root = nil // found with one stack only: discovery looks with all
	}
	svcs, derr := discover(opts.Dir, detect.Stack(opts.Stack), root)
	if derr != nil {
		return derr
	}
	if p == nil && len(svcs) == 0 {
		return err
	}
	if opts.Output == "json" {
		return detectJSON(io, p, svcs)
	}
	if p != nil {
		tw := tabwriter.NewWriter(io.Out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "FACT\tVALUE\tEVIDENCE")
		for _, f := range p.Facts {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", iostreams.Line(f.Name), iostreams.Line(shortList(f.Value)), iostreams.Line(f.Evidence))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(io.Out)
	}
	return printServices(io.Out, svcs)
}

// discover lists the repository's services, only those of stack when one
// is given; root, when not nil, is the root project already detected.
func discover(dir string, stack detect.Stack, root *detect.Project) ([]detect.Service, error) {
	fsys, err := safefs.New(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot open directory %s: %w", dir, err)
	}
	defer fsys.Close()
	all, err := stacks.DiscoverFrom(fsys, root)
	if err != nil {
		abs, _ := filepath.Abs(dir)
		return nil, fmt.Errorf("%s: %w", abs, err)
	}
	if stack == "" {
		return all, nil
	}
	var some []detect.Service
	for _, s := range all {
		if s.Stack == stack {
			some = append(some, s)
		}
	}
	return some, nil
}

// detectJSON writes the root project's findings (when there is one) with
// a services array.
func detectJSON(io *iostreams.IOStreams, p *detect.Project, svcs []detect.Service) error {
	if svcs == nil {
		svcs = []detect.Service{}
	}
	list, err := json.Marshal(svcs)
	if err != nil {
		return err
	}
	head := []byte("{}")
	if p != nil {
		if head, err = json.Marshal(p); err != nil {
			return err
		}
	}
	var doc bytes.Buffer
	doc.Write(head[:len(head)-1])
	if len(head) > 2 {
		doc.WriteByte(',')
	}
	doc.WriteString(`"services":`)
	doc.Write(list)
	doc.WriteByte('}')
	var out bytes.Buffer
	if err := json.Indent(&out, doc.Bytes(), "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	_, err = io.Out.Write(out.Bytes())
	return err
}

// printServices writes one row per service in fixed columns, and the
// evidence on indented lines of its own so no long value widens the table.
func printServices(w iolib.Writer, svcs []detect.Service) error {
	if len(svcs) == 0 {
		_, err := fmt.Fprintln(w, "No deployable service found: no main package, server, built site or runnable module.")
		return err
	}
	head := []string{"NAME", "PATH", "STACK", "PORT", "RUNS"}
	rows := [][]string{head}
	for _, s := range svcs {
		port := "-"
		if s.Port != 0 {
			port = strconv.Itoa(s.Port)
		}
		rows = append(rows, []string{iostreams.Line(s.Name), iostreams.Line(s.Path), string(s.Stack), port, iostreams.Line(s.Runs)})
	}
	width := make([]int, len(head))
	for _, r := range rows {
		for i, c := range r[:len(r)-1] {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	line := func(r []string) string {
		var b strings.Builder
		for i, c := range r[:len(r)-1] {
			b.WriteString(c)
			b.WriteString(strings.Repeat(" ", width[i]-utf8.RuneCountInString(c)+2))
		}
		b.WriteString(r[len(r)-1])
		return b.String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d service%s\n", len(svcs), map[bool]string{true: "", false: "s"}[len(svcs) == 1])
	b.WriteString(line(head) + "\n")
	for i, s := range svcs {
		b.WriteString(line(rows[i+1]) + "\n")
		fmt.Fprintf(&b, "    found: %s\n", iostreams.Line(s.Evidence))
		if s.PortEvidence != "" {
			fmt.Fprintf(&b, "    port:  %s\n", iostreams.Line(s.PortEvidence))
		}
		for _, c := range s.Clients {
			if c.EnvVar != "" {
				fmt.Fprintf(&b, "    uses:  %s (%s), reads %s (%s)\n", c.Kind, iostreams.Line(c.Evidence), c.EnvVar, iostreams.Line(c.EnvEvidence))
			} else {
				fmt.Fprintf(&b, "    uses:  %s (%s), no connection variable seen\n", c.Kind, iostreams.Line(c.Evidence))
			}
		}
	}
	_, err := iolib.WriteString(w, b.String())
	return err
}

// maxCell is the widest a list value may be in detect's table: a
// workspace of 70 apps listed in full would widen every row.
const maxCell = 72

// shortList shortens a comma-separated value wider than maxCell to the
// items that fit and a count of the rest; detect -o json lists them all.
func shortList(v string) string {
	if len(v) <= maxCell {
		return v
	}
	items := strings.Split(v, ", ")
	if len(items) < 2 {
		return v
	}
	n := 0
	for width := 0; n < len(items) && width+len(items[n]) <= maxCell-40; n++ {
		width += len(items[n]) + 2
	}
	n = max(n, 1)
	return fmt.Sprintf("%s and %d more (detect -o json lists all)", strings.Join(items[:n], ", "), len(items)-n)
}
