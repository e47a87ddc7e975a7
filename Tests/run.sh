#!/usr/bin/env bash
# Every test, on a fresh machine: first what the tests need besides .NET, installed when missing
# (prerequisites.sh, in plain sight rather than inside a build), then `dotnet test` on the solution.
# Arguments go to `dotnet test` (a filter, a logger).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/prerequisites.sh"
dotnet test "$here/../OrleansRpc.sln" "$@"
