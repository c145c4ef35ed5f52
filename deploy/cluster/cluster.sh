#!/usr/bin/env bash
# The province deployment on one machine (README, "Scale beyond one machine"; `make cluster`,
# `make cluster-down`): a hot standby of the machine's PostgreSQL on another port, two gunicorn
# instances and the jobs worker sharing Redis and the attachments, nginx in front on a loopback port.
#
#   cluster.sh up              start whatever is not running (idempotent)
#   cluster.sh down            stop everything, drop the standby, the database and the Redis keys
#   cluster.sh start-instance N / stop-instance N / kill-instance N      (N = 1 or 2)
#   cluster.sh start-replica / stop-replica
#   cluster.sh status
#
# Everything it writes is under .cluster/ in the project, except the standby's PostgreSQL cluster
# (Debian's pg_createcluster: its configuration in /etc/postgresql/, its data in .cluster/), and on
# the primary one line in pg_hba.conf allowing replication from 127.0.0.1 and a replication slot,
# which `down` removes. The primary is never restarted: the line takes effect with pg_reload_conf().
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
STATE=$ROOT/.cluster
BIN=$ROOT/.venv/bin
PG_VERSION=${CLUSTER_PG_VERSION:-15}
PRIMARY_PORT=${CLUSTER_PRIMARY_PORT:-5432}
REPLICA_NAME=cppcc_replica
REPLICA_PORT=${CLUSTER_REPLICA_PORT:-5433}
DATABASE=cppcc_cluster
REDIS_DB=${CLUSTER_REDIS_DB:-7}
PREFIX=cppcc-cluster
NGINX_PORT=8100
INSTANCE_PORTS=(8101 8102)
HBA_MARK="# cppcc cluster: the standby's replication ($ROOT)"
PASSWORD=cluster-Demo-2026

primary_sql() {
    psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d "${2:-postgres}" -tAc "$1"
}

write_env() {
    mkdir -p "$STATE"/{logs,run,media,nginx/logs,nginx/temp}
    if [[ ! -s $STATE/secret_key ]]; then
        "$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))' >"$STATE/secret_key"
        chmod 600 "$STATE/secret_key"
    fi
    cat >"$STATE/env" <<EOF
DJANGO_SETTINGS_MODULE=cppcc.settings
DJANGO_SECRET_KEY=$(cat "$STATE/secret_key")
DJANGO_DEBUG=0
DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
DJANGO_SECURE_SSL_REDIRECT=0
DJANGO_NUM_PROXIES=1
DATABASE_URL=postgres://postgres@127.0.0.1:$PRIMARY_PORT/$DATABASE?application_name=cppcc-primary
DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:$REPLICA_PORT/$DATABASE?application_name=cppcc-replica
REDIS_URL=redis://127.0.0.1:6379/$REDIS_DB
CACHE_KEY_PREFIX=$PREFIX
DJANGO_MEDIA_ROOT=$STATE/media
DJANGO_STATIC_ROOT=$STATE/static
DJANGO_LOG_LEVEL=WARNING
PYTHONPATH=$ROOT
EOF
}

load_env() {
    set -a
    # shellcheck source=/dev/null
    . "$STATE/env"
    set +a
}

alive() { [[ -s $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_healthy() {
    for _ in $(seq 300); do
        [[ $(curl -s -o /dev/null -w '%{http_code}' "$1/healthz") == 200 ]] && return 0
        sleep 0.2
    done
    echo "no healthy answer from $1" >&2
    return 1
}

allow_replication() {
    local hba
    hba=$(primary_sql "SHOW hba_file")
    if ! grep -qF "$HBA_MARK" "$hba"; then
        printf '%s\nhost replication postgres 127.0.0.1/32 trust\n' "$HBA_MARK" >>"$hba"
        primary_sql "SELECT pg_reload_conf()" >/dev/null
    fi
}

forbid_replication() {
    local hba
    hba=$(primary_sql "SHOW hba_file")
    if grep -qF "$HBA_MARK" "$hba"; then
        # The marked comment and the line after it.
        awk -v mark="$HBA_MARK" '$0 == mark { skip = 2 } skip > 0 { skip--; next } { print }' "$hba" >"$hba.cppcc"
        cat "$hba.cppcc" >"$hba" && rm "$hba.cppcc"
        primary_sql "SELECT pg_reload_conf()" >/dev/null
    fi
}

drop_slot() {
    primary_sql "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots
                 WHERE slot_name = '$REPLICA_NAME' AND NOT active" >/dev/null
}

replica_exists() { pg_lsclusters -h | awk -v v="$PG_VERSION" -v n="$REPLICA_NAME" '$1 == v && $2 == n' | grep -q .; }

database_up() {
    if [[ -z $(primary_sql "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'") ]]; then
        primary_sql "CREATE DATABASE $DATABASE ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0"
    fi
    (
        cd "$ROOT"
        "$BIN/python" manage.py migrate --noinput >/dev/null
        "$BIN/python" manage.py seed_demo --if-empty >/dev/null
        # The demo's accounts get a password of the policy (debug is off here: the demo password is refused).
        "$BIN/python" manage.py shell -c "
from django.contrib.auth import get_user_model
for user in get_user_model().objects.filter(username__in=['secretariat', 'leader', 'member', 'member2', 'unit', 'county']):
    if not user.check_password('$PASSWORD'):
        user.set_password('$PASSWORD')
        user.save(update_fields=['password'])
" >/dev/null 2>&1
        "$BIN/python" manage.py collectstatic --noinput >/dev/null
    )
}

replica_up() {
    allow_replication
    if ! replica_exists; then
        mkdir -p "$STATE/postgresql"
        chown postgres: "$STATE/postgresql"
        pg_createcluster "$PG_VERSION" "$REPLICA_NAME" -p "$REPLICA_PORT" -d "$STATE/postgresql/data" \
            -l "$STATE/postgresql/replica.log" >/dev/null
        # Every statement logged with its application name: the tests read what reached the standby.
        cat >"/etc/postgresql/$PG_VERSION/$REPLICA_NAME/conf.d/cppcc.conf" <<'CONF'
listen_addresses = '127.0.0.1'
hot_standby = on
log_statement = 'all'
log_line_prefix = '%m [%p] %a %q%u@%d '
CONF
        # Clients are let in as the primary lets them in.
        cp "$(primary_sql "SHOW hba_file")" "/etc/postgresql/$PG_VERSION/$REPLICA_NAME/pg_hba.conf"
        rm -rf "$STATE/postgresql/data"
        drop_slot
        # A replication slot keeps on the primary the WAL the standby has not received, so that a
        # stopped standby catches up however busy the primary was meanwhile (`down` drops it).
        runuser -u postgres -- pg_basebackup -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres \
            -D "$STATE/postgresql/data" -R -X stream -c fast -C -S "$REPLICA_NAME"
    fi
    replica_start
}

replica_start() {
    if ! pg_lsclusters -h | awk -v v="$PG_VERSION" -v n="$REPLICA_NAME" '$1 == v && $2 == n && $4 ~ /^online/' | grep -q .; then
        pg_ctlcluster "$PG_VERSION" "$REPLICA_NAME" start
    fi
}

replica_stop() {
    if replica_exists; then
        pg_ctlcluster "$PG_VERSION" "$REPLICA_NAME" stop -m fast 2>/dev/null || true
    fi
}

instance_start() {
    local n=$1 port=${INSTANCE_PORTS[$1 - 1]}
    if ! alive "$STATE/run/app$n.pid"; then
        # --daemon: the master and its workers are a process group of their own: the instance.
        (cd "$ROOT" && "$BIN/gunicorn" cppcc.wsgi:application --bind "127.0.0.1:$port" \
            --workers 2 --timeout 30 --graceful-timeout 5 --forwarded-allow-ips 127.0.0.1 \
            --pid "$STATE/run/app$n.pid" --error-logfile "$STATE/logs/app$n.log" --daemon)
    fi
    wait_healthy "http://127.0.0.1:$port"
}

instance_stop() {
    local n=$1 signal=${2:-TERM}
    if alive "$STATE/run/app$n.pid"; then
        local pid group
        pid=$(cat "$STATE/run/app$n.pid")
        group=$(ps -o pgid= -p "$pid" | tr -d ' ')
        kill "-$signal" -- "-$group" 2>/dev/null || true
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$STATE/run/app$n.pid"
}

worker_start() {
    if ! alive "$STATE/run/worker.pid"; then
        # A session of its own, its pid written by the process itself (exec keeps it).
        (cd "$ROOT" && setsid bash -c 'echo $$ >"$1"; exec "$2/python" manage.py run_huey --workers 2' \
            worker "$STATE/run/worker.pid" "$BIN" </dev/null >>"$STATE/logs/worker.log" 2>&1 &)
        for _ in $(seq 50); do [[ -s $STATE/run/worker.pid ]] && break; sleep 0.1; done
    fi
}

worker_stop() {
    if alive "$STATE/run/worker.pid"; then
        local pid
        pid=$(cat "$STATE/run/worker.pid")
        kill -INT "$pid"  # Huey finishes the jobs it runs, then exits
        for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$STATE/run/worker.pid"
}

nginx_args() { echo -c "$ROOT/deploy/cluster/nginx.conf" -p "$STATE/nginx/" -e "$STATE/nginx/logs/error.log"; }

nginx_start() {
    # shellcheck disable=SC2046
    alive "$STATE/nginx/nginx.pid" || nginx $(nginx_args)
    wait_healthy "http://127.0.0.1:$NGINX_PORT"
}

nginx_stop() {
    # shellcheck disable=SC2046
    alive "$STATE/nginx/nginx.pid" && nginx $(nginx_args) -s quit
    for _ in $(seq 50); do alive "$STATE/nginx/nginx.pid" || break; sleep 0.1; done
}

up() {
    write_env
    load_env
    replica_up
    database_up
    instance_start 1
    instance_start 2
    worker_start
    nginx_start
    status
}

down() {
    nginx_stop || true
    worker_stop
    instance_stop 1
    instance_stop 2
    if replica_exists; then
        replica_stop
        pg_dropcluster "$PG_VERSION" "$REPLICA_NAME"
    fi
    # pg_dropcluster leaves the files it did not write.
    rm -rf "/etc/postgresql/$PG_VERSION/$REPLICA_NAME"
    drop_slot
    forbid_replication
    primary_sql "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" >/dev/null
    redis-cli -n "$REDIS_DB" --scan --pattern "*$PREFIX*" | xargs -r redis-cli -n "$REDIS_DB" del >/dev/null
    rm -rf "$STATE"
}

status() {
    echo "nginx      http://127.0.0.1:$NGINX_PORT/   (instances ${INSTANCE_PORTS[*]})"
    for n in 1 2; do
        alive "$STATE/run/app$n.pid" && echo "instance $n pid $(cat "$STATE/run/app$n.pid")" || echo "instance $n down"
    done
    alive "$STATE/run/worker.pid" && echo "worker     pid $(cat "$STATE/run/worker.pid")" || echo "worker     down"
    pg_lsclusters | awk -v n="$REPLICA_NAME" '$2 == n'
    echo "environment: $STATE/env   demo accounts' password: $PASSWORD"
}

case ${1:-} in
up) up ;;
down) down ;;
start-instance) load_env && instance_start "$2" ;;
stop-instance) instance_stop "$2" ;;
kill-instance) instance_stop "$2" KILL ;;
start-replica) replica_start ;;
stop-replica) replica_stop ;;
status) status ;;
*)
    echo "usage: $0 up|down|status|start-instance N|stop-instance N|kill-instance N|start-replica|stop-replica" >&2
    exit 2
    ;;
esac
