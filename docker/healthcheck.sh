#!/bin/bash
# trasealla-healthcheck [URL]: exit 0 when URL answers HTTP 200, 1 otherwise (the status line or
# the reason on stderr). Default URL: http://127.0.0.1:$PORT/readyz (the CRM); the license
# service's image checks http://127.0.0.1:$LICENSE_SERVICE_PORT/healthz.
#
# The image carries one Node, inside the single executable, and no curl or wget: this speaks
# plain HTTP/1.0 over bash's /dev/tcp, enough for a health check on the container's own
# port (or, from a Helm test pod, on the Service's name). No TLS.
set -u
url=${1:-http://127.0.0.1:${PORT:-3000}/readyz}
timeout=${TRASEALLA_HEALTHCHECK_TIMEOUT:-4}

case $url in
  http://*) rest=${url#http://} ;;
  *) echo "trasealla-healthcheck: only http:// URLs: $url" >&2; exit 1 ;;
esac
hostport=${rest%%/*}
path=/
case $rest in */*) path=/${rest#*/} ;; esac
host=${hostport%%:*}
port=80
[ "$host" != "$hostport" ] && port=${hostport##*:}

# Connect, ask and read the status line within $timeout seconds (the connect itself included).
status=$(timeout "$timeout" bash -c '
  exec 3<>"/dev/tcp/$1/$2" || exit 1
  printf "GET %s HTTP/1.0\r\nHost: %s\r\nUser-Agent: trasealla-healthcheck\r\nConnection: close\r\n\r\n" "$3" "$4" >&3
  IFS= read -r line <&3 || exit 1
  printf "%s\n" "$line"
' _ "$host" "$port" "$path" "$hostport" 2>/dev/null) || { echo "trasealla-healthcheck: no answer from $url" >&2; exit 1; }
status=${status%$'\r'}

case $status in
  "HTTP/1."?" 200"*) exit 0 ;;
  *) echo "trasealla-healthcheck: $url answered: $status" >&2; exit 1 ;;
esac
