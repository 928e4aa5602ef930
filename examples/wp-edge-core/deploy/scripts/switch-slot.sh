#!/usr/bin/env bash
# Deploys TAG to the idle slot and moves traffic to it once it is healthy.
# Usage: switch-slot.sh TAG   (run on the device, from /opt/wp-edge-core)
set -euo pipefail
cd "$(dirname "$0")/../.."

tag=${1:?usage: switch-slot.sh TAG}
conf=deploy/nginx/conf.d/upstream-active.conf
active=$(grep -q ':3001;' "$conf" && echo blue || echo green)
idle=$([ "$active" = blue ] && echo green || echo blue)
port=$([ "$idle" = blue ] && echo 3001 || echo 3002)

TAG=$tag docker compose -f "deploy/compose/$idle.yml" up -d

# Three consecutive green probes, 5 s apart, 2 s timeout each, before any traffic moves.
ok=0
for _ in $(seq 1 60); do
  if curl -fsS --max-time 2 "http://127.0.0.1:$port/healthz" >/dev/null; then ok=$((ok + 1)); else ok=0; fi
  [ "$ok" -ge 3 ] && break
  sleep 5
done
if [ "$ok" -lt 3 ]; then
  echo "switch-slot: $idle did not become healthy; traffic stays on $active" >&2
  exit 1
fi

printf '# Written by deploy/scripts/switch-slot.sh: the slot that takes traffic. Do not edit by hand.\nupstream active {\n    server 127.0.0.1:%s;\n}\n' "$port" > "$conf.new"
mv "$conf.new" "$conf"
# Reload, never restart: a restart drops the ward display's websocket (L-001).
nginx -t && nginx -s reload
echo "switch-slot: $idle ($tag) takes traffic; $active keeps running for the soak period"
