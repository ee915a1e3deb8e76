#!/bin/bash
# The image's HEALTHCHECK: GET / must answer "healthy: dynamodb...", as it
# does from DynamoDB Local and from real DynamoDB. The image has no curl, so
# the request goes through bash's /dev/tcp.
#   docker-healthcheck.sh [port]     (default 8000, the container's port)
port=${1:-8000}
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET / HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
response=$(timeout 2 cat <&3)
case $response in
  *"healthy: dynamodb"*) exit 0 ;;
esac
echo "unexpected answer on port $port: ${response:0:200}" >&2
exit 1
