#!/usr/bin/env bash
# The kill loops at a chosen size: scripts/chaos.sh [--per-type N] [--types restart,delete,...] [--minutes-per-type M]
# For each operation type the host is SIGKILLed N times at an observed step of a running operation (runs whose
# operation ended before the kill are run again and do not count), and every operation must end correct and
# exactly once in effect. Prints one table row per type. Types: restart, delete, detach, resync, eject, pitr
# (point-in-time restore) of this suite, plus "crash" (CrashSuiteTests: create, full and incremental backup, restore,
# chain restore, resize, configure) and "replication" (ReplicationCrashTests: replica create, promote), which keep
# their own counts. --minutes-per-type stops starting runs of a type after M minutes (its row says how many landed).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

per_type=10
types="restart,delete,detach,resync,eject,pitr"
minutes_per_type=""
while [ $# -gt 0 ]; do
  case "$1" in
    --per-type) per_type="$2"; shift 2 ;;
    --types) types="$2"; shift 2 ;;
    --minutes-per-type) minutes_per_type="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

if ! [[ "$per_type" =~ ^[1-9][0-9]*$ ]]; then
  echo "--per-type needs a positive whole number, not '$per_type'" >&2
  exit 2
fi
if [ -n "$minutes_per_type" ] && ! [[ "$minutes_per_type" =~ ^[1-9][0-9]*$ ]]; then
  echo "--minutes-per-type needs a positive whole number, not '$minutes_per_type'" >&2
  exit 2
fi

report="$(mktemp)"
trap 'rm -f "$report"' EXIT
filters=()
IFS=',' read -r -a requested <<<"$types"
for type in "${requested[@]}"; do
  case "$type" in
    restart|delete|detach|resync|eject|pitr) filters+=("(FullyQualifiedName~Serverless.EndToEnd.KillLoopTests&DisplayName~$type)") ;;
    crash) filters+=("FullyQualifiedName~Serverless.EndToEnd.CrashSuiteTests") ;;
    replication) filters+=("FullyQualifiedName~Serverless.EndToEnd.ReplicationCrashTests") ;;
    *) echo "unknown type: $type (restart, delete, detach, resync, eject, pitr, crash, replication)" >&2; exit 2 ;;
  esac
done

filter="$(IFS='|'; echo "${filters[*]}")"
status=0
SERVERLESS_CHAOS_PER_TYPE="$per_type" SERVERLESS_CHAOS_MINUTES_PER_TYPE="$minutes_per_type" SERVERLESS_CHAOS_REPORT="$report" \
  dotnet test tests/Serverless.EndToEnd -c Release --filter "$filter" --logger "console;verbosity=normal" || status=$?

echo
echo "| type | runs | kills landed | ended before the kill | steps killed at | outcome |"
echo "|---|---|---|---|---|---|"
cat "$report"
exit "$status"
