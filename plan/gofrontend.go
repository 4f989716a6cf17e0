package plan

import (
	"fmt"
	"strings"

	"github.com/dockerize-dev/dockerize/detect"
	"github.com/dockerize-dev/dockerize/internal/dfvalue"
)

// GoFrontend is the Node.js stage of a Go build that makes the web UI the
// program embeds: it installs and builds Dir, and the Go build takes Out.
type GoFrontend struct {
	Image dfvalue.Image
	// Dir is the Node.js project and Out what its build writes, from the
	// project root; the stage works in /src/Dir.
	Dir, Out dfvalue.Path
	// Manifests are copied into the stage's working directory before the
	// install.
	Manifests   []Copy
	CacheTarget dfvalue.Word
	Install     dfvalue.Shell
	Build       dfvalue.Shell
	NpmrcSecret bool
}

// goFrontend plans the web UI stage with the Node.js stack's own choices
// (version, package manager, frozen install), said as "web UI" decisions
// with their evidence under the UI's directory.
func goFrontend(pl *Plan, a Answers, fe *detect.GoFrontend) (*GoFrontend, error) {
	n := fe.Node
	np := &NodePlan{}
	first := len(pl.Decisions)
	if err := nodeVersion(pl, np, n, a); err != nil {
		return nil, fmt.Errorf("%s, the web UI the program embeds: %w", fe.Dir, err)
	}
	if err := nodePackageManager(pl, np, n, a); err != nil {
		return nil, fmt.Errorf("%s, the web UI the program embeds: %w", fe.Dir, err)
	}
	for i := first; i < len(pl.Decisions); i++ {
		d := &pl.Decisions[i]
		d.Name = "web UI " + d.Name
		d.Evidence = underDir(fe.Dir, d.Evidence)
	}
	pl.decide("web UI", fe.Dir+" built into "+fe.Out, fe.Evidence)

	f := &GoFrontend{CacheTarget: np.CacheTarget, NpmrcSecret: np.NpmrcSecret}
	var err error
	if f.Image, err = pl.imageRef(a, "node.build", np.Version); err != nil {
		return nil, err
	}
	what, fix := "the web UI directory "+dfvalue.Quote(fe.Dir), "rename it to letters, digits and ._@+-"
	f.Dir = pl.path(fe.Dir, what, fix)
	f.Out = pl.path(fe.Out, "the web UI's build output "+dfvalue.Quote(fe.Out), fix)
	for _, c := range np.Manifests {
		var srcs dfvalue.Paths
		for _, s := range c.Sources {
			srcs = append(srcs, f.Dir.Join(s))
		}
		f.Manifests = append(f.Manifests, Copy{Sources: srcs, Dest: c.Dest})
	}
	install := np.Install
	if np.LockStage != nil {
		install = np.LockStage.And(install)
	}
	if np.Corepack != nil {
		pm := np.PackageManager.String()
		cp := pl.command("corepack", "npm", "install", "--global", "corepack@"+np.Corepack.String()).
			And(pl.command("corepack", "corepack", "enable", pm)).
			And(pl.command("corepack", "corepack", "install", "--global", np.PackageManagerSpec.String()))
		if pm == "yarn" {
			cp = pl.command("corepack", "rm", "-f", "/usr/local/bin/yarn", "/usr/local/bin/yarnpkg").And(cp)
		}
		install = cp.And(install)
	}
	f.Install = install
	f.Build = runScript(pl, np.PackageManager.String(), "build", mustPath("."))
	return f, nil
}

// underDir puts evidence that starts with a file of the UI's project
// (package.json:42, yarn.lock, .nvmrc) under its directory.
func underDir(dir, evidence string) string {
	end := strings.IndexAny(evidence, ": ;(")
	if end < 0 {
		end = len(evidence)
	}
	if first := evidence[:end]; strings.Contains(first, ".") && !strings.HasPrefix(first, "--") {
		return dir + "/" + evidence
	}
	return evidence
}
