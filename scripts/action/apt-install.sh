#!/usr/bin/env bash
# apt-install.sh PACKAGE...: installs the packages that are not installed yet (sudo unless root).
set -euo pipefail
missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} == 0 ]] && exit 0
echo "installing: ${missing[*]}"
sudo=""
[[ $(id -u) == 0 ]] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# Server packages would start system services; driftgate starts its own servers instead.
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
