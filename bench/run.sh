#!/usr/bin/env bash
# Runs a benchmark: bench/run.sh <benchmark> [options]; bench/run.sh --help lists them.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

# Installs MariaDB, sysbench and the other tools the benchmarks compare against, where a
# setup script exists; on a machine that already has them it changes nothing.
if [[ -f scripts/install.sh ]]; then
    bash scripts/install.sh
fi

exec dotnet run -c Release --project bench/Serverless.Bench -- "$@"
