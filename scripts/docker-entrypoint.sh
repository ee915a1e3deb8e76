#!/bin/sh
# The container image's entrypoint. It takes the command line a compose file
# wrote for amazon/dynamodb-local, unchanged, as separate words:
#   command: "-jar DynamoDBLocal.jar -sharedDb -dbPath ./data"
# and runs (exec, so dynarock is PID 1 and gets docker's SIGTERM)
#   dynarock --host 0.0.0.0 -jar DynamoDBLocal.jar -sharedDb -dbPath ./data
# dynarock skips "-jar X" itself; a later --host or -port wins.
#
# Without arguments it does what amazon/dynamodb-local does without a command
# (its CMD is "-jar DynamoDBLocal.jar -inMemory"): one in-memory database,
# empty after every restart. Give "-sharedDb -dbPath ./data" to keep data.
#
# With -dbPath the directory is created if missing. dynarock keeps its files
# in <dbPath>/dynarock/ and touches nothing else there, so DynamoDB Local's
# shared-local-instance.db may stay (it is neither read nor changed).
#
# Started as root with DYNAROCK_USER set (the image sets dynamodblocal),
# dynarock runs unprivileged: as the owner of the data directory when that is
# not root (a bind-mounted host directory, whose files then stay the host
# user's), else as DYNAROCK_USER. Only <dbPath>/dynarock/ is created and given
# to that user; nothing else changes owner. So compose's `user: root`, which
# DynamoDB Local needed for the volume, is not needed, and harmless. An empty
# DYNAROCK_USER keeps root (e.g. under rootless Docker).
#
# DYNAROCK_CONSOLE=1 (the image sets it; also true or yes) adds --console:
# the web console at http://localhost:8000/console. DYNAROCK_CONSOLE=0 (or
# anything else) leaves it out.
#
# DYNAROCK_BIN: the binary (default: dynarock on PATH), e.g. to run this
# script outside Docker: DYNAROCK_BIN=build/dynarock scripts/docker-entrypoint.sh
set -eu

bin=${DYNAROCK_BIN:-dynarock}
console=
case ${DYNAROCK_CONSOLE:-0} in
  1|true|yes) console=--console ;;
esac

if [ $# -eq 0 ]; then
  set -- -jar DynamoDBLocal.jar -inMemory
fi

# The data directory, read from the flags as dynarock reads them: -dbPath DIR,
# --dbPath DIR or -dbPath=DIR (the last one counts), the working directory
# without one; none with -inMemory.
db_path=.
in_memory=
expect=
for arg in "$@"; do
  case $expect in
    jar) expect=; continue ;;
    dbPath) db_path=$arg; expect=; continue ;;
  esac
  case $arg in
    -jar) expect=jar ;;
    -dbPath|--dbPath) expect=dbPath ;;
    -dbPath=*|--dbPath=*) db_path=${arg#*=} ;;
    -inMemory|--inMemory) in_memory=1 ;;
  esac
done

if [ -z "$in_memory" ]; then
  mkdir -p -- "$db_path"
fi

if [ "$(id -u)" -eq 0 ] && [ -n "${DYNAROCK_USER:-}" ]; then
  uid=$(id -u "$DYNAROCK_USER")
  gid=$(id -g "$DYNAROCK_USER")
  if [ -z "$in_memory" ]; then
    if [ "$(stat -c %u -- "$db_path")" -ne 0 ]; then
      uid=$(stat -c %u -- "$db_path")
      gid=$(stat -c %g -- "$db_path")
    fi
    mkdir -p -- "$db_path/dynarock"
    chown -R "$uid:$gid" -- "$db_path/dynarock"
  fi
  exec setpriv --reuid="$uid" --regid="$gid" --clear-groups -- "$bin" --host 0.0.0.0 $console "$@"
fi

exec "$bin" --host 0.0.0.0 $console "$@"
