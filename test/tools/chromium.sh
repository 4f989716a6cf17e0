#!/usr/bin/env bash
# Installs Debian's chromium for the HTML report's browser test, if missing.
# Needs root (CI runs as root) or sudo; elsewhere it says what to run.
set -euo pipefail
command -v chromium >/dev/null && exit 0
sudo=""
if [ "$(id -u)" != 0 ]; then
	if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
		sudo="sudo -n"
	else
		echo "chromium is missing and this user cannot install packages: run apt-get install chromium as root (the HTML report test skips until then, and fails under CI=true)" >&2
		exit 0
	fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
chromium --version
