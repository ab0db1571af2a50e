#!/usr/bin/env bash
# Installs what driftgate needs at run time: jq (the action reads the JSON report), the database
# client library, and, unless a shadow URL is given, the server the embedded shadow database runs
# (PostgreSQL; for a MySQL history a MySQL or MariaDB server: the runner's own MySQL is used when
# present). Writes the step outputs `provider` and `server` (the server's version, part of the key
# of the cached pristine data directory in ~/.cache/driftgate).
# Run in the working directory. Env: INPUT_COMMAND, INPUT_DATABASE_URL, INPUT_SHADOW_URL,
# INPUT_MIGRATIONS, INPUT_SCHEMA, DRIFTGATE_ACTION_SKIP_INSTALL (1: install nothing, only report).
set -euo pipefail
out=${GITHUB_OUTPUT:-/dev/stdout}
here=$(dirname "$0")
install() { [[ ${DRIFTGATE_ACTION_SKIP_INSTALL:-0} == 1 ]] || "$here/apt-install.sh" "$@"; }

# The provider: the live URL's scheme, else migration_lock.toml, else the datamodel's datasource.
provider=postgresql
url=${INPUT_DATABASE_URL:-}
lock=${INPUT_MIGRATIONS:-prisma/migrations}/migration_lock.toml
schema=${INPUT_SCHEMA:-prisma/schema.prisma}
if [[ $url == mysql://* ]]; then provider=mysql
elif [[ $url == postgres://* || $url == postgresql://* ]]; then provider=postgresql
elif [[ -f $lock ]] && grep -Eq '^[[:space:]]*provider[[:space:]]*=[[:space:]]*"mysql"' "$lock"; then provider=mysql
elif [[ -f $schema ]] && grep -Eq '^[[:space:]]*provider[[:space:]]*=[[:space:]]*"mysql"' "$schema"; then provider=mysql
fi
echo "provider=$provider" >>"$out"

packages=(jq)
if [[ $provider == mysql ]]; then packages+=(libmariadb3); else packages+=(libpq5); fi
server=none
if [[ ${INPUT_COMMAND:-check} != lint && -z ${INPUT_SHADOW_URL:-} ]]; then
  if [[ $provider == mysql ]]; then
    command -v mariadbd >/dev/null || command -v mysqld >/dev/null || [[ -x /usr/sbin/mysqld ]] ||
      [[ -x /usr/sbin/mariadbd ]] || packages+=(mariadb-server)
  else
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || packages+=(postgresql)
  fi
fi
install "${packages[@]}"
if [[ ${INPUT_COMMAND:-check} != lint && -z ${INPUT_SHADOW_URL:-} ]]; then
  if [[ $provider == mysql ]]; then
    bin=$(command -v mariadbd || command -v mysqld || ls /usr/sbin/mariadbd /usr/sbin/mysqld 2>/dev/null | head -n1 || true)
    [[ -n $bin ]] && server=$("$bin" --version 2>/dev/null | tr -cs 'A-Za-z0-9.' '-' | cut -c1-60)
  else
    initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n1)
    [[ -n $initdb ]] && server=$("$initdb" --version | tr -cs 'A-Za-z0-9.' '-' | cut -c1-60)
  fi
fi
echo "server=${server:-none}" >>"$out"
