#!/usr/bin/env bash
# Record real database working directories into tests/fixtures/layouts/<engine>.json.
#
# What it records: fresh data directories made by the real servers installed on this machine —
#   postgresql  initdb; then the server running (a table created); then after a clean stop
#   mariadb     mariadb-install-db; then mariadbd running (a database and a table); then stopped
#   redis       redis-server after SAVE (dump.rdb); and running with --appendonly yes (appendonlydir/)
#   sqlite      sqlite3 in WAL mode with the connection still open (-wal, -shm); and a rollback
#               journal (-journal) during an open transaction
# and, for every file of each state, its relative path, size, permission bits and first 64 bytes.
# MongoDB is not in Debian's archive: mongodb.json is the layout scripts/layouts/mongodb.mjs builds
# from public documentation (that file names the source of each name), marked "source": "documented".
#
# Why: tests/integration/layouts.test.ts replays these recordings (same names and sizes, same
# first bytes) through the built CLI. CI runs this script before the tests, so when a server
# upgrade changes what it writes — a new file, a renamed directory — the replay fails in CI, not
# in somebody's repository. The names printed as "+"/"-" below are what changed since the commit.
#
# Usage: scripts/record-layouts.sh [postgresql|mariadb|redis|sqlite|mongodb ...]   (default: all)
# Missing servers are installed from Debian's packages (apt-get, as root or through `sudo -n`).
# Idempotent: each run works in new temp directories, stops only the servers it started (by pid)
# and rewrites the fixtures. Exit 0 when every engine asked for was recorded; 1 when any could not
# be (nothing is written for that engine, its committed fixture stays, the reason is printed).
set -uo pipefail
PATH="$PATH:/usr/sbin:/sbin" # mariadbd lives in /usr/sbin
cd "$(dirname "$0")/.."
ROOT=$PWD
JS="$ROOT/scripts/record-layouts.mjs"
mkdir -p tests/fixtures/layouts

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cruft-layouts.XXXXXX") || exit 1
chmod 755 "$WORK" # the database users below must reach their directories inside it
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/states"

say() { printf 'record-layouts: %s\n' "$*" >&2; }

# --- installing ------------------------------------------------------------------------------
SUDO=()
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO=(sudo -n); fi

apt_install() {
  if [ "$(id -u)" -ne 0 ] && [ ${#SUDO[@]} -eq 0 ]; then
    say "cannot install $*: not root and no passwordless sudo"
    return 1
  fi
  command -v apt-get >/dev/null 2>&1 || { say "cannot install $*: no apt-get here"; return 1; }
  say "installing $* from Debian's packages"
  local log="$WORK/apt.log" inst=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@")
  if ! "${SUDO[@]}" "${inst[@]}" >"$log" 2>&1; then
    # A stale package list is the usual reason; refresh it once.
    if ! { "${SUDO[@]}" apt-get update -q && "${SUDO[@]}" "${inst[@]}"; } >>"$log" 2>&1; then
      tail -n 15 "$log" >&2
      say "apt-get could not install $*"
      return 1
    fi
  fi
}

# need PACKAGE COMMAND...: install PACKAGE unless every COMMAND is found.
need() {
  local pkg=$1 missing=0 c
  shift
  for c in "$@"; do command -v "$c" >/dev/null 2>&1 || missing=1; done
  [ $missing -eq 0 ] && return 0
  apt_install "$pkg" || return 1
  for c in "$@"; do command -v "$c" >/dev/null 2>&1 || { say "$pkg is installed but $c is still missing"; return 1; }; done
}

# "package version" of the Debian package that holds FILE (empty when dpkg cannot say).
package_of() {
  local pkg
  pkg=$({ dpkg-query -S "$1" || dpkg-query -S "$(readlink -f "$1")"; } 2>/dev/null | head -n1 | cut -d: -f1) || true
  [ -n "$pkg" ] && dpkg-query -W -f='${Package} ${Version}' "$pkg" 2>/dev/null || true
}

# Database servers refuse to run as root: run them as their own system user (or nobody).
DB_USER=''
run_as() { if [ -n "$DB_USER" ]; then runuser -u "$DB_USER" -- "$@"; else "$@"; fi; }
pick_user() { # pick_user PREFERRED: sets DB_USER when root
  DB_USER=''
  [ "$(id -u)" -ne 0 ] && return 0
  if id "$1" >/dev/null 2>&1; then DB_USER=$1; else DB_USER=nobody; fi
}
give() { [ -n "$DB_USER" ] && chown -R "$DB_USER" "$@" || true; }

wait_for() { # wait_for SECONDS PID TEST...: until TEST succeeds; fails if PID dies or time runs out
  local limit=$(($1 * 10)) pid=$2 i
  shift 2
  for ((i = 0; i < limit; i++)); do
    "$@" && return 0
    kill -0 "$pid" 2>/dev/null || { say "server (pid $pid) exited before it was ready"; return 1; }
    sleep 0.1
  done
  say "server (pid $pid) not ready after $((limit / 10)) s"
  return 1
}

snap() { # snap ENGINE N STATE DIR HOW
  node "$JS" snapshot "$4" "$3" "$5" "$WORK/states/$1-$2.json"
}
write_fixture() { # write_fixture ENGINE SOURCE SERVER PACKAGE NOTE
  node "$JS" write "$1" "$2" "$3" "$4" "$5" "$WORK/states/$1-"*.json
}

# --- PostgreSQL ------------------------------------------------------------------------------
# Variables an EXIT trap reads are global (the engine runs in its own subshell anyway): a
# function's locals are gone by the time the subshell exits.
record_postgresql() {
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    apt_install postgresql
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
    [ -x "$bin/initdb" ] || { say "postgresql installed but no initdb under /usr/lib/postgresql/*/bin"; return 1; }
  fi
  pick_user postgres
  d="$WORK/postgresql"
  mkdir -p "$d/run"
  give "$d"
  cd "$d" # initdb and psql change to the user's cwd; keep it one they can read
  trap 'run_as "$bin/pg_ctl" -D "$d/pgdata" -m immediate stop >/dev/null 2>&1 || true' EXIT

  run_as "$bin/initdb" -D "$d/pgdata" -U postgres --auth=trust -E UTF8 --locale=C >"$d/run/initdb.log" 2>&1 ||
    { cat "$d/run/initdb.log" >&2; return 1; }
  snap postgresql 1 initdb "$d/pgdata" 'initdb -D pgdata -U postgres --auth=trust -E UTF8 --locale=C'

  run_as "$bin/pg_ctl" -D "$d/pgdata" -l "$d/run/postgres.log" -o "-k $d/run -c listen_addresses=''" -w -t 60 start >/dev/null ||
    { cat "$d/run/postgres.log" >&2; return 1; }
  run_as "$bin/psql" -h "$d/run" -U postgres -d postgres -X -q -v ON_ERROR_STOP=1 \
    -c "CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL); INSERT INTO users (name) VALUES ('ada'), ('grace'); CHECKPOINT;"
  snap postgresql 2 running "$d/pgdata" 'pg_ctl start (socket outside the data directory); CREATE TABLE users; INSERT; CHECKPOINT'

  run_as "$bin/pg_ctl" -D "$d/pgdata" -m fast -w -t 60 stop >/dev/null
  snap postgresql 3 stopped "$d/pgdata" 'pg_ctl stop -m fast after the session above'

  write_fixture postgresql recorded "$("$bin/postgres" --version)" "$(package_of "$bin/initdb")" \
    'Recorded from the real server by scripts/record-layouts.sh.'
}

# --- MariaDB ---------------------------------------------------------------------------------
record_mariadb() {
  local user_opt=()
  need mariadb-server mariadb-install-db mariadbd mariadb || return 1
  pick_user mysql
  [ -n "$DB_USER" ] && user_opt=(--user="$DB_USER")
  d="$WORK/mariadb"
  mkdir -p "$d/run" "$d/data"
  give "$d"
  cd "$d"
  pid=''
  trap '[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; true' EXIT

  # --no-defaults: the machine's my.cnf must not leak in; pid file and socket sit outside the data
  # directory as in Debian's and the official Docker image's configuration.
  mariadb-install-db --no-defaults "${user_opt[@]}" --datadir="$d/data" --auth-root-authentication-method=normal \
    >"$d/run/install-db.log" 2>&1 || { cat "$d/run/install-db.log" >&2; return 1; }
  snap mariadb 1 install-db "$d/data" 'mariadb-install-db --datadir=data --auth-root-authentication-method=normal'

  mariadbd --no-defaults "${user_opt[@]}" --datadir="$d/data" --socket="$d/run/mysqld.sock" --pid-file="$d/run/mysqld.pid" \
    --skip-networking --log-error="$d/run/mariadbd.err" >"$d/run/mariadbd.out" 2>&1 &
  pid=$!
  wait_for 60 "$pid" test -S "$d/run/mysqld.sock" || { cat "$d/run/mariadbd.err" >&2; return 1; }
  mariadb --no-defaults -S "$d/run/mysqld.sock" -u root -e \
    "CREATE DATABASE app; CREATE TABLE app.users (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(80) NOT NULL); INSERT INTO app.users (name) VALUES ('ada'), ('grace');"
  snap mariadb 2 running "$d/data" 'mariadbd running; CREATE DATABASE app; CREATE TABLE app.users; INSERT'

  kill -TERM "$pid" # mariadbd shuts down cleanly on SIGTERM
  wait "$pid" || true
  pid=''
  snap mariadb 3 stopped "$d/data" 'mariadbd stopped (SIGTERM) after the session above'

  write_fixture mariadb recorded "$(mariadbd --version)" "$(package_of "$(command -v mariadbd)")" \
    'Recorded from the real server by scripts/record-layouts.sh.'
}

# --- Redis -----------------------------------------------------------------------------------
aof_written() { local f; for f in "$1"/appendonlydir/*.incr.aof; do [ -s "$f" ] && return 0; done; return 1; }

record_redis() {
  need redis-server redis-server redis-cli || return 1
  d="$WORK/redis"
  mkdir -p "$d/run" "$d/save" "$d/aof"
  pid=''
  trap '[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; true' EXIT
  sock="$d/run/redis.sock"

  # No TCP port (--port 0): only a private unix socket, so a running system Redis is never touched.
  redis-server --port 0 --unixsocket "$sock" --dir "$d/save" --save '' --appendonly no --logfile "$d/run/save.log" &
  pid=$!
  wait_for 30 "$pid" test -S "$sock" || { cat "$d/run/save.log" >&2; return 1; }
  redis-cli -s "$sock" SET greeting hello >/dev/null
  redis-cli -s "$sock" HSET user:1 name ada >/dev/null
  [ "$(redis-cli -s "$sock" SAVE)" = OK ] || { say 'redis SAVE failed'; return 1; }
  snap redis 1 save "$d/save" 'redis-server --dir save; SET; HSET; SAVE'
  redis-cli -s "$sock" SHUTDOWN NOSAVE >/dev/null 2>&1 || true
  wait "$pid" || true
  pid=''
  rm -f "$sock"

  redis-server --port 0 --unixsocket "$sock" --dir "$d/aof" --save '' --appendonly yes --logfile "$d/run/aof.log" &
  pid=$!
  wait_for 30 "$pid" test -S "$sock" || { cat "$d/run/aof.log" >&2; return 1; }
  redis-cli -s "$sock" SET greeting hello >/dev/null
  redis-cli -s "$sock" HSET user:1 name ada >/dev/null
  wait_for 30 "$pid" aof_written "$d/aof"
  snap redis 2 appendonly "$d/aof" 'redis-server --dir aof --appendonly yes, running; SET; HSET'
  redis-cli -s "$sock" SHUTDOWN >/dev/null 2>&1 || true
  wait "$pid" || true
  pid=''

  write_fixture redis recorded "$(redis-server --version)" "$(package_of "$(command -v redis-server)")" \
    'Recorded from the real server by scripts/record-layouts.sh.'
}

# --- SQLite ----------------------------------------------------------------------------------
# sqlite3 reads SQL from a coprocess pipe, so its connection stays open while the files are
# recorded; `.print ready` tells us it has run everything before it.
sqlite_until_ready() {
  local line
  echo '.print ready' >&"${SQ[1]}"
  while IFS= read -r -t 30 line <&"${SQ[0]}"; do
    [ "$line" = ready ] && return 0
  done
  say "sqlite3 did not answer: ${line:-nothing}"
  return 1
}

record_sqlite() {
  need sqlite3 sqlite3 || return 1
  d="$WORK/sqlite"
  mkdir -p "$d/wal" "$d/journal"
  SQ_PID=''
  trap '[ -n "${SQ_PID:-}" ] && kill "$SQ_PID" 2>/dev/null; true' EXIT

  coproc SQ { sqlite3 -batch -bail "$d/wal/app.db" 2>&1; }
  echo "PRAGMA journal_mode=WAL; CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL); INSERT INTO users (name) VALUES ('ada'), ('grace');" >&"${SQ[1]}"
  sqlite_until_ready
  snap sqlite 1 wal "$d/wal" 'sqlite3 app.db: PRAGMA journal_mode=WAL; CREATE TABLE; INSERT; connection still open'
  pid=$SQ_PID
  eval "exec ${SQ[1]}>&-" # end of input: sqlite3 checkpoints and exits
  wait "$pid" || true

  sqlite3 -batch -bail "$d/journal/db.sqlite3" "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL); INSERT INTO users (name) VALUES ('ada');"
  coproc SQ { sqlite3 -batch -bail "$d/journal/db.sqlite3" 2>&1; }
  echo "BEGIN; INSERT INTO users (name) VALUES ('grace'); CREATE TABLE notes (body TEXT);" >&"${SQ[1]}"
  sqlite_until_ready
  snap sqlite 2 rollback-journal "$d/journal" 'sqlite3 db.sqlite3 (default rollback journal): BEGIN; INSERT; CREATE TABLE; transaction still open'
  pid=$SQ_PID
  echo 'ROLLBACK;' >&"${SQ[1]}"
  eval "exec ${SQ[1]}>&-"
  wait "$pid" || true
  SQ_PID=''

  write_fixture sqlite recorded "sqlite3 $(sqlite3 --version | cut -d' ' -f1)" "$(package_of "$(command -v sqlite3)")" \
    'Recorded from the real sqlite3 by scripts/record-layouts.sh.'
}

# --- MongoDB (documented, not recorded) ------------------------------------------------------
record_mongodb() {
  local d="$WORK/mongodb/dbpath"
  mkdir -p "$d"
  node "$JS" mongodb "$d"
  snap mongodb 1 documented "$d" 'scripts/layouts/mongodb.mjs (writeMongoDbPath): a dbpath as mongod --dbpath leaves it'
  write_fixture mongodb documented 'mongod (not installed: MongoDB is not in Debian)' '' \
    'DOCUMENTED, NOT RECORDED: MongoDB cannot be installed from Debian, so this layout is built by scripts/layouts/mongodb.mjs from the MongoDB manual, WiredTiger source and public repositories that committed a dbpath; that file names the source of each name.'
}

# --- main ------------------------------------------------------------------------------------
ALL=(postgresql mariadb redis sqlite mongodb)
[ $# -gt 0 ] && ALL=("$@")
command -v node >/dev/null 2>&1 || { say 'node is required'; exit 1; }
node "$JS" selftest || exit 1

failed=()
for engine in "${ALL[@]}"; do
  case $engine in
    postgresql | mariadb | redis | sqlite | mongodb) ;;
    *) say "unknown engine $engine (known: postgresql mariadb redis sqlite mongodb)"; failed+=("$engine"); continue ;;
  esac
  # Each engine in its own subshell with `set -e`: a failing step stops that engine (its EXIT trap
  # stops its server) and no fixture is written for it. Not `( … ) || …`: that would disable -e.
  (set -e; "record_$engine")
  rc=$?
  if [ $rc -ne 0 ]; then
    say "FAILED: $engine (exit $rc); tests/fixtures/layouts/$engine.json left as committed"
    failed+=("$engine")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  say "could not record: ${failed[*]}"
  exit 1
fi
say "recorded: ${ALL[*]} → tests/fixtures/layouts/"
