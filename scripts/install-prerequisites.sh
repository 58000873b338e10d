#!/usr/bin/env bash
# Installs what the build and tests need on a fresh Debian 12 machine that has the .NET SDK.
# Beyond the SDK: etcd for the local cluster (apt, needs root). Safe to run again.
set -euo pipefail
if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET SDK is missing: install the version global.json names (10.0)." >&2
  exit 1
fi

# etcd 3.4, the local cluster's object store. ivyo local and the storage tests start their own private etcd
# (src/Ivyo.LocalCluster.Storage/EtcdProcess.cs), so the package's own etcd service is disabled and /etc/default/etcd
# plays no part.
if [ ! -x /usr/bin/etcd ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "etcd is missing: run this script as root to install Debian's etcd-server package." >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  log="$(mktemp)"
  trap 'rm -f "$log"' EXIT
  # Quiet on success; on failure, apt's output is shown.
  if ! { apt-cache show etcd-server >/dev/null 2>&1 || apt-get update -qq >"$log" 2>&1; } ||
     ! apt-get install -y --no-install-recommends -qq etcd-server >"$log" 2>&1; then
    cat "$log" >&2
    echo "Installing etcd-server failed." >&2
    exit 1
  fi
  if [ -d /run/systemd/system ]; then
    systemctl disable --now etcd >/dev/null 2>&1 || true
  fi
  echo "Installed $(/usr/bin/etcd --version | head -n 1)."
fi
