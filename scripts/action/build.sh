#!/usr/bin/env bash
# Builds the driftgate binary from the action's source into BUILD_DIR (cached by actions/cache
# between runs), installing the build dependencies with apt first. Nothing is rebuilt when the
# cached build is up to date.
# Env: ACTION_PATH, BUILD_DIR, DRIFTGATE_ACTION_SKIP_INSTALL (1: install nothing).
set -euo pipefail
action_path=${ACTION_PATH:?}
build_dir=${BUILD_DIR:-$action_path/build-action}
packages=(build-essential cmake pkg-config libpg-query-dev libprotobuf-c-dev libcli11-dev nlohmann-json3-dev
          libtomlplusplus-dev libxxhash-dev libssl-dev libpq-dev libmariadb-dev doctest-dev)
if [[ ${DRIFTGATE_ACTION_SKIP_INSTALL:-0} != 1 ]]; then
  "$(dirname "$0")/apt-install.sh" "${packages[@]}"
fi
cmake -S "$action_path" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" --target driftgate -j "$(nproc)"
