#!/usr/bin/env bash
# Starts or stops the Docker engine the real-build tests use.
#   engine.sh start   install Debian's docker.io (and debootstrap) when missing,
#                     start dockerd unless an engine already answers
#   engine.sh stop    stop the engine, only if `start` started it
# Idempotent; the engine's log and pid live outside the repository.
set -euo pipefail

STATE=${DOCKERIZE_E2E_STATE:-/var/tmp/dockerize-e2e}
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
	rm -f "$STATE/dockerd.pid"
	nohup /usr/sbin/dockerd >"$STATE/dockerd.log" 2>&1 &
	echo $! >"$STATE/dockerd.pid"
	for _ in $(seq 1 60); do
		if answers; then
			echo "engine: ready" >&2
			return
		fi
		sleep 1
	done
	echo "engine: dockerd did not answer within 60 s; its log:" >&2
	tail -n 30 "$STATE/dockerd.log" >&2 || true
	exit 1
}

stop() {
	[ -f "$STATE/dockerd.pid" ] || return 0
	pid=$(cat "$STATE/dockerd.pid")
	rm -f "$STATE/dockerd.pid"
	# A pid file left by an engine that is gone may name another process now.
	if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != dockerd ]; then
		return 0
	fi
	if kill "$pid" 2>/dev/null; then
		echo "engine: stopping the dockerd it started (pid $pid)" >&2
		for _ in $(seq 1 30); do
			kill -0 "$pid" 2>/dev/null || return 0
			sleep 1
		done
		kill -9 "$pid" 2>/dev/null || true
	fi
}

case "${1:-}" in
start) start ;;
stop) stop ;;
*)
	echo "usage: $0 start|stop" >&2
	exit 2
	;;
esac
