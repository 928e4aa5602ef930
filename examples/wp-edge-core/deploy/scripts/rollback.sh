#!/usr/bin/env bash
# Moves traffic back to the previous slot, which is kept running for the soak period.
# Run by hand or by the health watchdog when a check fails after a switch.
set -euo pipefail
cd "$(dirname "$0")/../.."

conf=deploy/nginx/conf.d/upstream-active.conf
current=$(grep -q ':3001;' "$conf" && echo 3001 || echo 3002)
previous=$([ "$current" = 3001 ] && echo 3002 || echo 3001)

curl -fsS --max-time 2 "http://127.0.0.1:$previous/healthz" >/dev/null || {
  echo "rollback: the previous slot on $previous is not healthy; not switching" >&2
  exit 1
}

printf '# Written by deploy/scripts/switch-slot.sh: the slot that takes traffic. Do not edit by hand.\nupstream active {\n    server 127.0.0.1:%s;\n}\n' "$previous" > "$conf.new"
mv "$conf.new" "$conf"
nginx -t && nginx -s reload
echo "rollback: traffic is back on port $previous"
