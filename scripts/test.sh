#!/usr/bin/env bash
# Installs what is missing, builds the solution and runs every test project. Extra arguments go
# to `dotnet test`, e.g. scripts/test.sh --filter FullyQualifiedName~Serverless.Platforms
# Ends with one line "N passed, N failed, N skipped" (totals over all test projects) and exits
# non-zero when a test failed, the build failed or no test ran.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

scripts/install.sh

# The README's promise: after the install, `dbaas` runs by name.
if ! dbaas --help >/dev/null; then
  echo "dbaas does not run by name after scripts/install.sh"
  exit 1
fi

results="$repo_root/TestResults/$(date +%Y%m%d-%H%M%S)-$$"
mkdir -p "$results"
log="$results/dotnet-test.log"
# Tests that save files for people to look at (the console's screenshots) put them beside the results.
export SERVERLESS_TEST_RESULTS="$results"

# The console output streams through tee; .trx files stay in $results for CI artifacts.
status=0
dotnet test Serverless.sln -c Release --results-directory "$results" --logger trx "$@" 2>&1 | tee "$log" || status=$?

# The Functions app is built by the run above; publishing it proves the deployable package (functions.metadata,
# worker.config.json, extensions, host.json) is produced. The Functions host itself cannot run here.
if ! dotnet publish functions/Serverless.Functions.csproj -c Release --no-build -o "$results/functions-publish" --nologo >"$results/functions-publish.log" 2>&1; then
  echo "publishing the Functions app failed; see $results/functions-publish.log"
  status=1
fi

# Each test project ends with one summary line:
#   Passed!  - Failed:     0, Passed:    18, Skipped:     0, Total:    18, Duration: 8 s - X.Tests.dll (net10.0)
passed=0
failed=0
skipped=0
while IFS= read -r line; do
  counts="$(printf '%s' "$line" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+), Total: *([0-9]+).*/\1 \2 \3/')"
  read -r f p s <<<"$counts"
  failed=$((failed + f))
  passed=$((passed + p))
  skipped=$((skipped + s))
done < <(grep -E '^[[:space:]]*(Passed|Failed)! +- Failed: *[0-9]+, Passed: *[0-9]+, Skipped: *[0-9]+, Total: *[0-9]+' "$log" || true)

echo "$passed passed, $failed failed, $skipped skipped"

if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ $((passed + failed + skipped)) -eq 0 ]; then
  exit 1
fi
