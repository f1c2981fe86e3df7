#!/usr/bin/env bash
# Makes `dbaas` a command: publishes the CLI (framework-dependent) into .tools/dbaas of this repository, puts a
# launcher named `dbaas` into a directory on PATH, and bash completion next to it. Run by scripts/install.sh;
# safe to run again (it replaces what it installed before).
#
#   DBAAS_BIN_DIR         where the launcher goes (default: /usr/local/bin as root, else ~/.local/bin)
#   DBAAS_COMPLETION_DIR  where the bash completion goes (default: /etc/bash_completion.d as root,
#                         else ~/.local/share/bash-completion/completions)
#
# A launcher script rather than a .NET global tool: global tools land in ~/.dotnet/tools, which a fresh machine
# does not have on PATH, and a local tool runs only as `dotnet dbaas`. The launcher runs the published DLL with the
# `dotnet` on PATH, so it also works where the SDK is installed outside the default locations.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
say() { printf 'install: %s\n' "$*"; }

if [ "$(id -u)" -eq 0 ]; then
  bin_dir="${DBAAS_BIN_DIR:-/usr/local/bin}"
  completion_dir="${DBAAS_COMPLETION_DIR:-/etc/bash_completion.d}"
else
  bin_dir="${DBAAS_BIN_DIR:-$HOME/.local/bin}"
  completion_dir="${DBAAS_COMPLETION_DIR:-$HOME/.local/share/bash-completion/completions}"
fi

tool_dir="$repo_root/.tools/dbaas"
say "publishing dbaas into $tool_dir"
dotnet publish "$repo_root/src/Cli/Serverless.Cli.csproj" -c Release -o "$tool_dir" --nologo --verbosity quiet >/dev/null

mkdir -p "$bin_dir" "$completion_dir"
launcher="$(mktemp)"
trap 'rm -f "$launcher"' EXIT
cat >"$launcher" <<LAUNCHER
#!/bin/sh
# dbaas: this project's command line, published by scripts/install-cli.sh from $repo_root.
exec dotnet "$tool_dir/dbaas.dll" "\$@"
LAUNCHER
install -m 0755 "$launcher" "$bin_dir/dbaas"
install -m 0644 "$repo_root/scripts/dbaas-completion.bash" "$completion_dir/dbaas"
say "dbaas installed as $bin_dir/dbaas (bash completion: $completion_dir/dbaas)"

case ":$PATH:" in
  *":$bin_dir:"*) ;;
  *) say "note: $bin_dir is not on PATH; add it (export PATH=\"$bin_dir:\$PATH\") to run dbaas by name" ;;
esac
