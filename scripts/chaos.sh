#!/usr/bin/env bash
# The kill loops at a chosen size: scripts/chaos.sh [--per-type N] [--types create,backup,...] [--minutes-per-type M]
# For each operation type the host is SIGKILLed N times at an observed step of a running operation (runs whose
# operation ended before the kill are run again and do not count), and every operation must end correct and
# exactly once in effect. Prints one table row per type. Types (all by default): create, restart, delete, backup (full),
# incremental, restore (of a full backup and of a chain, in turn), pitr (point-in-time restore), replica (create),
# promote, detach, resync, eject; plus "crash" (CrashSuiteTests: a create, a backup and a restore at once, resize,
# configure), which keeps its own counts and prints no row. --minutes-per-type stops starting runs of a type after
# M minutes (its row says how many landed).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

per_type=10
all_types="create,restart,delete,backup,incremental,restore,pitr,replica,promote,detach,resync,eject"
types="$all_types"
minutes_per_type=""
while [ $# -gt 0 ]; do
  case "$1" in
    --per-type) per_type="$2"; shift 2 ;;
    --types) types="$2"; shift 2 ;;
    --minutes-per-type) minutes_per_type="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
    create|restart|delete|backup|incremental|restore|pitr|replica|promote|detach|resync|eject)
      # No type's name contains another's, so a display name filter picks exactly that type's row.
      filters+=("(FullyQualifiedName~Serverless.EndToEnd.KillLoopTests&DisplayName~$type)") ;;
    crash) filters+=("FullyQualifiedName~Serverless.EndToEnd.CrashSuiteTests") ;;
    *) echo "unknown type: $type ($all_types, crash)" >&2; exit 2 ;;
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
