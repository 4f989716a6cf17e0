package plan

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/dockerize-dev/dockerize/internal/dfvalue"
	"github.com/dockerize-dev/dockerize/registry"
)

// Team holds the settings a platform team standardises on, as
// .dockerize.yaml spells them: the plan applies them to every stack, after
// the stack's own choices; Templates and Lint are for init and lint.
type Team struct {
	// Mirror is a registry host and path every base image is pulled
	// through (see registry.Mirror for the rewrite), e.g.
	// "mirror.example.internal" turns golang:1.24 into
	// mirror.example.internal/library/golang:1.24.
	Mirror string `yaml:"registry-mirror"`
	// Images maps image-table keys to references that replace the table's;
	// {version} stands for the language version. They are used as written,
	// not mirrored: an override names exactly the image to use.
	Images map[string]string `yaml:"images"`
	// User is "UID" or "UID:GID" for the final stage.
	User string `yaml:"user"`
	// Labels are added to every image; a key the stack sets is replaced.
	Labels map[string]string `yaml:"labels"`
	// Templates is a directory of custom templates, relative to the file
	// that names it.
	Templates string `yaml:"templates"`
	// Syntax is the Dockerfile frontend image for a # syntax= line; empty
	// means no line, so builds need no frontend image from a registry.
	Syntax string   `yaml:"syntax"`
	Lint   TeamLint `yaml:"lint"`
}

// TeamLint configures dockerize lint.
type TeamLint struct {
	// Disable lists rule IDs that are not checked.
	Disable []string `yaml:"disable"`
	// FailOn is the lowest severity that fails: info, warning or error.
	FailOn string `yaml:"fail-on"`
}

// With lays over's settings over t's: a setting over gives wins, disabled
// lint rules add up, and image and label maps merge key by key.
func (t Team) With(over Team) Team {
	if over.Mirror != "" {
		t.Mirror = over.Mirror
	}
	if over.User != "" {
		t.User = over.User
	}
	if over.Templates != "" {
		t.Templates = over.Templates
	}
	if over.Syntax != "" {
		t.Syntax = over.Syntax
	}
	if over.Lint.FailOn != "" {
		t.Lint.FailOn = over.Lint.FailOn
	}
	t.Lint.Disable = append(append([]string(nil), t.Lint.Disable...), over.Lint.Disable...)
	t.Images = mergeMap(t.Images, over.Images)
	t.Labels = mergeMap(t.Labels, over.Labels)
	return t
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

var userRE = regexp.MustCompile(`^([0-9]+)(?::([0-9]+))?$`)

// ParseUser reads a user setting: a numeric UID or UID:GID, not root.
func ParseUser(s string) (uid, gid int, err error) {
	m := userRE.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, fmt.Errorf("user %q is not a numeric UID or UID:GID (e.g. 10001:10001)", s)
	}
	uid, _ = strconv.Atoi(m[1])
	gid = uid
	if m[2] != "" {
		gid, _ = strconv.Atoi(m[2])
	}
	if uid == 0 {
		return 0, 0, fmt.Errorf("user %q is root; pick a non-root UID such as 10001", s)
	}
	return uid, gid, nil
}

// Validate checks the team settings on their own, so a settings file fails
// when it is read, naming the setting.
func (t Team) Validate(table []Image) error {
	if t.Mirror != "" {
		if err := registry.ValidateMirror(t.Mirror); err != nil {
			return err
		}
	}
	for _, k := range sortedKeys(t.Images) {
		if _, err := LookupImage(table, k); err != nil {
			var keys []string
			for _, im := range table {
				keys = append(keys, im.Key)
			}
			return fmt.Errorf("images: %q is not a key of the base-image table; use one of %s (see dockerize images)", k, strings.Join(keys, ", "))
		}
		if _, err := registry.Parse(strings.ReplaceAll(t.Images[k], "{version}", "1")); err != nil {
			return fmt.Errorf("images: %s: %w", k, err)
		}
	}
	if t.User != "" {
		if _, _, err := ParseUser(t.User); err != nil {
			return err
		}
	}
	for _, k := range sortedKeys(t.Labels) {
		if k == "" || strings.ContainsAny(k, " \t\n=\"'") {
			return fmt.Errorf("labels: %q is not a label key; use a reverse-DNS name such as com.example.team", k)
		}
		if strings.ContainsAny(t.Labels[k], "\n") {
			return fmt.Errorf("labels: %s: the value spans lines; use one line", k)
		}
	}
	if t.Syntax != "" {
		if _, err := registry.Parse(t.Syntax); err != nil {
			return fmt.Errorf("syntax: %w", err)
		}
	}
	return nil
}

// imageRef names the base image for a table row and language version: the
// team's override when there is one, else the table's row pulled through
// the mirror.
func (pl *Plan) imageRef(a Answers, key, version string) (dfvalue.Image, error) {
	ref, source := "", "the base-image table"
	if o, ok := a.Team.Images[key]; ok {
		if version == "" {
			im, _ := pl.image(key)
			version = im.DefaultVersion
		}
		ref, source = strings.ReplaceAll(o, "{version}", version), "team setting images."+key
	} else {
		im, err := pl.image(key)
		if err != nil {
			return dfvalue.Image{}, err
		}
		if ref, err = registry.Mirror(im.Ref(version), a.Team.Mirror); err != nil {
			return dfvalue.Image{}, err
		}
	}
	img, err := dfvalue.NewImage(ref)
	if err != nil {
		return img, fmt.Errorf("the %s image from %s, version %s: %w; fix the setting or pass the version flag", key, source, dfvalue.Quote(version), err)
	}
	return img, nil
}

// applyTeam lays the team settings over a stack's plan.
func applyTeam(pl *Plan, t Team, table []Image) error {
	if err := t.Validate(table); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if t.Mirror != "" {
		pl.decide("mirror", t.Mirror, "team setting registry-mirror")
	}
	if t.User != "" {
		pl.UID, pl.GID, _ = ParseUser(t.User)
		pl.redecide("user", fmt.Sprintf("%d:%d", pl.UID, pl.GID), "team setting user")
	}
	for _, k := range sortedKeys(t.Labels) {
		pl.setLabel(k, t.Labels[k])
	}
	if t.Syntax != "" {
		s, err := registry.Mirror(t.Syntax, t.Mirror)
		if err != nil {
			return fmt.Errorf("%w: syntax: %w", ErrInvalid, err)
		}
		img, err := dfvalue.NewImage(s)
		if err != nil {
			return fmt.Errorf("%w: syntax: %w", ErrInvalid, err)
		}
		pl.Syntax = &img
	}
	return nil
}

// redecide replaces an earlier decision, keeping its place in the header.
func (pl *Plan) redecide(name, value, source string) {
	for i := range pl.Decisions {
		if pl.Decisions[i].Name == name {
			pl.Decisions[i].Value, pl.Decisions[i].Evidence = value, source
			return
		}
	}
	pl.decide(name, value, source)
}

// setLabel sets a label, checking key and value.
func (pl *Plan) setLabel(key, value string) {
	k, err := dfvalue.NewKey(key)
	pl.check(err, "label key", "use a reverse-DNS name such as com.example.team")
	v, err := dfvalue.NewQuoted(value)
	pl.check(err, "label "+key, "write the value on one line, without control characters")
	for i := range pl.Labels {
		if pl.Labels[i].Key == k {
			pl.Labels[i].Value = v
			return
		}
	}
	pl.Labels = append(pl.Labels, Label{k, v})
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
