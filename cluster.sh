#!/usr/bin/env bash
# A local cluster on one machine, as README.md ("Try it on one machine") shows it: Redis on 127.0.0.1 with
# its files in a temporary folder, two Gateways and a Silo (with its own settings). Ctrl+C, or a TERM to
# this script, stops the nodes first, so that they leave the cluster, then Redis, and removes the folder.
# As root or as a user; installs redis-server (Debian) when it is missing, through sudo when not root.
#
#   bash cluster.sh                     Gateways on 5001 and 5002, Redis on 6379
#   REDIS_PORT=6390 GATEWAY_PORTS="6001 6002" bash cluster.sh
#   CLUSTER_NO_BUILD=1 bash cluster.sh  runs what was built already (dotnet run --no-build)
set -euo pipefail
# Each node in a process group of its own, so that one signal reaches `dotnet run` and the node it started.
set -m
cd "$(dirname "$0")"

redis_port="${REDIS_PORT:-6379}"
gateway_ports="${GATEWAY_PORTS:-5001 5002}"
build=()
if [[ -n "${CLUSTER_NO_BUILD:-}" ]]; then
  build=(--no-build)
fi

if ! command -v redis-server >/dev/null; then
  if [[ "$(id -u)" == 0 ]]; then
    apt-get update -qq && apt-get install -y -qq redis-server
  elif command -v sudo >/dev/null; then
    sudo apt-get update -qq && sudo apt-get install -y -qq redis-server
  else
    echo "cluster.sh: redis-server is missing; install it (Debian: apt-get install redis-server) and run this again" >&2
    exit 1
  fi
fi

data="$(mktemp -d -t orleansrpc-cluster.XXXXXX)"
nodes=()
redis=""

stop() {
  trap - INT TERM EXIT
  echo "stopping the nodes, then Redis"
  for node in "${nodes[@]}"; do
    kill -TERM -- "-$node" 2>/dev/null || true
  done
  for node in "${nodes[@]}"; do
    wait "$node" 2>/dev/null || true
  done
  if [[ -n "$redis" ]]; then
    kill -TERM -- "-$redis" 2>/dev/null || true
    wait "$redis" 2>/dev/null || true
  fi
  rm -rf "$data"
  echo "stopped"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Append-only, an fsync per write: a session write the Gateway acknowledged survives a Redis crash.
redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$data" --appendonly yes --appendfsync always \
  --save "" --loglevel warning &
redis=$!
export ConnectionStrings__Redis="127.0.0.1:$redis_port"

for port in $gateway_ports; do
  dotnet run "${build[@]}" --project Gateway -- --urls "http://127.0.0.1:$port" &
  nodes+=($!)
done
# From its own folder, so that it reads Silo/appsettings.json.
(cd Silo && exec dotnet run "${build[@]}") &
nodes+=($!)

# Whether the Gateway on this port answers /readyz with 200; bash's own /dev/tcp, so nothing else is needed.
ready() {
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
  local status=""
  read -r _ status _ <&3 || true
  exec 3<&-
  [[ "$status" == 200 ]]
}

for port in $gateway_ports; do
  for _ in $(seq 120); do
    if ready "$port"; then
      break
    fi
    sleep 1
  done
  ready "$port" || { echo "cluster.sh: the Gateway on $port did not get ready" >&2; exit 1; }
done

echo "ready: Gateways on $(for port in $gateway_ports; do printf 'http://127.0.0.1:%s ' "$port"; done)Redis on 127.0.0.1:$redis_port (data in $data); Ctrl+C stops everything"
wait "${nodes[@]}"
