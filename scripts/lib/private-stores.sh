# Sourced by the benchmark scripts: a private PostgreSQL cluster and redis-server in a temporary
# folder. When the script exits, everything it started in the background and the cluster stop and
# the folder is removed. Provides $work, $pg_bin, as_postgres and
# start_private_stores PG_PORT REDIS_PORT [EXTRA_POSTGRES_OPTIONS] (creates the database "shop").
work=$(mktemp -d)
chmod 755 "$work"
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
# PostgreSQL refuses to run as root: its tools run as the postgres user then.
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
    kill $(jobs -p) 2>/dev/null || true
    wait 2>/dev/null || true
    as_postgres "$pg_bin/pg_ctl" -D "$work/postgres/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

start_private_stores() {
    local pg_port=$1 redis_port=$2 extra=${3:-}
    mkdir -p "$work/postgres"
    if [ "$(id -u)" = 0 ]; then chown postgres "$work/postgres"; fi
    as_postgres "$pg_bin/initdb" -D "$work/postgres/data" -U shopmicro --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    as_postgres "$pg_bin/pg_ctl" -D "$work/postgres/data" -l "$work/postgres/server.log" -w \
        -o "-p $pg_port -k /tmp -c listen_addresses=127.0.0.1 $extra" start >/dev/null
    as_postgres "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U shopmicro shop
    redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
}
