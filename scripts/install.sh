#!/usr/bin/env bash
# Installs what the local service and the tests need, and only what is missing:
# Debian packages (MariaDB server and tools, benchmark tools, OpenStack clients, chromium for the console's browser tests), npm packages
# from package-lock.json, NuGet packages of the solution, and the `dbaas` command (scripts/install-cli.sh).
# Safe to run again and again.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

apt_packages=(
  mariadb-server
  mariadb-client
  mariadb-backup
  sysbench
  mydumper
  percona-toolkit
  python3-openstackclient
  python3-troveclient
  chromium
)

say() { printf 'install: %s\n' "$*"; }
fail() { printf 'install: error: %s\n' "$*" >&2; exit 1; }

# Root runs apt directly; anyone else goes through sudo, for system changes only.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    fail "need root for '$*' and sudo is not installed; run this script as root once"
  fi
}

command -v dotnet >/dev/null 2>&1 \
  || fail "dotnet not found. Install the .NET 10 SDK (https://learn.microsoft.com/dotnet/core/install/linux-debian) and make sure 'dotnet' is on PATH."
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
  || fail "node/npm not found. Install Node.js 20 or newer with npm (Debian: apt-get install nodejs npm)."

# --- Debian packages -------------------------------------------------------------------------
command -v dpkg-query >/dev/null 2>&1 || fail "dpkg-query not found: this script supports Debian/Ubuntu only."

missing=()
for package in "${apt_packages[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)"
  if [ "$status" != "install ok installed" ]; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  say "Debian packages present"
fi

# --- The distribution's own MariaDB service --------------------------------------------------
# Tests and the local service run their own mariadbd processes; the system service would only
# hold port 3306 and memory. Installing mariadb-server enables (and, unless policy-rc.d forbids
# it, starts) that service, so turn it off for boot and for now.
if command -v systemctl >/dev/null 2>&1; then
  if [ "$(systemctl is-enabled mariadb.service 2>/dev/null || true)" = enabled ]; then
    say "disabling the system mariadb.service"
    as_root systemctl disable mariadb.service >/dev/null 2>&1 || true
  fi
  if [ -d /run/systemd/system ] && systemctl is-active --quiet mariadb.service 2>/dev/null; then
    say "stopping the system mariadb.service"
    as_root systemctl stop mariadb.service
  fi
fi
if ls /etc/rc[2-5].d/S[0-9][0-9]mariadb >/dev/null 2>&1; then
  say "disabling the SysV mariadb service"
  as_root update-rc.d mariadb disable >/dev/null 2>&1 || true
fi

# A system mariadbd still running (started by the package without systemd, or by hand through
# the init script) is the one with Debian's pid file; our servers keep theirs in their own
# state directories.
system_pid="$(cat /run/mysqld/mysqld.pid 2>/dev/null || true)"
if [ -n "$system_pid" ] && grep -qE '^(mariadbd|mysqld)$' "/proc/$system_pid/comm" 2>/dev/null; then
  say "stopping the system mariadbd (pid $system_pid, port 3306)"
  if [ -x /etc/init.d/mariadb ]; then
    as_root /etc/init.d/mariadb stop >/dev/null 2>&1 || true
  fi
  if [ -d "/proc/$system_pid" ]; then
    as_root kill -TERM "$system_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do
      [ -d "/proc/$system_pid" ] || break
      sleep 0.5
    done
  fi
fi

# --- npm packages ----------------------------------------------------------------------------
if [ -f package-lock.json ]; then
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
    say "npm ci"
    npm ci --no-audit --no-fund
    touch node_modules
  else
    say "node_modules up to date"
  fi
fi

# --- NuGet packages --------------------------------------------------------------------------
say "dotnet restore"
dotnet restore Serverless.sln --verbosity quiet

# --- The dbaas command -----------------------------------------------------------------------
scripts/install-cli.sh
