#!/usr/bin/env bash
# What the tests need besides .NET, installed when the machine lacks it: Debian's packages, and the OpenRPC
# meta-schema from the npm registry. Tests/run.sh (the README's test command) runs it before `dotnet test`;
# once it has run, `dotnet test OrleansRpc.sln` alone runs every test.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
# The browser tests drive Debian's chromium through Playwright, which downloads no browser of its own.
[ -x /usr/bin/chromium ] || missing+=(chromium)
# npm and node fetch and read the OpenRPC meta-schema below.
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
# Python's websockets is a WebSocket peer written apart from .NET's (Tests/WebSockets), for Debian's python3.
{ [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import websockets' >/dev/null 2>&1; } || missing+=(python3-websockets)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo -n)
  else
    echo "The tests need: ${missing[*]}. Install them (apt-get install ${missing[*]}) or run as root." >&2
    exit 1
  fi

  echo "Installing what the tests need: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The OpenRPC meta-schema (Tests/Discovery validates the gateway's document against it), as the
# @open-rpc/meta-schema package publishes it: a module exporting the schema, written out here as JSON.
meta_schema_version=1.14.9
meta_schema="$here/obj/openrpc-meta-schema-$meta_schema_version.json"
if [ ! -s "$meta_schema" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "@open-rpc/meta-schema@$meta_schema_version" >/dev/null && tar xzf ./*.tgz)
  mkdir -p "$here/obj"
  node -e 'process.stdout.write(JSON.stringify(require(process.argv[1]).openrpcDocument))' "$work/package/index.js" > "$meta_schema.tmp"
  mv "$meta_schema.tmp" "$meta_schema"
fi
