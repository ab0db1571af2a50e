#!/usr/bin/env bash
# Masks every database URL given to the action, and each URL's password on its own (raw and
# percent-decoded), so that neither reaches the log in any later step: GitHub masks a secret's
# whole value only, not a part of it that a tool might print.
# Usage: mask.sh; reads INPUT_DATABASE_URL and INPUT_SHADOW_URL.
set -euo pipefail

# The password of a URL scheme://user:password@host/..., or nothing.
url_password() {
  local rest=${1#*://}
  [[ $rest == "$1" ]] && return 0     # no scheme: not a URL
  local userinfo=${rest%%[/?#]*}      # authority
  [[ $userinfo == *@* ]] || return 0
  userinfo=${userinfo%@*}
  [[ $userinfo == *:* ]] || return 0
  printf '%s' "${userinfo#*:}"
}

percent_decode() { local s=${1//+/ }; printf '%b' "${s//%/\\x}"; }

mask() { [[ -n $1 ]] && printf '::add-mask::%s\n' "$1"; return 0; }

for url in "${INPUT_DATABASE_URL:-}" "${INPUT_SHADOW_URL:-}"; do
  [[ -n $url ]] || continue
  mask "$url"
  password=$(url_password "$url")
  if [[ -n $password ]]; then
    mask "$password"
    decoded=$(percent_decode "$password")
    [[ $decoded == "$password" ]] || mask "$decoded"
  fi
done
