#!/usr/bin/env bash
# Installs, with apt, the Debian packages driftgate needs to build, test and run its demo.
# Only missing packages are installed; nothing happens when all are present.
set -euo pipefail
packages=(
  build-essential cmake pkg-config git
  libpg-query-dev libprotobuf-c-dev libcli11-dev nlohmann-json3-dev libtomlplusplus-dev doctest-dev
  libxxhash-dev libssl-dev libpq-dev libmariadb-dev
  postgresql mariadb-server mariadb-client jq libxml2-utils
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm runs the reference SARIF validator and the benchmark's peers; a Node.js from elsewhere
# (nodesource, nvm) that already brings npm is fine.
command -v npm >/dev/null || missing+=(npm)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# The server packages try to start system services; the tests start their own servers instead.
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
