//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// pythonSuites maps each Python version a stand-in can be made for to the
// Debian release whose own CPython it is. No other CPython build is
// reachable from these machines: Debian 12 has 3.11, Debian 13 has 3.13.
func pythonSuites() map[string]string {
	return map[string]string{
		"3.11": "bookworm",
		"3.13": "trixie",
	}
}

// pythonRecipe makes python:<version>-slim-<suite> and python:<version>-<suite>
// from Debian's own CPython of that release, laid out as the official images
// lay it out: python, python3, pip and pip3 in /usr/local/bin, so a
// virtualenv made in a build stage (python -m venv /opt/venv) points at
// /usr/local/bin/python3, which the runtime stage has too; pip installs
// into /usr/local (Debian's "externally managed" marker is removed, since
// the official images have none); root only, no other user. The full tag
// adds what buildpack-deps carries for native packages: compilers, Python's
// headers and the common -dev libraries (libpq, mysqlclient, libjpeg, zlib,
// libffi, openssl, libxml2).
//
// The environment absorbs this network's TLS-re-signing proxy, which
// official images never meet and generated Dockerfiles must not handle:
// pip (PIP_CERT), uv (SSL_CERT_FILE), Poetry and Pipenv (REQUESTS_CA_BUNDLE)
// trust the host's CA bundle.
func pythonRecipe(ctx context.Context, s *standins, ref string) error {
	_, tag := repository(ref)
	version, rest, ok := strings.Cut(tag, "-")
	suite, known := pythonSuites()[version]
	slim := rest == "slim-"+suite
	if !ok || !known || (rest != suite && !slim) {
		return fmt.Errorf("only 3.11-bookworm, 3.11-slim-bookworm, 3.13-trixie and 3.13-slim-trixie are made here (Debian's own CPython), not %s", tag)
	}
	base := "debian:" + suite + "-slim"
	if suite != "bookworm" {
		base = "dockerize-standin/debian:" + suite + "-slim"
		if err := debootstrapImage(ctx, s, suite, base); err != nil {
			return err
		}
	} else if err := s.dependency(ctx, base); err != nil {
		return err
	}
	packages := "python3 python3-venv python3-pip"
	if !slim {
		packages += " python3-dev build-essential pkg-config git curl libpq-dev default-libmysqlclient-dev" +
			" libjpeg-dev zlib1g-dev libffi-dev libssl-dev libxml2-dev libxslt1-dev"
	}
	// Debian's ca-certificates package rewrites the bundle without the local
	// CA, so the host's bundle is copied back after the install.
	bundle, _, err := hostCAs()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "standin-python")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(filepath.Join(dir, "ca-certificates.crt"), bundle, 0o644); err != nil {
		return err
	}
	return buildImage(ctx, ref, fmt.Sprintf(`FROM %s
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates %s \
    && rm -rf /var/lib/apt/lists/* \
    && rm -f /usr/lib/python%s/EXTERNALLY-MANAGED \
    && ln -s /usr/bin/python3 /usr/local/bin/python3 \
    && ln -s /usr/bin/python3 /usr/local/bin/python \
    && ln -s /usr/bin/pip3 /usr/local/bin/pip3 \
    && ln -s /usr/bin/pip3 /usr/local/bin/pip
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 PYTHON_VERSION=%s \
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt PIP_DISABLE_PIP_VERSION_CHECK=1
CMD ["python3"]
`, base, packages, version, version), dir)
}
