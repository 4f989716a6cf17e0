#!/usr/bin/env bash
# Installs the container tools the whole-repository tests drive, each built
# from its Go module at a pinned version (no code host, no image registry):
#   docker-buildx   github.com/docker/buildx/cmd/buildx, a Docker CLI plugin
#   docker-compose  github.com/docker/compose/v2/cmd, a Docker CLI plugin
#   buildkitd       github.com/moby/buildkit/cmd/buildkitd, a standalone builder
#
#   tools.sh          install what is missing or at another version (idempotent)
#   tools.sh check    exit 1 naming what is missing, install nothing
#   tools.sh bin      print the directory holding buildkitd
#
# Binaries live under $DOCKERIZE_TOOLS (default ~/.cache/dockerize/tools);
# the plugins are linked into $DOCKER_CONFIG/cli-plugins (default
# ~/.docker/cli-plugins), where every Docker client looks for them. A tool is
# rebuilt only when its binary does not record the pinned module version.
# Cold, these builds take minutes on two cores (test/e2e/README.md has the
# figures); warm, this script takes well under a second.
set -euo pipefail

BUILDX_VERSION=v0.38.2
COMPOSE_VERSION=v2.40.3
BUILDKIT_VERSION=v0.34.1

TOOLS=${DOCKERIZE_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/dockerize/tools}
PLUGINS=${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins
BIN=$TOOLS/bin

# built BINARY MODULE VERSION: the binary exists and was built from MODULE at
# VERSION with that version stamped in (go version -m reads both back).
built() {
	local info
	info=$(go version -m "$1" 2>/dev/null) || return 1
	awk -v m="$2" -v v="$3" '($1 == "mod" || $1 == "dep") && $2 == m && $3 == v { ok = 1 } END { exit !ok }' <<<"$info" &&
		grep -q -- "-X .*=$3" <<<"$info"
}

# wrapper DIR MODULE PACKAGE VERSION: a throwaway module that requires
# MODULE, so `go build PACKAGE` inside it resolves what MODULE asks for.
# Needed where `go install PACKAGE@VERSION` refuses a go.mod with exclude or
# replace directives.
wrapper() {
	local dir=$1 module=$2 pkg=$3 version=$4
	if [ -f "$dir/go.mod" ] && grep -q "$module $version" "$dir/go.mod"; then
		return
	fi
	rm -rf "$dir"
	mkdir -p "$dir"
	(cd "$dir" && go mod init dockerize.test/tools 2>/dev/null && go get "$pkg@$version")
}

install_buildx() {
	local out=$BIN/docker-buildx
	if ! built "$out" github.com/docker/buildx "$BUILDX_VERSION"; then
		echo "tools: building buildx $BUILDX_VERSION (minutes when cold)" >&2
		GOBIN=$BIN go install -ldflags "-X github.com/docker/buildx/version.Version=$BUILDX_VERSION -X github.com/docker/buildx/version.Package=github.com/docker/buildx" \
			"github.com/docker/buildx/cmd/buildx@$BUILDX_VERSION"
		mv -f "$BIN/buildx" "$out"
		took buildx
	fi
	plugin "$out" docker-buildx
}

install_compose() {
	local out=$BIN/docker-compose dir=$TOOLS/src/compose
	if ! built "$out" github.com/docker/compose/v2 "$COMPOSE_VERSION"; then
		echo "tools: building compose $COMPOSE_VERSION (minutes when cold)" >&2
		wrapper "$dir" github.com/docker/compose/v2 github.com/docker/compose/v2/cmd "$COMPOSE_VERSION"
		(cd "$dir" && go build -o "$out" -ldflags "-X github.com/docker/compose/v2/internal.Version=$COMPOSE_VERSION" github.com/docker/compose/v2/cmd)
		took compose
	fi
	plugin "$out" docker-compose
}

install_buildkitd() {
	local out=$BIN/buildkitd dir=$TOOLS/src/buildkit
	if ! built "$out" github.com/moby/buildkit "$BUILDKIT_VERSION"; then
		echo "tools: building buildkitd $BUILDKIT_VERSION (minutes when cold)" >&2
		wrapper "$dir" github.com/moby/buildkit github.com/moby/buildkit/cmd/buildkitd "$BUILDKIT_VERSION"
		(cd "$dir" && go build -o "$out" -ldflags "-X github.com/moby/buildkit/version.Version=$BUILDKIT_VERSION" github.com/moby/buildkit/cmd/buildkitd)
		took buildkitd
	fi
}

# took NAME: report how long a build took (SECONDS restarts per tool).
took() {
	echo "tools: $1 built in ${SECONDS}s" >&2
	SECONDS=0
}

# plugin BINARY NAME: link the binary where Docker clients find CLI plugins.
plugin() {
	mkdir -p "$PLUGINS"
	if [ "$(readlink "$PLUGINS/$2" 2>/dev/null)" != "$1" ]; then
		ln -sfn "$1" "$PLUGINS/$2"
	fi
}

check() {
	local missing=()
	built "$BIN/docker-buildx" github.com/docker/buildx "$BUILDX_VERSION" && [ -e "$PLUGINS/docker-buildx" ] || missing+=("buildx $BUILDX_VERSION")
	built "$BIN/docker-compose" github.com/docker/compose/v2 "$COMPOSE_VERSION" && [ -e "$PLUGINS/docker-compose" ] || missing+=("compose $COMPOSE_VERSION")
	built "$BIN/buildkitd" github.com/moby/buildkit "$BUILDKIT_VERSION" || missing+=("buildkitd $BUILDKIT_VERSION")
	if [ ${#missing[@]} -gt 0 ]; then
		echo "tools: missing: ${missing[*]}; run test/e2e/tools.sh to install them" >&2
		return 1
	fi
}

case "${1:-install}" in
install)
	mkdir -p "$BIN"
	SECONDS=0
	install_buildx
	install_compose
	install_buildkitd
	check
	;;
check) check ;;
bin) echo "$BIN" ;;
*)
	echo "usage: $0 [install|check|bin]" >&2
	exit 2
	;;
esac
