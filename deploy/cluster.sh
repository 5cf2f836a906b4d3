#!/usr/bin/env bash
# A city's deployment on one machine: PostgreSQL 15 primary and a streaming hot standby (Debian's
# packages, own ports and data folders), PgBouncer (transaction pooling) in front of the primary,
# N Gongzhi instances sharing keys, privacy key and photo store, and nginx balancing them.
#
#   deploy/cluster.sh up | down [--purge] | status
#   deploy/cluster.sh kill-app N | stop-app N | start-app N | restart-pgbouncer | stop-standby | start-standby
#   deploy/cluster.sh floor-nginx [PORT...]  the bench's bare-INSERT floor processes behind nginx on base+79 (none: removed)
#   deploy/cluster.sh promote          stop the primary cleanly, promote the standby, point PgBouncer at it
#   deploy/cluster.sh backup | restore-test
#   deploy/cluster.sh psql [ARGS]      psql on the primary as postgres
#
# Environment: GONGZHI_CLUSTER (folder, default /var/tmp/gongzhi-cluster), GONGZHI_INSTANCES (3),
# GONGZHI_PORT_BASE (56400: primary +32, standby +33, PgBouncer +39, nginx +80, instances +81…, bench floor +79),
# GONGZHI_APP (a folder holding Gongzhi.Web.dll; default: publish src/Gongzhi.Web once), GONGZHI_DEMO
# (true: the first start writes the demo community and accounts), GONGZHI_DEMO_HOUSEHOLDS (600),
# GONGZHI_FRESH_SECONDS (the read pin after a write, 5), GONGZHI_PG_MEMORY (shared_buffers, 256MB),
# GONGZHI_PG_NOSYNC (1: no fsync — a throwaway test cluster only), GONGZHI_APP_ENV (start-app: KEY=VALUE pairs added).
# The same configuration files are what docs/deploy.md installs on real machines.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
C=${GONGZHI_CLUSTER:-/var/tmp/gongzhi-cluster}
N=${GONGZHI_INSTANCES:-3}
base=${GONGZHI_PORT_BASE:-56400}
P_PRIMARY=$((base + 32)); P_STANDBY=$((base + 33)); P_BOUNCER=$((base + 39)); P_NGINX=$((base + 80)); P_FLOOR=$((base + 79))
app_port() { echo $((base + 80 + $1)); }
pgbin=/usr/lib/postgresql/15/bin

say() { printf '== %s\n' "$*"; }
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
port_open() { (echo >/dev/tcp/127.0.0.1/"$1") >/dev/null 2>&1; }
wait_http() { # url seconds
  local until=$((SECONDS + $2))
  while [ $SECONDS -lt $until ]; do curl -fsS -m 5 -o /dev/null "$1" 2>/dev/null && return 0; sleep 1; done; return 1
}

install_missing() {
  local missing=()
  [ -x $pgbin/initdb ] || missing+=(postgresql-15)
  command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || missing+=(pgbouncer)
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  [ ${#missing[@]} -eq 0 ] && return
  say "installing ${missing[*]}"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

secret() { # name generator
  local f=$C/secrets/$1
  [ -s "$f" ] || { mkdir -p "$C/secrets"; eval "$2" > "$f"; chmod 600 "$f"; }
  cat "$f"
}

fill() { # file → stdout with @KEY@ replaced
  sed -e "s|@PRIMARY_HOST@|127.0.0.1|g; s|@PRIMARY_PORT@|${primary_port:-$P_PRIMARY}|g; s|@PGBOUNCER_HOST@|127.0.0.1|g; s|@PGBOUNCER_PORT@|$P_BOUNCER|g" \
      -e "s|@STANDBY_HOST@|127.0.0.1|g; s|@STANDBY_PORT@|$P_STANDBY|g; s|@NGINX_PORT@|$P_NGINX|g; s|@RUN_DIR@|$C/run|g; s|@LOG_DIR@|$C/log|g" \
      -e "s|@CONF_DIR@|$C/conf|g; s|@SHARED_DIR@|$C/shared|g; s|@DEMO@|${GONGZHI_DEMO:-true}|g" \
      -e "s|@HOUSEHOLDS@|${GONGZHI_DEMO_HOUSEHOLDS:-600}|g; s|@FRESH_SECONDS@|${GONGZHI_FRESH_SECONDS:-5}|g" \
      -e "s|@DB_PASSWORD@|$(secret db_password 'head -c 18 /dev/urandom | base64 | tr -d "/+="')|g" \
      -e "s|@PRIVACY_KEY@|$(secret privacy_key 'head -c 32 /dev/urandom | base64')|g" "$1"
}

app_dir() {
  if [ -n "${GONGZHI_APP:-}" ]; then echo "$GONGZHI_APP"; return; fi
  if [ ! -f "$C/app/Gongzhi.Web.dll" ]; then
    say "publishing src/Gongzhi.Web to $C/app" >&2
    dotnet publish "$root/src/Gongzhi.Web" -c Release -o "$C/app" >&2
  fi
  echo "$C/app"
}

# --- PostgreSQL ------------------------------------------------------------------------------
pg_conf_local() { # data-dir port
  cat <<EOF
include_if_exists 'gongzhi.conf'
port = $2
unix_socket_directories = '$C/run'
shared_buffers = ${GONGZHI_PG_MEMORY:-256MB}
effective_cache_size = 1GB
EOF
  [ "${GONGZHI_PG_NOSYNC:-0}" = 1 ] && echo "fsync = off" || true
}

primary_up() {
  local d=$C/pg/primary
  if [ ! -f "$d/PG_VERSION" ]; then
    say "initdb primary ($d)"
    local pw; pw=$(secret db_password 'head -c 18 /dev/urandom | base64 | tr -d "/+="')
    mkdir -p "$C/pg" "$C/archive" && chown postgres:postgres "$C/pg" "$C/archive" 2>/dev/null || true
    as_postgres "$pgbin/initdb -D $d -U postgres -E UTF8 --locale=C.UTF-8 --auth-local=peer --auth-host=scram-sha-256 $([ "${GONGZHI_PG_NOSYNC:-0}" = 1 ] && echo --no-sync)" >/dev/null
    sed "s|ARCHIVE_DIR|$C/archive|g" "$here/postgresql/primary.conf" > "$d/gongzhi.conf"
    pg_conf_local "$d" $P_PRIMARY >> "$d/postgresql.conf"
    echo "host replication replicator 127.0.0.1/32 scram-sha-256" >> "$d/pg_hba.conf"
    chown postgres:postgres "$d/gongzhi.conf" "$d/postgresql.conf" "$d/pg_hba.conf" 2>/dev/null || true
    as_postgres "$pgbin/pg_ctl -D $d -l $C/log/primary.log -w start" >/dev/null
    as_postgres "psql -h $C/run -p $P_PRIMARY -U postgres -qAt" <<SQL
CREATE ROLE gongzhi LOGIN PASSWORD '$pw';
CREATE ROLE replicator LOGIN REPLICATION PASSWORD '$pw';
CREATE DATABASE gongzhi OWNER gongzhi ENCODING 'UTF8' TEMPLATE template0;
SQL
  elif ! as_postgres "$pgbin/pg_ctl -D $d status" >/dev/null 2>&1; then
    as_postgres "$pgbin/pg_ctl -D $d -l $C/log/primary.log -w start" >/dev/null
  fi
}

standby_up() {
  local d=$C/pg/standby
  if [ ! -f "$d/PG_VERSION" ]; then
    say "pg_basebackup standby ($d)"
    local pw; pw=$(secret db_password false)
    as_postgres "PGPASSWORD='$pw' $pgbin/pg_basebackup -h 127.0.0.1 -p $P_PRIMARY -U replicator -D $d -R -X stream -C -S standby1 -c fast"
    sed -i "s/^port = .*/port = $P_STANDBY/" "$d/postgresql.conf"
    # Settings read only on a standby: its name for synchronous_standby_names, and where it reads WAL
    # from when the stream is behind.
    echo "primary_conninfo = 'host=127.0.0.1 port=$P_PRIMARY user=replicator password=$pw application_name=standby1'" >> "$d/postgresql.auto.conf"
    echo "restore_command = 'cp $C/archive/%f %p'" >> "$d/postgresql.auto.conf"
  fi
  as_postgres "$pgbin/pg_ctl -D $d status" >/dev/null 2>&1 || as_postgres "$pgbin/pg_ctl -D $d -l $C/log/standby.log -w start" >/dev/null
}

# --- PgBouncer -------------------------------------------------------------------------------
bouncer_conf() {
  mkdir -p "$C/conf"
  fill "$here/pgbouncer/pgbouncer.ini" > "$C/conf/pgbouncer.ini"
  printf '"gongzhi" "%s"\n' "$(secret db_password false)" > "$C/conf/userlist.txt"
  chown postgres:postgres "$C/conf/pgbouncer.ini" "$C/conf/userlist.txt" 2>/dev/null || true
  chmod 600 "$C/conf/userlist.txt"
}
bouncer_up() {
  [ -f "$C/conf/pgbouncer.ini" ] || bouncer_conf
  port_open $P_BOUNCER || as_postgres "pgbouncer -d $C/conf/pgbouncer.ini"
  for _ in $(seq 1 20); do port_open $P_BOUNCER && return 0; sleep 0.5; done
  echo "PgBouncer did not start; see $C/log/pgbouncer.log"; return 1
}
bouncer_down() { [ -f "$C/run/pgbouncer.pid" ] && kill "$(cat "$C/run/pgbouncer.pid")" 2>/dev/null; rm -f "$C/run/pgbouncer.pid"; sleep 0.5; }

# --- Gongzhi instances -----------------------------------------------------------------------
env_file() { mkdir -p "$C/conf"; fill "$here/env/gongzhi.env" > "$C/conf/gongzhi.env"; chmod 600 "$C/conf/gongzhi.env"; }
start_app() { # n
  local n=$1 port; port=$(app_port "$n")
  port_open "$port" && return 0
  local dir vars=(); dir=$(app_dir)
  while IFS= read -r line; do [[ $line =~ ^[A-Za-z_][A-Za-z0-9_.]*= ]] && vars+=("$line"); done < "$C/conf/gongzhi.env"
  # GONGZHI_APP_ENV: KEY=VALUE pairs (space-separated) over the file's, for this start only (the bench: sweeps off).
  for kv in ${GONGZHI_APP_ENV:-}; do vars+=("$kv"); done
  # Without a published wwwroot (a build folder) the static files come from the source tree.
  local content=$dir; [ -d "$dir/wwwroot" ] || content=$root/src/Gongzhi.Web
  (cd "$content" || exit 1; env "${vars[@]}" nohup dotnet "$dir/Gongzhi.Web.dll" --urls "http://127.0.0.1:$port" --contentRoot "$content" \
     >> "$C/log/app$n.log" 2>&1 & echo $! > "$C/run/app$n.pid")
}
wait_app() { # n [seconds]: like systemd's Restart=always, start it again if it died while starting
  local until=$((SECONDS + ${2:-300}))
  while [ $SECONDS -lt $until ]; do
    curl -fsS -m 5 -o /dev/null "http://127.0.0.1:$(app_port "$1")/healthz" 2>/dev/null && return 0
    if [ -f "$C/run/app$1.pid" ] && ! kill -0 "$(cat "$C/run/app$1.pid")" 2>/dev/null; then
      echo "instance $1 exited while starting; starting it again"; rm -f "$C/run/app$1.pid"; start_app "$1"
    fi
    sleep 2
  done
  wait_http "http://127.0.0.1:$(app_port "$1")/healthz" 1 || { echo "instance $1 did not answer /healthz; see $C/log/app$1.log"; tail -n 20 "$C/log/app$1.log"; return 1; }; }
stop_app() { local f=$C/run/app$1.pid; [ -f "$f" ] && kill "${2:--TERM}" "$(cat "$f")" 2>/dev/null; rm -f "$f"; }
# As systemd stops it: SIGTERM, then wait until it has exited, so a start-app right after finds its port free
# (start-app leaves a port that still answers alone); SIGKILL after 30 s.
stop_app_wait() {
  local f=$C/run/app$1.pid pid
  [ -f "$f" ] || return 0
  pid=$(cat "$f"); kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$f"
}

# --- nginx -----------------------------------------------------------------------------------
nginx_up() {
  mkdir -p "$C/nginx/temp"
  local servers=""
  for n in $(seq 1 "$N"); do servers+="server 127.0.0.1:$(app_port "$n") max_fails=1 fail_timeout=5s; "; done
  fill "$here/nginx/gongzhi.conf" | sed "s|@SERVERS@|$servers|" > "$C/nginx/gongzhi.conf"
  cat > "$C/nginx/nginx.conf" <<EOF
worker_processes 2;
pid $C/run/nginx.pid;
error_log $C/log/nginx-error.log warn;
events { worker_connections 2048; }
http {
  access_log off;
  client_body_temp_path $C/nginx/temp/body; proxy_temp_path $C/nginx/temp/proxy;
  fastcgi_temp_path $C/nginx/temp/fastcgi; uwsgi_temp_path $C/nginx/temp/uwsgi; scgi_temp_path $C/nginx/temp/scgi;
  include $C/nginx/gongzhi.conf;
  include $C/nginx/floor*.conf;
}
EOF
  if [ -f "$C/run/nginx.pid" ] && kill -0 "$(cat "$C/run/nginx.pid")" 2>/dev/null; then nginx -c "$C/nginx/nginx.conf" -s reload
  else nginx -c "$C/nginx/nginx.conf"; fi
}

# The bench's bare-INSERT floor (bench/README.md, --only city-intake) behind the same nginx with the app's proxy
# settings (the same template, another upstream and port), so intake and floor both pay for the balancer.
floor_nginx() {
  rm -f "$C/nginx/floor.conf"
  if [ $# -gt 0 ]; then
    local servers=""
    for p in "$@"; do servers+="server 127.0.0.1:$p max_fails=1 fail_timeout=5s; "; done
    fill "$here/nginx/gongzhi.conf" | sed -e "s|@SERVERS@|$servers|; s|upstream gongzhi |upstream gongzhi_floor |; s|http://gongzhi;|http://gongzhi_floor;|" \
      -e "s|listen 127.0.0.1:$P_NGINX;|listen 127.0.0.1:$P_FLOOR;|" > "$C/nginx/floor.conf"
  fi
  nginx_up
  [ $# -eq 0 ] || wait_http "http://127.0.0.1:$P_FLOOR/healthz" 30
}

# --- commands --------------------------------------------------------------------------------
up() {
  install_missing
  mkdir -p "$C/run" "$C/log" "$C/shared/data" "$C/shared/keys"
  chown postgres:postgres "$C/run" "$C/log" 2>/dev/null || true
  chmod 755 "$C" "$C/run"; chmod 777 "$C/log"
  primary_up
  standby_up
  bouncer_up
  env_file
  say "instance 1 (migrates the database first)"
  start_app 1; wait_app 1 600
  for n in $(seq 2 "$N"); do start_app "$n"; done
  for n in $(seq 2 "$N"); do wait_app "$n"; done
  nginx_up
  wait_http "http://127.0.0.1:$P_NGINX/healthz" 30
  status
}

down() {
  say "stopping"
  [ -f "$C/run/nginx.pid" ] && nginx -c "$C/nginx/nginx.conf" -s quit 2>/dev/null || true
  for f in "$C"/run/app*.pid; do [ -f "$f" ] && { kill "$(cat "$f")" 2>/dev/null || true; }; rm -f "$f"; done
  bouncer_down || true
  for d in standby primary; do
    [ -f "$C/pg/$d/PG_VERSION" ] && as_postgres "$pgbin/pg_ctl -D $C/pg/$d -m fast stop" >/dev/null 2>&1 || true
  done
  if [ "${1:-}" = --purge ]; then rm -rf "$C"; say "removed $C"; fi
}

status() {
  for d in primary standby; do
    local port; port=$([ $d = primary ] && echo $P_PRIMARY || echo $P_STANDBY)
    if [ -f "$C/pg/$d/PG_VERSION" ] && as_postgres "$pgbin/pg_ctl -D $C/pg/$d status" >/dev/null 2>&1; then
      local rec; rec=$(as_postgres "psql -h $C/run -p $port -U postgres -qAt -c 'select pg_is_in_recovery()'" 2>/dev/null || echo "?")
      echo "postgres $d  :$port  up  (in recovery: $rec)"
    else echo "postgres $d  :$port  down"; fi
  done
  as_postgres "psql -h $C/run -p $P_PRIMARY -U postgres -qAt -c \"select 'replication   ' || application_name || ' ' || state || ' ' || sync_state || ' replay lag ' || coalesce(replay_lag::text, '0') from pg_stat_replication\"" 2>/dev/null || true
  port_open $P_BOUNCER && echo "pgbouncer    :$P_BOUNCER  up" || echo "pgbouncer    :$P_BOUNCER  down"
  for n in $(seq 1 "$N"); do
    local port; port=$(app_port "$n")
    if curl -fsS -m 5 -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null; then echo "gongzhi $n    :$port  healthy"; else echo "gongzhi $n    :$port  down"; fi
  done
  curl -fsS -m 5 -o /dev/null "http://127.0.0.1:$P_NGINX/healthz" 2>/dev/null && echo "nginx        :$P_NGINX  healthy (http://127.0.0.1:$P_NGINX/)" || echo "nginx        :$P_NGINX  down"
}

promote() {
  say "stopping the primary cleanly (it waits for the standby to receive every WAL record)"
  as_postgres "$pgbin/pg_ctl -D $C/pg/primary -m fast stop" >/dev/null
  say "promoting the standby"
  as_postgres "$pgbin/pg_ctl -D $C/pg/standby -w promote" >/dev/null
  # The instances reach the primary through PgBouncer: point it at the new primary and reload. Their
  # read connection lists the standby first (now the primary) and PgBouncer second: no restart needed.
  primary_port=$P_STANDBY bouncer_conf
  as_postgres "psql -h $C/run -p $P_BOUNCER -U gongzhi pgbouncer -c RELOAD" >/dev/null 2>&1 \
    || PGPASSWORD=$(secret db_password false) psql -h 127.0.0.1 -p $P_BOUNCER -U gongzhi pgbouncer -c RELOAD >/dev/null
  PGPASSWORD=$(secret db_password false) psql -h 127.0.0.1 -p $P_BOUNCER -U gongzhi pgbouncer -c "RECONNECT gongzhi" >/dev/null 2>&1 || true
  say "PgBouncer now sends writes to :$P_STANDBY"
}

backup() {
  local d; d=$C/backup/base-$(date -u +%Y%m%dT%H%M%S)
  mkdir -p "$C/backup"; chown postgres:postgres "$C/backup" 2>/dev/null || true
  as_postgres "PGPASSWORD='$(secret db_password false)' $pgbin/pg_basebackup -h 127.0.0.1 -p $P_PRIMARY -U replicator -D $d -Ft -z -X fetch -c fast"
  echo "$d"
}

# Restore the newest base backup plus the WAL archive into a fresh folder on a spare port, to the end of
# the archive, and compare a count with the primary: the documented restore, run.
restore_test() {
  local b; b=$(ls -d "$C"/backup/base-* 2>/dev/null | tail -n 1 || true)
  [ -n "$b" ] || b=$(backup)
  # A row written after the base backup: only WAL replay from the archive can bring it back.
  as_postgres "psql -h $C/run -p $P_PRIMARY -U postgres -qAt -c 'set client_min_messages = warning' -c 'create table if not exists restore_marks (at timestamptz)' -c 'insert into restore_marks values (now())'" >/dev/null
  as_postgres "psql -h $C/run -p $P_PRIMARY -U postgres -qAt -c 'select pg_switch_wal()'" >/dev/null
  sleep 2
  local r=$C/pg/restore port=$((base + 34))
  as_postgres "$pgbin/pg_ctl -D $r -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$r"; mkdir -p "$r"; chown postgres:postgres "$r"; chmod 700 "$r"
  as_postgres "tar -xzf $b/base.tar.gz -C $r"
  sed -i "s/^port = .*/port = $port/" "$r/postgresql.conf"
  sed -i '/^primary_conninfo/d; /^restore_command/d' "$r/postgresql.auto.conf" 2>/dev/null || true
  printf "restore_command = 'cp %s/%%f %%p'\narchive_mode = off\nrecovery_target_action = promote\n" "$C/archive" >> "$r/postgresql.auto.conf"
  as_postgres "touch $r/recovery.signal"
  as_postgres "$pgbin/pg_ctl -D $r -l $C/log/restore.log -w -t 300 start" >/dev/null
  for _ in $(seq 1 120); do
    [ "$(as_postgres "psql -h $C/run -p $port -U postgres -qAt -c 'select pg_is_in_recovery()'" 2>/dev/null)" = f ] && break; sleep 1
  done
  local q='select count(*) from "Cases"'
  local restored primary
  local m='select count(*) from restore_marks'
  restored=$(as_postgres "psql -h $C/run -p $port -U postgres -d gongzhi -qAt -c '$q'")/$(as_postgres "psql -h $C/run -p $port -U postgres -qAt -c '$m'")
  primary=$(as_postgres "psql -h $C/run -p $P_PRIMARY -U postgres -d gongzhi -qAt -c '$q'")/$(as_postgres "psql -h $C/run -p $P_PRIMARY -U postgres -qAt -c '$m'")
  as_postgres "$pgbin/pg_ctl -D $r -m fast stop" >/dev/null
  echo "restore: base backup $(basename "$b") + WAL archive → cases/marks written after backups $restored (primary: $primary)"
  [ "$restored" = "$primary" ]
}

cmd=${1:-status}; shift || true
case $cmd in
  up) up ;;
  install) install_missing ;;
  down) down "${1:-}" ;;
  status) status ;;
  kill-app) stop_app "$1" -KILL ;;
  stop-app) stop_app_wait "$1" ;;
  floor-nginx) floor_nginx "$@" ;;
  start-app) start_app "$1"; wait_app "$1" ;;
  restart-pgbouncer) bouncer_down; bouncer_up ;;
  stop-standby) as_postgres "$pgbin/pg_ctl -D $C/pg/standby -m fast stop" >/dev/null ;;
  start-standby) standby_up ;;
  promote) promote ;;
  backup) backup ;;
  restore-test) restore_test ;;
  psql) as_postgres "psql -h $C/run -p $P_PRIMARY -U postgres -d gongzhi $*" ;;
  *) sed -n '2,17p' "$0"; exit 2 ;;
esac
