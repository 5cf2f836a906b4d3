#!/usr/bin/env bash
# Timings through nginx on the local cluster (deploy/cluster.sh up, then bench/city/generate.sql):
#   bench/city/http.sh [requests per kind, default 200]
# One request at a time with curl (time_total: connect to nginx until the last byte), after 20 warm-up
# requests per kind. The floor is GET /healthz through the same nginx (one trivial query of the database).
set -uo pipefail
R=${1:-200}
base=${GONGZHI_PORT_BASE:-56400}
C=${GONGZHI_CLUSTER:-/var/tmp/gongzhi-cluster}
N=http://127.0.0.1:$((base + 80))
sql() { su postgres -s /bin/bash -c "psql -h $C/run -p $((base + 32)) -U postgres -d gongzhi -qAt -c \"$1\""; }
token() { curl -fsS -X POST "$N/api/v1/auth/login" -H 'content-type: application/json' -d "{\"userName\":\"$1\",\"password\":\"Gongzhi@2026\"}" | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p'; }
li=$(token wangge.li); tj=$(token tuanjie); jd=$(token jiedao)
grid=$(sql "select p.\\\"PlaceId\\\" from \\\"DutyPosts\\\" p join \\\"AspNetUsers\\\" u on u.\\\"Id\\\" = p.\\\"UserId\\\" where u.\\\"UserName\\\" = 'wangge.li' limit 1")
ids=($(sql "select \\\"Id\\\" from \\\"Cases\\\" where \\\"GridId\\\" = $grid order by random() limit 500"))
words=(路灯 漏水 噪音 垃圾 充电 井盖 堵塞 树枝 车库 广场)
community=$(sql "select \\\"CommunityId\\\" from \\\"Grids\\\" where \\\"Id\\\" = $grid")
subdistrict=$(sql "select \\\"SubdistrictId\\\" from \\\"Communities\\\" where \\\"Id\\\" = $community")
# The dashboards are pages: a cookie session through the sign-in form, as a browser gets one.
cookie_login() { # user → the cookie jar's path
  local jar=/tmp/city-http-$1.$$.jar tok
  tok=$(curl -s -c "$jar" "$N/login" | grep -o 'name="__RequestVerificationToken"[^>]*value="[^"]*"' | sed 's/.*value="//; s/"$//')
  curl -s -b "$jar" -c "$jar" -o /dev/null "$N/login" --data-urlencode "_handler=login" --data-urlencode "__RequestVerificationToken=$tok" \
    --data-urlencode "Input.UserName=$1" --data-urlencode "Input.Password=Gongzhi@2026"
  echo "$jar"
}
tj_jar=$(cookie_login tuanjie); jd_jar=$(cookie_login jiedao); year=$(date -u +%Y)

time_one() { curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$@"; }
series() { # name, then a command that prints "code seconds" for request i
  local name=$1; shift
  for i in $(seq 1 20); do "$@" "$i" >/dev/null; done
  for i in $(seq 1 "$R"); do "$@" "$i"; done > /tmp/city-http.$$
  local bad; bad=$(awk '$1 != 200' /tmp/city-http.$$ | wc -l)
  awk '{print $2 * 1000}' /tmp/city-http.$$ | sort -n | awk -v n="$name" -v bad="$bad" '{a[NR]=$1} END {
    printf "%-34s n=%d  p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms  non-200: %d\n", n, NR, a[int(NR*0.5)+1], a[int(NR*0.95)], a[int(NR*0.99)], bad }'
}
floor() { time_one "$N/healthz"; }
worklist() { time_one -H "authorization: Bearer $li" "$N/api/v1/worklist?mine=true"; }
gridlist() { time_one -H "authorization: Bearer $li" "$N/api/v1/worklist?gridId=$grid&page=$(( $1 % 5 + 1 ))"; }
casepage() { time_one -H "authorization: Bearer $li" "$N/api/v1/cases/${ids[$(( $1 % ${#ids[@]} ))]}"; }
search() { time_one -G -H "authorization: Bearer $tj" "$N/api/v1/cases" --data-urlencode "q=${words[$(( $1 % 10 ))]}"; }
metrics_c() { time_one -H "authorization: Bearer $tj" "$N/api/v1/case-metrics?by=grid"; }
metrics_s() { time_one -H "authorization: Bearer $jd" "$N/api/v1/case-metrics?by=community"; }
dash_c() { time_one -b "$tj_jar" "$N/insight/community/$community?p=year&on=$year"; }
dash_s() { time_one -b "$jd_jar" "$N/insight/subdistrict/$subdistrict?p=year&on=$year"; }
open311() { time_one "$N/open311/v2/requests.json?start_date=$(date -u -d '-7 days' +%Y-%m-%dT00:00:00Z)&status=open"; }
open311_one() { time_one "$N/open311/v2/requests/${ids[$(( $1 % ${#ids[@]} ))]}.json"; }

echo "# $(date -u '+%F %T UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), cases $(sql "select count(*) from \\\"Cases\\\""), grid $grid"
series "floor: GET /healthz" floor
series "work list (wangge.li, mine)" worklist
series "grid work list pages 1-5" gridlist
series "case page" casepage
series "search, two characters (tuanjie)" search
series "metrics by grid (community staff)" metrics_c
series "metrics by community (subdistrict)" metrics_s
series "community dashboard, this year (tuanjie)" dash_c
series "subdistrict dashboard, this year (jiedao)" dash_s
series "Open311 GET requests, 7 days open" open311
series "Open311 GET one request" open311_one
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f /tmp/city-http.$$ "$tj_jar" "$jd_jar"
