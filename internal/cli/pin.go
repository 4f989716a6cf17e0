package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/dockerize-dev/dockerize/drift"
	"github.com/dockerize-dev/dockerize/internal/iostreams"
	"github.com/dockerize-dev/dockerize/internal/safefs"
	"github.com/dockerize-dev/dockerize/internal/stamp"
	"github.com/dockerize-dev/dockerize/internal/write"
	"github.com/dockerize-dev/dockerize/lint"
	"github.com/dockerize-dev/dockerize/registry"
)

// PinOptions are the flags of dockerize pin.
type PinOptions struct {
	File   string
	Check  bool
	Config string
	Mirror string
}

// errUnpinned is returned by pin --check when a FROM needs pinning.
var errUnpinned = errors.New("base images are unpinned or stale; run dockerize pin")

// resolveTimeout bounds all registry calls of one run.
const resolveTimeout = 2 * time.Minute

func newPinCmd(io *iostreams.IOStreams) *cobra.Command {
	opts := &PinOptions{}
	cmd := &cobra.Command{
		Use:   "pin [FILE]",
		Short: "Pin every FROM to tag@sha256:digest, or refresh the digests (default: ./Dockerfile)",
		Long: `pin resolves the tag of every base image (and of a # syntax= frontend) to the
digest it points to now, and writes FROM image:tag@sha256:... in place. The tag
stays, so people and Renovate or Dependabot can read and update it. Run it again
to refresh digests that moved. For multi-platform images the digest is the
index's, so cross-platform builds keep working.

Digests come from the image's registry, or from registry-mirror when the
.dockerize.yaml beside the Dockerfile (or --config) sets one, with your Docker
credentials (docker login). If a registry cannot be reached the file is left
untouched.`,
		Example: `  dockerize pin
  dockerize pin services/api/Dockerfile
  dockerize pin --check    # in CI: exit 1 when a FROM is unpinned or stale`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = "Dockerfile"
			if len(args) == 1 {
				opts.File = args[0]
			}
			if !cmd.Flags().Changed("registry-mirror") {
				s, err := loadSettings(opts.Config, filepath.Dir(opts.File), nil)
				if err != nil {
					return err
				}
				opts.Mirror = s.Team.Mirror
			}
			return runPin(io, opts)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.Check, "check", false, "change nothing; exit 1 when a FROM is unpinned or its digest is stale")
	f.StringVar(&opts.Config, "config", "", "a shared team settings file, read before .dockerize.yaml")
	f.StringVar(&opts.Mirror, "registry-mirror", "", "resolve digests through this mirror (default: registry-mirror from the settings)")
	return cmd
}

func runPin(io *iostreams.IOStreams, opts *PinOptions) error {
	data, err := safefs.ReadFile(opts.File, lint.MaxSize)
	if err != nil {
		return usageError{fmt.Errorf("reading %s: %w; pass the path of a Dockerfile", opts.File, err)}
	}
	if opts.Mirror != "" {
		if err := registry.ValidateMirror(opts.Mirror); err != nil {
			return usageError{err}
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), resolveTimeout)
	defer cancel()
	out, changes, err := registry.Pin(ctx, data, registry.Resolver{Mirror: opts.Mirror}.Digest)
	if err != nil {
		return fmt.Errorf("%s: %w; the file was not changed", opts.File, err)
	}
	stale := 0
	for _, c := range changes {
		switch {
		case c.Status == registry.Current || c.Status == registry.Skipped:
			fmt.Fprintf(io.ErrOut, "%s:%d: %s %s\n", opts.File, c.Line, c.Status, c.Old)
		case opts.Check && c.Status == registry.Pinned:
			stale++
			fmt.Fprintf(io.ErrOut, "%s:%d: unpinned %s (would pin to %s)\n", opts.File, c.Line, c.Old, c.New)
		case opts.Check:
			stale++
			fmt.Fprintf(io.ErrOut, "%s:%d: stale %s (the tag now points to %s)\n", opts.File, c.Line, c.Old, c.New)
		default:
			fmt.Fprintf(io.ErrOut, "%s:%d: %s %s\n", opts.File, c.Line, c.Status, c.New)
		}
	}
	if opts.Check {
		if stale > 0 {
			return errUnpinned
		}
		return nil
	}
	dir, name := filepath.Split(opts.File)
	if dir == "" {
		dir = "."
	}
	files := []write.File{{Path: name, Data: out, Mode: 0o644}}
	// An unedited generated file stays unedited: its stamp (and the saved
	// generated text) move to the pinned text. An edited one keeps its
	// stamp, so it still reads as edited.
	if s, unedited, err := stamp.Verify(string(data)); err == nil && unedited {
		restamped := stamp.Put(string(out), stamp.Stamp{Version: s.Version, Digest: stamp.Sum(stamp.Content(string(out)))})
		files[0].Data = []byte(restamped)
		if base, ok, err := readBase(dir); err == nil && ok {
			if bs, err := stamp.Parse(base[name]); err == nil && bs.Digest == s.Digest {
				base[name] = restamped
				if saved, err := drift.EncodeBase(base); err == nil {
					files = append(files, write.File{Path: drift.BasePath, Data: saved, Mode: 0o644, Own: true})
				}
			}
		}
	}
	_, err = write.Write(dir, files, true)
	return err
}

// pinGenerated pins a freshly rendered Dockerfile for init --pin.
func pinGenerated(io *iostreams.IOStreams, data []byte, mirror string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), resolveTimeout)
	defer cancel()
	out, changes, err := registry.Pin(ctx, data, registry.Resolver{Mirror: mirror}.Digest)
	if err != nil {
		return nil, fmt.Errorf("--pin: %w; nothing was written", err)
	}
	for _, c := range changes {
		fmt.Fprintf(io.ErrOut, "  %-13s %s\n", "pinned:", c.New)
	}
	return out, nil
}
