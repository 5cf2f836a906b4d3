#!/usr/bin/env bash
# The cluster at small scale, run by ./test.sh: a primary, a streaming standby, PgBouncer, two instances and
# nginx (deploy/cluster.sh, throwaway folder, free ports, no fsync, a small demo community). It checks what
# only several processes can show:
#   1. a case created through nginx is readable through nginx;
#   2. reads that may be a moment old come from the standby: with the standby's replay paused, an anonymous
#      Open311 GET of a new case answers 404, while its author (carrying the gz-fresh pin cookie set by the
#      write) reads it from the primary; after replay resumes the standby has the case and serves it;
#   3. kill -9 one instance: nginx keeps serving reads and writes from the other.
#
#   deploy/cluster-smoke.sh            GONGZHI_APP=<folder with Gongzhi.Web.dll> to skip publishing
# Exit 0 passed, 1 failed, 77 skipped (the Debian packages cannot be installed here). Prints one line per check.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
started=$SECONDS

# Free ports: the cluster uses base+32…base+34, base+39 and base+80…base+82.
base=${GONGZHI_PORT_BASE:-}
port_open() { (echo >/dev/tcp/127.0.0.1/"$1") >/dev/null 2>&1; }
if [ -z "$base" ]; then
  for b in $(seq 57500 100 59900); do
    busy=0; for o in 32 33 34 39 80 81 82; do port_open $((b + o)) && busy=1; done
    [ $busy = 0 ] && { base=$b; break; }
  done
fi
[ -n "$base" ] || { echo "FAIL no free ports for the cluster"; exit 1; }
C=$(mktemp -d /tmp/gongzhi-cluster.XXXXXX)
chmod 755 "$C"
export GONGZHI_CLUSTER=$C GONGZHI_PORT_BASE=$base GONGZHI_INSTANCES=2 GONGZHI_DEMO=true GONGZHI_DEMO_HOUSEHOLDS=${GONGZHI_DEMO_HOUSEHOLDS:-80} \
  GONGZHI_PG_NOSYNC=1 GONGZHI_PG_MEMORY=64MB GONGZHI_FRESH_SECONDS=60
CS=$here/cluster.sh
NGINX=http://127.0.0.1:$((base + 80))
fail=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }
sql() { # port statement (as postgres; root switches user, anyone else runs the cluster as themselves)
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "psql -h $C/run -p $1 -U postgres -d gongzhi -qAt -c \"$2\""
  else psql -h "$C/run" -p "$1" -U postgres -d gongzhi -qAt -c "$2"; fi
}
finish() {
  "$CS" down --purge >/dev/null 2>&1
  rm -rf "$C" "${work:-}"
  echo "cluster smoke test: $([ $fail = 0 ] && echo passed || echo FAILED) in $((SECONDS - started)) s"
}

# Skip only when the packages are not there and cannot be installed (no root, no sudo, no apt).
"$CS" install >/dev/null 2>&1
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }
if [ ! -x /usr/lib/postgresql/15/bin/initdb ] || ! have pgbouncer || ! have nginx; then
  echo "SKIP cluster smoke test: postgresql-15, pgbouncer and nginx are not installed and apt-get could not install them"
  rm -rf "$C"; exit 77
fi
trap finish EXIT

if ! "$CS" up > "$C/up.log" 2>&1; then
  echo "FAIL cluster up"; tail -n 30 "$C/up.log"; for f in "$C"/log/app*.log; do echo "--- $f"; tail -n 20 "$f"; done; fail=1; exit 1
fi
echo "ok   cluster up in $((SECONDS - started)) s (primary :$((base + 32)), standby :$((base + 33)), PgBouncer :$((base + 39)), nginx :$((base + 80)))"
work=$(mktemp -d)

P=$((base + 32)); S=$((base + 33))
resident=$(sql $P "select u.\\\"UserName\\\" from \\\"AspNetUsers\\\" u join \\\"AspNetUserRoles\\\" ur on ur.\\\"UserId\\\" = u.\\\"Id\\\" join \\\"AspNetRoles\\\" r on r.\\\"Id\\\" = ur.\\\"RoleId\\\" where r.\\\"Name\\\" = 'Resident' and u.\\\"PhoneNumberConfirmed\\\" order by u.\\\"CreatedAt\\\" limit 1")
category=$(sql $P "select \\\"Id\\\" from \\\"CaseCategories\\\" where \\\"Code\\\" = 'other'")
token=$(curl -sS -m 20 -X POST "$NGINX/api/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"userName\":\"$resident\",\"password\":\"Gongzhi@2026\"}" | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')
check "the demo resident signs in through nginx" '[ -n "$token" ]'
submit() { # description → id (the response's cookies go to $work/jar: the browser of the person who wrote)
  curl -sS -m 30 -c "$work/jar" -b "$work/jar" -X POST "$NGINX/api/v1/cases" -H "authorization: Bearer $token" \
    -H 'content-type: application/json' -d "{\"categoryId\":$category,\"description\":\"$1\"}" | sed -n 's/.*"id":\([0-9]*\).*/\1/p'
}
code() { curl -s -m 20 -o /dev/null -w '%{http_code}' "$@"; }

# 1. Through nginx, write then read.
id=$(submit "楼道灯不亮 集群冒烟测试一")
check "a case submitted through nginx is acknowledged (id $id)" '[ -n "$id" ]'
c=$(code -H "authorization: Bearer $token" "$NGINX/api/v1/cases/$id")
check "its case page reads through nginx: $c" '[ "$c" = 200 ]'

# 2. Standby behind: the author reads the primary, everyone else the standby.
sql $S "select pg_wal_replay_pause()" >/dev/null
rm -f "$work/jar"
id2=$(submit "路灯不亮 集群冒烟测试二")
c=$(code -b "$work/jar" "$NGINX/open311/v2/requests/$id2.json")
check "the author's next read (gz-fresh cookie) comes from the primary: $c" '[ "$c" = 200 ]'
c=$(code "$NGINX/open311/v2/requests/$id2.json")
check "an anonymous Open311 read comes from the standby, whose replay is paused: $c" '[ "$c" = 404 ]'
sql $S "select pg_wal_replay_resume()" >/dev/null
for _ in $(seq 1 20); do [ "$(sql $S "select count(*) from \\\"Cases\\\" where \\\"Id\\\" = $id2")" = 1 ] && break; sleep 0.5; done
check "the standby has replayed the case" '[ "$(sql $S "select count(*) from \\\"Cases\\\" where \\\"Id\\\" = $id2")" = 1 ]'
c=$(code "$NGINX/open311/v2/requests/$id2.json")
check "the anonymous read now finds it on the standby: $c" '[ "$c" = 200 ]'

# 3. One instance killed.
"$CS" kill-app 1
codes=""
for _ in 1 2 3 4 5 6; do codes+="$(code -H "authorization: Bearer $token" "$NGINX/api/v1/cases/$id") "; done
check "with instance 1 killed (-9) nginx keeps serving reads: $codes" '[ "$codes" = "200 200 200 200 200 200 " ]'
id3=$(submit "垃圾未清运 集群冒烟测试三")
check "and writes (id $id3)" '[ -n "$id3" ]'
c=$(code -H "authorization: Bearer $token" "$NGINX/api/v1/cases/$id3")
check "which read back: $c" '[ "$c" = 200 ]'

# 4. Backup and restore as docs/deploy.md says: a base backup, a row written after it, the WAL archive replayed into
# a fresh folder on a spare port, and the counts compared with the primary's.
restored=$("$CS" restore-test 2>&1); rc=$?
check "restore from a base backup and the WAL archive ($(tail -n 1 <<<"$restored"))" '[ $rc = 0 ]'

[ $fail = 0 ] || { echo "--- logs"; tail -n 15 "$C"/log/app*.log "$C/log/nginx-error.log"; }
exit $fail
