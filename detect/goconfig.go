package detect

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
)

// configExts are the configuration formats a Go program's port is read from.
var configExts = map[string]bool{".yaml": true, ".yml": true, ".ini": true, ".toml": true, ".conf": true}

var (
	cfgSectionRE = regexp.MustCompile(`^\s*\[([A-Za-z0-9_.-]+)\]\s*$`)
	cfgYAMLRE    = regexp.MustCompile(`^(\s*)([A-Za-z0-9_.-]+)\s*:\s*(.*)$`)
	cfgINIRE     = regexp.MustCompile(`^\s*([A-Za-z0-9_.-]+)\s*=\s*(.*)$`)
)

// portKeys are the key names configurations give a listen port or address.
var portKeys = map[string]bool{"port": true, "httpport": true, "http_port": true, "addr": true, "address": true, "listen": true, "listen_addr": true, "bind": true}

// configPort reads the listen port from the configuration files a program
// opens at run time (kratos' server.http.addr, an ini [server] HttpPort):
// the first port or address key in a server or http section, never one of
// a database, gRPC or admin section.
func configPort(fsys fs.FS, files []RuntimeFile) (int, string) {
	for _, rf := range files {
		for _, name := range configFiles(fsys, rf.Path) {
			data, err := fs.ReadFile(fsys, name)
			if err != nil || len(data) > maxSourceSize {
				continue
			}
			if port, at, key, v := portInConfig(data); port != 0 {
				return port, fmt.Sprintf("%s:%d: %s %s (read at start: %s)", name, at, key, v, rf.Evidence)
			}
		}
	}
	return 0, ""
}

// configFiles lists the configuration files at p: p itself, or the files
// of directory p (not below), in name order.
func configFiles(fsys fs.FS, p string) []string {
	st, err := fs.Stat(fsys, p)
	if err != nil {
		return nil
	}
	if !st.IsDir() {
		if configExts[path.Ext(p)] {
			return []string{p}
		}
		return nil
	}
	entries, err := fs.ReadDir(fsys, p)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && configExts[path.Ext(e.Name())] {
			out = append(out, path.Join(p, e.Name()))
		}
	}
	sort.Strings(out)
	return out
}

type cfgLevel struct {
	indent int
	key    string
}

func portInConfig(data []byte) (port, line int, key, value string) {
	var stack []cfgLevel
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		text := sc.Text()
		if t := strings.TrimSpace(text); t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, ";") {
			continue
		}
		var k, v string
		if m := cfgSectionRE.FindStringSubmatch(text); m != nil {
			section, stack = m[1], nil
			continue
		} else if m := cfgYAMLRE.FindStringSubmatch(text); m != nil {
			indent := len(m[1])
			for len(stack) > 0 && stack[len(stack)-1].indent >= indent {
				stack = stack[:len(stack)-1]
			}
			if strings.TrimSpace(m[3]) == "" {
				stack = append(stack, cfgLevel{indent, m[2]})
				continue
			}
			k, v = m[2], m[3]
		} else if m := cfgINIRE.FindStringSubmatch(text); m != nil {
			k, v = m[1], m[2]
		} else {
			continue
		}
		var parts []string
		if section != "" {
			parts = append(parts, section)
		}
		for _, l := range stack {
			parts = append(parts, l.key)
		}
		where := strings.ToLower(strings.Join(parts, "."))
		if !portKeys[strings.ToLower(k)] || !serverSection(where) {
			continue
		}
		v = strings.TrimSpace(v)
		if i := strings.IndexAny(v, "#;"); i > 0 && (v[i-1] == ' ' || v[i-1] == '\t') {
			v = strings.TrimSpace(v[:i])
		}
		v = strings.Trim(v, `"'`)
		if p, ok := addrPort(v); ok {
			return p, n, strings.Join(append(parts, k), "."), v
		}
	}
	return 0, 0, "", ""
}

// serverSection reports a configuration section that configures the
// program's own HTTP listener.
func serverSection(where string) bool {
	for _, other := range []string{"grpc", "db", "database", "redis", "mysql", "postgres", "mongo", "admin", "metrics", "smtp", "mail", "cache", "kafka", "nats", "client", "upstream"} {
		if strings.Contains(where, other) {
			return false
		}
	}
	return where == "" || strings.Contains(where, "server") || strings.Contains(where, "http") || strings.Contains(where, "app") || strings.Contains(where, "web")
}
