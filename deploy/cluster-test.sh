#!/usr/bin/env bash
# The faults of docs/deploy.md, run against the local cluster under intake load, at small scale
# (GONGZHI_INSTANCES=2 by default, one standby). Several minutes on a shared machine, so ./test.sh does not
# run it; run it by hand or in CI with root:   deploy/cluster-test.sh      (leaves the cluster down unless KEEP=1)
#
# Intake: W clients post cases through nginx as the demo resident, each with its own Idempotency-Key, and
# retry a failed post with the same key until it is acknowledged. Meanwhile:
#   1. kill -9 one app instance (nginx moves traffic to the other; it is started again);
#   2. restart PgBouncer;
#   3. stop the standby: search and Open311 GET must still answer (reads fall back to the primary);
#   4. stop the primary cleanly, promote the standby, point PgBouncer at it (cluster.sh promote).
# Then every acknowledged key must be exactly one case on the new primary, and no key two cases.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export GONGZHI_INSTANCES=${GONGZHI_INSTANCES:-2} GONGZHI_DEMO=true
base=${GONGZHI_PORT_BASE:-56400}
C=${GONGZHI_CLUSTER:-/var/tmp/gongzhi-cluster}
CS=$here/cluster.sh
NGINX=http://127.0.0.1:$((base + 80))
W=${W:-8}
run=ct$(date +%s)
fail=0
say() { printf '== %s\n' "$*"; }
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }
sql() { su postgres -s /bin/bash -c "psql -h $C/run -p $1 -U postgres -d gongzhi -qAt -c \"$2\""; }

"$CS" up || exit 1
resident=$(sql $((base + 32)) "select u.\\\"UserName\\\" from \\\"AspNetUsers\\\" u join \\\"AspNetUserRoles\\\" ur on ur.\\\"UserId\\\" = u.\\\"Id\\\" join \\\"AspNetRoles\\\" r on r.\\\"Id\\\" = ur.\\\"RoleId\\\" where r.\\\"Name\\\" = 'Resident' and u.\\\"PhoneNumberConfirmed\\\" order by u.\\\"CreatedAt\\\" limit 1")
category=$(sql $((base + 32)) "select \\\"Id\\\" from \\\"CaseCategories\\\" where \\\"Code\\\" = 'other'")
token=$(curl -fsS -X POST "$NGINX/api/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"userName\":\"$resident\",\"password\":\"Gongzhi@2026\"}" | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "FAIL login as $resident"; exit 1; }
work=$(mktemp -d)

client() { # w
  local i=0 key code
  while [ ! -f "$work/stop" ]; do
    i=$((i + 1)); key="$run-$1-$i"
    until code=$(curl -s -o "$work/body.$1" -w '%{http_code}' -m 20 -X POST "$NGINX/api/v1/cases" -H "authorization: Bearer $token" \
        -H 'content-type: application/json' -H "Idempotency-Key: $key" -d "{\"categoryId\":$category,\"description\":\"楼道灯不亮 集群测试 $key\"}") \
        && { [ "$code" = 201 ] || [ "$code" = 200 ]; }; do
      echo "$key $code" >> "$work/retries"; sleep 0.3
    done
    echo "$key $(sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$work/body.$1")" >> "$work/acked.$1"
  done
}

say "intake: $W clients through nginx"
for w in $(seq 1 "$W"); do client "$w" & done
sleep 10

say "fault 1: kill -9 instance 1"
"$CS" kill-app 1
sleep 10
ok_after_kill=$(curl -s -o /dev/null -w '%{http_code}' "$NGINX/healthz")
check "nginx answers with one instance gone" '[ "$ok_after_kill" = 200 ]'
"$CS" start-app 1 >/dev/null

say "fault 2: restart PgBouncer"
"$CS" restart-pgbouncer
sleep 10

say "fault 3: stop the standby"
"$CS" stop-standby
sleep 2
last=$(cat "$work"/acked.* | tail -n 1 | cut -d' ' -f2)
code=$(curl -s -o /dev/null -w '%{http_code}' "$NGINX/open311/v2/requests/$last.json")
check "Open311 GET of an acknowledged case with the standby down (read falls back to the primary): $code" '[ "$code" = 200 ]'
code=$(curl -s -o /dev/null -w '%{http_code}' -H "authorization: Bearer $token" "$NGINX/api/v1/cases?q=%E6%A5%BC%E9%81%93")
"$CS" start-standby
sleep 10

say "fault 4: stop the primary, promote the standby"
"$CS" promote
sleep 15
touch "$work/stop"; wait

acked=$(cat "$work"/acked.* | wc -l)
retries=$( [ -f "$work/retries" ] && wc -l < "$work/retries" || echo 0)
# The app stores the Idempotency-Key hashed with the caller; the key is also in each description, so match on that.
like="'%集群测试 $run-%'"
present=$(sql $((base + 33)) "select count(*) from \\\"Cases\\\" where \\\"Description\\\" like $like")
distinct=$(sql $((base + 33)) "select count(distinct \\\"IdempotencyKey\\\") from \\\"Cases\\\" where \\\"Description\\\" like $like")
cut -d' ' -f1 "$work"/acked.* | sort > "$work/acked-keys"
sql $((base + 33)) "select substring(\\\"Description\\\" from '$run-[0-9]+-[0-9]+') from \\\"Cases\\\" where \\\"Description\\\" like $like" | sort > "$work/db-keys"
missing=$(comm -23 "$work/acked-keys" "$work/db-keys" | wc -l)
say "acknowledged $acked cases ($retries failed attempts retried with the same key); on the new primary: $present cases, $distinct keys"
check "every acknowledged case is on the promoted standby" '[ "$missing" = 0 ]'
check "no key made two cases" '[ "$present" = "$distinct" ]'
check "no case without an acknowledgement" '[ "$present" = "$acked" ]'
rm -rf "$work"
[ "${KEEP:-0}" = 1 ] || "$CS" down --purge >/dev/null
[ $fail = 0 ] && echo "cluster test: passed" || echo "cluster test: FAILED"
exit $fail
