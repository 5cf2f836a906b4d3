#!/usr/bin/env bash
# Benchmarks the real app: see bench/README.md. Not part of ./test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec dotnet run -c Release --project bench/Gongzhi.Bench -- "$@"
