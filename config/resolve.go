package config

import (
	"path/filepath"

	"github.com/dockerize-dev/dockerize/plan"
)

// Source says where an answer came from.
type Source string

// The places an answer comes from, strongest first.
const (
	FromFlag    Source = "flag"
	FromPrompt  Source = "prompt"
	FromProject Source = "project file"
	FromTeam    Source = "team file"
)

// Settings are the answers and team settings in force for one run.
type Settings struct {
	// Answers are by question name, as given; From says where each came
	// from.
	Answers map[string]string
	From    map[string]Source
	Team    plan.Team
}

// Resolve lays the settings over each other: flags win over the project's
// .dockerize.yaml, which wins over the team's shared file (--config).
// Detection and defaults then fill in what none of them says (plan.New).
// project and team may be nil. A templates directory is made relative to
// the file that names it, so a shared file works from every repository.
func Resolve(flags map[string]string, project, team *File) Settings {
	s := Settings{Answers: map[string]string{}, From: map[string]Source{}}
	for _, l := range []struct {
		file *File
		from Source
	}{{team, FromTeam}, {project, FromProject}} {
		if l.file == nil {
			continue
		}
		for k, v := range l.file.Answers {
			s.Answers[k], s.From[k] = v, l.from
		}
		t := l.file.Team
		if t.Templates != "" && !filepath.IsAbs(t.Templates) {
			t.Templates = filepath.Join(filepath.Dir(l.file.Path), t.Templates)
		}
		s.Team = s.Team.With(t)
	}
	for k, v := range flags {
		s.Answers[k], s.From[k] = v, FromFlag
	}
	return s
}
