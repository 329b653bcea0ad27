# shellcheck shell=bash
# PostgreSQL for the tests: install (Debian packages) if missing, start the cluster, create the
# test role and database, and export FAULTLINE_TEST_PG. Meant to be sourced:
#
#   source .ci/pg-setup.sh && npm test
#
# It can also be run (bash .ci/pg-setup.sh); it then prints the URL to export.
# When FAULTLINE_TEST_PG is already set and the server answers, nothing is changed.
# Needs root (or the postgres user) to install and start the server. No `set -e`: this file is
# sourced into the caller's shell; every step checks its own result.

__fl_pg_setup() {
  local user="${FAULTLINE_PG_USER:-faultline}"
  local pass="${FAULTLINE_PG_PASSWORD:-faultline}"
  local db="${FAULTLINE_PG_DATABASE:-faultline_test}"
  local host="${FAULTLINE_PG_HOST:-127.0.0.1}"
  local port="${FAULTLINE_PG_PORT:-5432}"
  local url="postgres://${user}:${pass}@${host}:${port}/${db}"

  if [ -n "${FAULTLINE_TEST_PG:-}" ] && command -v pg_isready >/dev/null 2>&1 \
    && pg_isready -q -d "$FAULTLINE_TEST_PG" 2>/dev/null; then
    echo "pg-setup: using FAULTLINE_TEST_PG=$FAULTLINE_TEST_PG (already set, server answers)"
    return 0
  fi

  # 1. Install.
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    echo "pg-setup: installing PostgreSQL from Debian's packages"
    if [ "$(id -u)" -ne 0 ]; then echo "pg-setup: need root to install postgresql" >&2; return 1; fi
    apt-get update -qq >/dev/null || { echo "pg-setup: apt-get update failed" >&2; return 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null \
      || { echo "pg-setup: apt-get install postgresql failed" >&2; return 1; }
  fi

  local as_pg
  if [ "$(id -u)" -eq 0 ]; then as_pg="runuser -u postgres --"; else as_pg=""; fi

  # 2. A cluster on the port (the package creates "main" on 5432; a container may have removed it).
  local ver cluster name
  ver="$(ls /usr/lib/postgresql | sort -V | tail -1)"
  cluster="$(pg_lsclusters -h 2>/dev/null | awk -v p="$port" '$3 == p { print $1 " " $2; exit }')"
  if [ -z "$cluster" ]; then
    if [ -z "$(pg_lsclusters -h 2>/dev/null | awk '$2 == "main"')" ]; then name=main; else name="faultline$port"; fi
    echo "pg-setup: creating cluster $ver/$name on port $port"
    pg_createcluster "$ver" "$name" --port="$port" >/dev/null || { echo "pg-setup: pg_createcluster failed" >&2; return 1; }
    cluster="$ver $name"
  fi

  # 3. Start it.
  local status
  status="$(pg_lsclusters -h | awk -v c="$cluster" '($1 " " $2) == c { print $4 }')"
  if [ "$status" != "online" ]; then
    echo "pg-setup: starting cluster $cluster"
    # shellcheck disable=SC2086
    pg_ctlcluster $cluster start || { echo "pg-setup: could not start cluster $cluster" >&2; return 1; }
  fi
  local i
  for i in $(seq 1 30); do
    pg_isready -q -h "$host" -p "$port" && break
    sleep 1
  done
  pg_isready -q -h "$host" -p "$port" || { echo "pg-setup: server on $host:$port does not answer" >&2; return 1; }

  # 4. Role and database (C collation: the same text order and lower() as SQLite).
  local psql="$as_pg psql -X -q -v ON_ERROR_STOP=1 -p $port -d postgres -tA"
  case "$user$db" in *[!a-zA-Z0-9_]*) echo "pg-setup: user and database must be plain identifiers" >&2; return 1;; esac
  if [ "$(cd /tmp && $psql -c "SELECT 1 FROM pg_roles WHERE rolname = '$user'")" != "1" ]; then
    (cd /tmp && $psql -c "CREATE ROLE $user LOGIN PASSWORD '${pass//\'/\'\'}'") || { echo "pg-setup: cannot create role $user" >&2; return 1; }
  fi
  if [ "$(cd /tmp && $psql -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != "1" ]; then
    (cd /tmp && $psql -c "CREATE DATABASE $db OWNER $user TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'") \
      || { echo "pg-setup: cannot create database $db" >&2; return 1; }
  fi

  export FAULTLINE_TEST_PG="$url"
  echo "pg-setup: PostgreSQL $ver ready; export FAULTLINE_TEST_PG=$FAULTLINE_TEST_PG"
}

__fl_pg_setup
__fl_pg_setup_rc=$?
unset -f __fl_pg_setup
# `return` when sourced, `exit` when run.
return $__fl_pg_setup_rc 2>/dev/null || exit $__fl_pg_setup_rc
