#!/usr/bin/env bash
# Finds driftgate for the action: a prebuilt .deb attached to the release the action was used at
# (uses: owner/driftgate@v1.2.3), else a build from the action's own source. Writes the step
# outputs `prebuilt` (true when the .deb was installed), `binary` (the path to run) and
# `build-key` (the cache key of the build output: the sources' digest).
# Env: ACTION_PATH, ACTION_REPOSITORY, ACTION_REF, PREBUILT (auto|never), GH_TOKEN, BUILD_DIR.
set -euo pipefail
out=${GITHUB_OUTPUT:-/dev/stdout}
action_path=${ACTION_PATH:?}
build_dir=${BUILD_DIR:-$action_path/build-action}

# The digest of everything the build reads, for the cache key.
inputs=()
for p in CMakeLists.txt cmake src rules third_party; do [[ -e $action_path/$p ]] && inputs+=("$p"); done
key=$(cd "$action_path" && find -L "${inputs[@]}" -type f | LC_ALL=C sort | xargs -d '\n' sha256sum |
        sha256sum | cut -c1-16)
echo "build-key=$key" >>"$out"

sudo=""
[[ $(id -u) == 0 ]] || sudo="sudo"
if [[ ${PREBUILT:-auto} != never && -n ${ACTION_REPOSITORY:-} && -n ${ACTION_REF:-} ]] && command -v gh >/dev/null &&
   command -v dpkg >/dev/null; then
  arch=$(dpkg --print-architecture)
  dir=$(mktemp -d)
  if gh release download "$ACTION_REF" --repo "$ACTION_REPOSITORY" --pattern "*_${arch}.deb" --dir "$dir" 2>/dev/null &&
     deb=$(ls "$dir"/*.deb 2>/dev/null | head -n1) && [[ -n $deb ]]; then
    echo "installing the release's $(basename "$deb")"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "$deb" </dev/null
    echo "prebuilt=true" >>"$out"
    echo "binary=$(command -v driftgate)" >>"$out"
    exit 0
  fi
  echo "no prebuilt .deb for $ACTION_REPOSITORY@$ACTION_REF ($arch): building from source"
fi
echo "prebuilt=false" >>"$out"
echo "binary=$build_dir/src/driftgate" >>"$out"
