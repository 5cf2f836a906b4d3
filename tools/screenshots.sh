#!/usr/bin/env bash
# The README's pictures: each demo role's home page at 375 px and 1366 px, written to docs/images/.
# Runs the app from its Release build on a free loopback port with a fresh SQLite demo community
# (300 households) in a throwaway folder, signs in as each role in chromium (playwright-core from npm,
# pinned in tools/screenshots/package-lock.json) and photographs the home page. Not a test: it checks
# only that each person can sign in and their home page has a heading.
#
#   tools/screenshots.sh            builds src/Gongzhi.Web first (-c Release)
#   GONGZHI_APP=<folder with Gongzhi.Web.dll> tools/screenshots.sh     to skip the build
#   CHROMIUM=/path/to/chromium      (default /usr/bin/chromium)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=$repo/docs/images
password=Gongzhi@2026

app=${GONGZHI_APP:-}
if [ -z "$app" ]; then
  dotnet build "$repo/src/Gongzhi.Web" -c Release -m:1 -v quiet -nologo
  app=$repo/src/Gongzhi.Web/bin/Release/net10.0
fi
[ -f "$app/Gongzhi.Web.dll" ] || { echo "no Gongzhi.Web.dll in $app" >&2; exit 1; }
(cd "$repo/tools/screenshots" && npm ci --no-audit --no-fund --silent)

work=$(mktemp -d /tmp/gongzhi-screenshots.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Static files come from the source tree when the folder is a build, not a publish.
content=$app; [ -d "$app/wwwroot" ] || content=$repo/src/Gongzhi.Web
pid=
finish() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap finish EXIT
(cd "$content" && exec env DataDirectory="$work/data" Database__Provider=Sqlite Database__ConnectionString= \
  Demo__Enabled=true Demo__Households=300 Demo__Password="$password" Logging__LogLevel__Default=Warning \
  dotnet "$app/Gongzhi.Web.dll" --urls "http://127.0.0.1:$port" --contentRoot "$content" > "$work/app.log" 2>&1) &
pid=$!

# The first start migrates and writes the demo community: give it a few minutes on a busy machine.
for _ in $(seq 1 300); do
  curl -fsS -m 5 -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { echo "the app exited while starting:" >&2; tail -n 30 "$work/app.log" >&2; exit 1; }
  sleep 1
done
curl -fsS -m 5 -o /dev/null "http://127.0.0.1:$port/healthz" || { echo "the app did not answer /healthz" >&2; tail -n 30 "$work/app.log" >&2; exit 1; }

# The demo resident: the first confirmed resident account with a household (as the browser tests pick it).
resident=$(sqlite3 "$work/data/gongzhi.db" "SELECT u.UserName FROM AspNetUsers u JOIN AspNetUserRoles ur ON ur.UserId = u.Id
  JOIN AspNetRoles r ON r.Id = ur.RoleId WHERE r.Name = 'Resident' AND u.PhoneNumberConfirmed = 1 AND u.ResidentId IS NOT NULL
  ORDER BY u.CreatedAt LIMIT 1;")
[ -n "$resident" ] || { echo "no demo resident account found" >&2; exit 1; }

mkdir -p "$out"
node "$repo/tools/screenshots/home.mjs" "http://127.0.0.1:$port" "$out" "$password" \
  "resident=$resident" building-leader=loudong grid-worker=wangge.li community-staff=tuanjie subdistrict=jiedao \
  butler=wuye department=bumen merchant=shanghu administrator=admin
