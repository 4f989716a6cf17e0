package cli

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/dockerize-dev/dockerize/internal/iostreams"
	"github.com/dockerize-dev/dockerize/stacks"
)

func newImagesCmd(io *iostreams.IOStreams) *cobra.Command {
	return &cobra.Command{
		Use:   "images",
		Short: "List the base images dockerize builds on, and why",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			tw := tabwriter.NewWriter(io.Out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "KEY\tIMAGE\tDEFAULT VERSION\tWHY")
			for _, im := range stacks.Images() {
				fmt.Fprintf(tw, "%s\t%s:%s\t%s\t%s\n", im.Key, im.Repository, im.Tag, im.DefaultVersion, im.Why)
			}
			return tw.Flush()
		},
	}
}
