package ship

import (
	"fmt"
	"sort"
	"strings"
)

// ComposeFile is the name docker compose looks for first.
const ComposeFile = "compose.yaml"

// ComposeOptions are the choices compose.yaml leaves to the user.
type ComposeOptions struct {
	// Backing adds a container for each backing service a program is seen
	// to connect to through a variable it reads, and sets that variable.
	Backing bool
}

// Compose renders compose.yaml: every service with its build section, its
// port published on loopback (the host port can be moved with
// <NAME>_PORT), and the environment its image sets. Backing services are
// shown with their evidence and added only when asked for.
func Compose(services []Service, opt ComposeOptions) ([]byte, error) {
	if err := Validate(services); err != nil {
		return nil, err
	}
	root := mapping()
	svcs := mapping()
	used := map[int]bool{}
	var wanted []Backing
	for _, s := range services {
		if _, clash := backings[Backing(s.Name)]; clash && opt.Backing && wants(services, Backing(s.Name)) {
			return nil, fmt.Errorf("service %q has the name of the backing service it would add; rename it in .dockerize.yaml", s.Name)
		}
		def := mapping()
		build := mapping("context", str(s.Context), "dockerfile", str(s.Dockerfile))
		if s.Target != "" {
			set(build, "target", str(s.Target))
		}
		set(def, "build", build)
		if s.Port > 0 {
			host := s.Port
			for used[host] {
				host++
			}
			used[host] = true
			set(def, "ports", seq(str(fmt.Sprintf("127.0.0.1:${%s:-%d}:%d", portVar(s.Name), host, s.Port))))
		}
		env := mapping()
		for _, e := range s.Env {
			set(env, e.Name, str(escapeDollar(e.Value)))
		}
		var deps []Backing
		var notes []string
		for _, c := range s.Clients {
			b := backings[c.Kind]
			note := fmt.Sprintf("uses %s: %s", c.Kind, c.Evidence)
			value, shaped := b.connection(c.Kind, c.EnvVar)
			switch {
			case c.EnvVar == "":
				note += "; no connection variable seen, so none is set"
			case !shaped:
				note += fmt.Sprintf("; reads %s (%s), whose form is unclear, so it is left to you", c.EnvVar, c.EnvEvidence)
			case opt.Backing:
				note += fmt.Sprintf("; reads %s (%s)", c.EnvVar, c.EnvEvidence)
				set(env, c.EnvVar, str(value))
				deps = append(deps, c.Kind)
			default:
				note += fmt.Sprintf("; reads %s (%s); dockerize init --all --backing adds a %s service", c.EnvVar, c.EnvEvidence, c.Kind)
			}
			notes = append(notes, note)
		}
		if len(env.Content) > 0 {
			set(def, "environment", env)
		}
		if len(deps) > 0 {
			dm := mapping()
			for _, d := range uniq(deps) {
				cond := "service_started"
				if len(backings[d].health) > 0 {
					cond = "service_healthy"
				}
				set(dm, string(d), mapping("condition", str(cond)))
				wanted = append(wanted, d)
			}
			set(def, "depends_on", dm)
		}
		key := str(s.Name)
		key.HeadComment = strings.Join(notes, "\n")
		svcs.Content = append(svcs.Content, key, def)
	}
	for _, k := range uniq(wanted) {
		b := backings[k]
		def := mapping("image", str(b.image))
		if len(b.env) > 0 {
			env := mapping()
			for _, e := range b.env {
				set(env, e.Name, str(e.Value))
			}
			set(def, "environment", env)
		}
		if len(b.health) > 0 {
			set(def, "healthcheck", mapping("test", flow(strs(b.health...)), "interval", str("5s"), "retries", num(20)))
		}
		key := str(string(k))
		key.HeadComment = "backing service for the programs that read its connection variable"
		svcs.Content = append(svcs.Content, key, def)
	}
	set(root, "services", svcs)
	return encode("Runs every service: docker compose up --build\nHost ports are on 127.0.0.1; move one with <SERVICE>_PORT=9000 docker compose up.\nWritten by dockerize init --all.", root)
}

// wants reports whether some service would get the backing service k.
func wants(services []Service, k Backing) bool {
	for _, s := range services {
		for _, c := range s.Clients {
			if _, ok := backings[c.Kind].connection(c.Kind, c.EnvVar); ok && c.Kind == k && c.EnvVar != "" {
				return true
			}
		}
	}
	return false
}

// portVar names the host-port variable of a service: api -> API_PORT.
func portVar(name string) string {
	return strings.NewReplacer("-", "_").Replace(strings.ToUpper(name)) + "_PORT"
}

// escapeDollar keeps compose from interpolating a value the image sets.
func escapeDollar(s string) string { return strings.ReplaceAll(s, "$", "$$") }

func uniq(ks []Backing) []Backing {
	seen := map[Backing]bool{}
	var out []Backing
	for _, k := range ks {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
