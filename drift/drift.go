// Package drift decides what dockerize check and dockerize upgrade do with
// one generated file. It compares the committed text with a fresh render
// (and, for upgrade, with the text dockerize generated last), says why they
// differ, and works out the upgraded text. It is pure: texts in, verdicts
// out; reading the project, rendering and writing belong to the commands.
package drift

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dockerize-dev/dockerize/internal/diff"
	"github.com/dockerize-dev/dockerize/internal/merge3"
	"github.com/dockerize-dev/dockerize/internal/stamp"
)

// Reason is one cause of a difference; several can hold at once.
type Reason string

// The reasons check reports.
const (
	// Missing: the file is not there; init or upgrade would create it.
	Missing Reason = "missing"
	// LocalEdit: the committed file is not what dockerize generated: its
	// stamp does not match its content, or it has no stamp.
	LocalEdit Reason = "local edit"
	// NewerDockerize: this dockerize release generates other text than the
	// release that made the file.
	NewerDockerize Reason = "newer dockerize"
	// ProjectChange: the same release now generates other text, so its
	// inputs moved: the project's files or .dockerize.yaml.
	ProjectChange Reason = "project change"
)

// File is one output as the commands find it.
type File struct {
	Path      string // relative to the project, e.g. Dockerfile
	Committed string // the text on disk
	Exists    bool   // whether the file is on disk at all
	// Fresh is the text this dockerize renders now, stamped.
	Fresh string
}

// Check is check's verdict on one file.
type Check struct {
	Path string
	// Identical: nothing to do. The file may still carry an older release's
	// stamp when that release generated the same text, or use CRLF.
	Identical bool
	Reasons   []Reason
	// Stamp is the committed file's stamp, when it has a readable one.
	Stamp stamp.Stamp
	// Notes explain what the reasons rest on, one sentence each.
	Notes []string
	// Diff is a unified diff from the committed text to the fresh one.
	Diff string
}

// CheckFile compares a committed file with what version (this dockerize)
// renders now.
func CheckFile(f File, version string) Check {
	c := Check{Path: f.Path}
	if !f.Exists {
		c.Reasons = []Reason{Missing}
		c.Diff = diff.Unified("", f.Fresh, "/dev/null", "b/"+f.Path, 3)
		return c
	}
	fresh := stamp.Content(f.Fresh)
	s, unedited, err := stamp.Verify(f.Committed)
	switch {
	case errors.Is(err, stamp.ErrNone):
		if sameText(f.Committed, fresh) {
			c.Identical = true
			c.Notes = append(c.Notes, "the file has no stamp but is what dockerize generates; dockerize upgrade adds the stamp")
			return c
		}
		c.Reasons = append(c.Reasons, LocalEdit)
		c.Notes = append(c.Notes, "the file has no dockerize stamp: written by hand, made before stamps, or the stamp line was removed")
	case err != nil:
		c.Reasons = append(c.Reasons, LocalEdit)
		c.Notes = append(c.Notes, err.Error())
	default:
		c.Stamp = s
		if !unedited {
			c.Reasons = append(c.Reasons, LocalEdit)
			c.Notes = append(c.Notes, fmt.Sprintf("the file was edited after dockerize %s generated it", s.Version))
		}
		if s.Digest != stamp.Sum(fresh) {
			if s.Version != version {
				c.Reasons = append(c.Reasons, NewerDockerize)
				c.Notes = append(c.Notes, fmt.Sprintf("dockerize %s generated it; dockerize %s generates other text (project changes, if any, are included)", s.Version, version))
			} else {
				c.Reasons = append(c.Reasons, ProjectChange)
				c.Notes = append(c.Notes, fmt.Sprintf("dockerize %s generated it from other inputs: the project's files or .dockerize.yaml changed since", version))
			}
		}
		if len(c.Reasons) == 0 {
			// Same generated text: only the stamp's release or the line
			// endings differ, which is no drift.
			c.Identical = true
			if s.Version != version {
				c.Notes = append(c.Notes, fmt.Sprintf("stamped by dockerize %s, which generated the same text as %s", s.Version, version))
			}
			return c
		}
	}
	c.Diff = diff.Unified(f.Committed, f.Fresh, "a/"+f.Path, "b/"+f.Path, 3)
	return c
}

// sameText compares two texts as stamps do: line endings aside.
func sameText(a, b string) bool {
	return strings.ReplaceAll(a, "\r\n", "\n") == strings.ReplaceAll(b, "\r\n", "\n")
}

// Action is what upgrade does to one file.
type Action string

// The actions of upgrade.
const (
	Keep    Action = "unchanged" // already what dockerize generates
	Create  Action = "created"   // not there: written as generated
	Replace Action = "replaced"  // unedited: the fresh text replaces it
	Merge   Action = "merged"    // edited: the user's edits carried onto the fresh text
	// Conflict: edited where dockerize changed too. Text holds markers;
	// write it only when forced, otherwise print Conflicts and change
	// nothing.
	Conflict Action = "conflict"
)

// Upgrade is upgrade's plan for one file.
type Upgrade struct {
	Path   string
	Action Action
	// Text is what to write (nothing to write for Keep).
	Text string
	// Base is what to save as the last generated text once Text is
	// written: always the fresh render.
	Base      string
	Conflicts []merge3.Conflict
	Labels    merge3.Labels
	Notes     []string
	// Diff is a unified diff from the committed text to Text.
	Diff string
}

// UpgradeFile works out the upgrade of f to version. base is the text
// dockerize generated last for this file (saved beside the answers), ""
// when none was saved.
//
// The merge leaves stamp lines out: the fresh stamp always differs, so
// merging it would turn any edit next to it into a conflict. The result
// gets the fresh stamp, so a merged file reads as edited, which it is.
func UpgradeFile(f File, base, version string) (u Upgrade) {
	u = Upgrade{Path: f.Path, Base: f.Fresh}
	defer func() {
		if u.Action != Keep {
			from := "a/" + f.Path
			if !f.Exists {
				from = "/dev/null"
			}
			u.Diff = diff.Unified(f.Committed, u.Text, from, "b/"+f.Path, 3)
		}
	}()
	if !f.Exists {
		u.Action, u.Text = Create, f.Fresh
		return u
	}
	if sameText(f.Committed, f.Fresh) {
		u.Action = Keep
		return u
	}
	s, unedited, err := stamp.Verify(f.Committed)
	if err == nil && unedited {
		u.Action, u.Text = Replace, keepEndings(f.Committed, f.Fresh)
		return u
	}

	if sameText(stamp.Strip(f.Committed), stamp.Strip(f.Fresh)) {
		// Only the stamp differs (removed, damaged or older): nothing to merge.
		u.Action, u.Text = Replace, keepEndings(f.Committed, f.Fresh)
		return u
	}

	// The file is edited (or unstamped): merge from the last generated text.
	oldVersion := s.Version
	ancestor, ok := usableBase(s, err, base)
	if ok {
		bs, _ := stamp.Parse(base)
		oldVersion = bs.Version
	} else {
		u.Notes = append(u.Notes, "no saved generated text matches this file, so every difference is a conflict; restore .dockerize/base.txtar from version control to merge line by line")
	}
	baseLabel := "generated by dockerize " + or(oldVersion, "an unknown version")
	if !ok {
		baseLabel += " (not saved)"
	}
	u.Labels = merge3.Labels{Ours: "yours", Base: baseLabel, Theirs: "dockerize " + version}
	r := merge3.Merge(stamp.Strip(ancestor), stamp.Strip(f.Committed), stamp.Strip(f.Fresh), u.Labels)
	u.Text, u.Conflicts = r.Text, r.Conflicts
	if fs, err := stamp.Parse(f.Fresh); err == nil {
		u.Text = stamp.Put(r.Text, fs)
		for i := range u.Conflicts {
			u.Conflicts[i].Line++ // the stamp goes above the first non-comment line, so above every marker
		}
	}
	// Conflicts name lines of the files as they are, stamp lines counted.
	for i := range u.Conflicts {
		c := &u.Conflicts[i]
		c.Ours.Start = unstripped(f.Committed, c.Ours.Start)
		c.Base.Start = unstripped(ancestor, c.Base.Start)
		c.Theirs.Start = unstripped(f.Fresh, c.Theirs.Start)
	}
	u.Text = keepEndings(f.Committed, u.Text)
	if r.Clean() && u.Text == f.Committed {
		// Nothing new from dockerize: the edits stay as they are.
		u.Action, u.Text = Keep, ""
		return u
	}
	u.Action = Merge
	if r.Clean() && sameText(u.Text, f.Fresh) {
		u.Action = Replace // the edits were the stamp's alone
	}
	if !r.Clean() {
		u.Action = Conflict
	}
	return u
}

// unstripped maps a 1-based line of stamp.Strip(text) to its line in text.
func unstripped(text string, line int) int {
	n := 0
	for i, l := range strings.SplitAfter(text, "\n") {
		if stamp.Strip(l) == "" && l != "" {
			continue
		}
		if n++; n == line {
			return i + 1
		}
	}
	return line + strings.Count(text, "\n") - strings.Count(stamp.Strip(text), "\n")
}

// usableBase decides whether the saved base is the text this file was
// generated from. A base that does not match would make the merge drop or
// double edits silently, so it is not used.
func usableBase(s stamp.Stamp, verr error, base string) (string, bool) {
	if base == "" {
		return "", false
	}
	bs, unedited, err := stamp.Verify(base)
	if err != nil || !unedited {
		return "", false // the saved copy itself was edited
	}
	if verr == nil && s.Digest != bs.Digest {
		return "", false // the file came from another generation
	}
	return base, true
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// keepEndings gives text the user's line endings when the user's file uses
// CRLF throughout, as a Windows checkout does.
func keepEndings(user, text string) string {
	if strings.Count(user, "\r\n") == strings.Count(user, "\n") && strings.Contains(user, "\r\n") {
		return strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\n", "\r\n")
	}
	return text
}
