#!/usr/bin/env bash
# Starts or stops the Docker engine the real-build tests use.
#   engine.sh start   install Debian's docker.io (and debootstrap) when missing,
#                     start dockerd unless an engine already answers
#   engine.sh stop    stop the engine, only if this caller's `start` started it
# Idempotent; the engine's log and pid live outside the repository.
#
# Several runs may share one engine (a developer's `make e2e`, CI, other
# checkouts). `start` records who started the engine (DOCKERIZE_E2E_OWNER,
# empty by default) and `stop` only stops an engine its own owner started, so
# a run that reused an engine never stops it under the others.
set -euo pipefail

STATE=${DOCKERIZE_E2E_STATE:-/var/tmp/dockerize-e2e}
OWNER=${DOCKERIZE_E2E_OWNER:-}
DOCKER=/usr/bin/docker
mkdir -p "$STATE"

install() {
	if [ -x "$DOCKER" ] && [ -x /usr/sbin/dockerd ] && command -v debootstrap >/dev/null; then
		return
	fi
	echo "engine: installing docker.io and debootstrap from Debian" >&2
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io debootstrap >/dev/null
}

answers() { "$DOCKER" info >/dev/null 2>&1; }

start() {
	install
	if answers; then
		echo "engine: reusing the running engine" >&2
		return
	fi
	echo "engine: starting dockerd (log: $STATE/dockerd.log)" >&2
	# Its own session, so the engine outlives the make or CI step that
	# started it unless `stop` ends it. dockerd writes its pid file itself
	# (setsid may fork, so $! is not always its pid) and removes it on exit.
	rm -f "$STATE/dockerd.pid"
	printf '%s\n' "$OWNER" >"$STATE/dockerd.owner"
	setsid nohup /usr/sbin/dockerd --pidfile "$STATE/dockerd.pid" >"$STATE/dockerd.log" 2>&1 </dev/null &
	for _ in $(seq 1 60); do
		if answers; then
			echo "engine: ready" >&2
			return
		fi
		if grep -q 'failed to start daemon' "$STATE/dockerd.log"; then
			break
		fi
		sleep 1
	done
	echo "engine: dockerd did not come up; the end of its log ($STATE/dockerd.log):" >&2
	tail -n 30 "$STATE/dockerd.log" >&2 || true
	echo "engine: fix the cause above, then run test/e2e/engine.sh start again" >&2
	exit 1
}

stop() {
	[ -f "$STATE/dockerd.pid" ] || return 0
	owner=$(cat "$STATE/dockerd.owner" 2>/dev/null || true)
	if [ "$owner" != "$OWNER" ]; then
		echo "engine: started by another run (${owner:-a plain engine.sh start}), leaving it running" >&2
		return 0
	fi
	pid=$(cat "$STATE/dockerd.pid")
	rm -f "$STATE/dockerd.pid" "$STATE/dockerd.owner"
	# A stale pid file may name a process that is no longer dockerd.
	if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != dockerd ]; then
		return 0
	fi
	echo "engine: stopping the dockerd it started (pid $pid)" >&2
	kill "$pid"
	for _ in $(seq 1 30); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 1
	done
	echo "engine: dockerd did not stop within 30 s; killing it" >&2
	kill -9 "$pid" 2>/dev/null || true
}

case "${1:-}" in
start) start ;;
stop) stop ;;
*)
	echo "usage: $0 start|stop" >&2
	exit 2
	;;
esac
