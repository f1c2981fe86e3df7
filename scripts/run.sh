#!/usr/bin/env bash
# Installs what is missing, then runs the local service in the foreground; Ctrl-C, SIGINT or
# SIGTERM stops it cleanly. Arguments go to the service, e.g.
#   scripts/run.sh --state-dir /var/tmp/dbaas --port 3307
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

scripts/install.sh

# Same as `dotnet run --project src/LocalHost -c Release`, except that the service replaces this
# script instead of running under `dotnet run`, which does not pass a SIGINT sent to its own pid
# on to the service (only a terminal's Ctrl-C, which reaches the whole process group).
project=src/LocalHost/Serverless.LocalHost.csproj
dotnet build "$project" -c Release --nologo --verbosity quiet
service="$(dotnet msbuild "$project" -p:Configuration=Release -getProperty:TargetPath)"
exec dotnet "$service" "$@"
