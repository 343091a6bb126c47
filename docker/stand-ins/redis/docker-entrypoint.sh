#!/bin/sh
# The official redis image's entrypoint contract: flags or a .conf file mean `redis-server` with
# them; `redis-server` started as root runs as the redis user once /data is its own.
set -e
case "$1" in -*|*.conf) set -- redis-server "$@" ;; esac
if [ "$1" = 'redis-server' ] && [ "$(id -u)" = '0' ]; then
    find . \! -user redis -exec chown redis '{}' +
    exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi
umask 0077
exec "$@"
