#!/usr/bin/env bash
# Restores, builds and runs every test: SQLite and PostgreSQL integration tests and chromium
# browser tests. Installs what is missing (Debian postgresql-15, chromium) when it can, runs a
# throwaway PostgreSQL 15 cluster on 127.0.0.1 as the postgres user, and tears it down after.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)

say() { printf '\n== %s\n' "$*"; }

# --- what the tests need from Debian ---------------------------------------------------------
missing=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

# --- a throwaway PostgreSQL 15 cluster -------------------------------------------------------
pgbin=/usr/lib/postgresql/15/bin
pgdir=$(mktemp -d /tmp/gongzhi-pg.XXXXXX)
chmod 755 "$pgdir"
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
[ "$(id -u)" = 0 ] && chown postgres:postgres "$pgdir"
port=55432
while (echo >/dev/tcp/127.0.0.1/$port) >/dev/null 2>&1; do port=$((port + 1)); done

teardown() {
  as_postgres "$pgbin/pg_ctl -D $pgdir/data -m immediate stop" >/dev/null 2>&1
  rm -rf "$pgdir"
}
trap teardown EXIT

say "starting PostgreSQL 15 on 127.0.0.1:$port"
as_postgres "$pgbin/initdb -D $pgdir/data -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null || { echo "initdb failed"; exit 1; }
# Durability is not what these tests check: skip fsync so the suite runs fast on two cores.
as_postgres "$pgbin/pg_ctl -D $pgdir/data -l $pgdir/server.log -w -o \"-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300\" start" >/dev/null \
  || { echo "PostgreSQL did not start:"; cat "$pgdir/server.log"; exit 1; }
export GONGZHI_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"

# --- build and test --------------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
say "restore and build"
dotnet build Gongzhi.slnx -c Release 2>&1 | tail -n 3
[ "${PIPESTATUS[0]}" = 0 ] || { echo "0 passed, 1 failed"; exit 1; }

# The cluster at small scale (primary, standby, PgBouncer, two instances, nginx) runs beside the xunit runs.
GONGZHI_APP="$root/src/Gongzhi.Web/bin/Release/net10.0" deploy/cluster-smoke.sh > "$pgdir/cluster.log" 2>&1 &
cluster_pid=$!

results="$root/TestResults"
rm -rf "$results"
status=0
for project in tests/Gongzhi.Tests tests/Gongzhi.BrowserTests; do
  say "testing $project"
  dotnet test "$project" -c Release --no-build --results-directory "$results" \
    --logger "trx;LogFilePrefix=$(basename "$project")" --logger "console;verbosity=minimal" || status=1
done

# --- the closing line ------------------------------------------------------------------------
passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
wait $cluster_pid; cluster=$?
say "deploy/cluster-smoke.sh"; cat "$pgdir/cluster.log"
case $cluster in 0) passed=$((passed + 1)) ;; 77) ;; *) failed=$((failed + 1)); status=1 ;; esac
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
exit $status
