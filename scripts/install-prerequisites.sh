#!/usr/bin/env bash
# Installs what the build and tests need on a fresh Debian 12 machine that has the .NET SDK.
# Today that is nothing beyond the SDK; the local cluster adds its apt packages here.
set -euo pipefail
if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET SDK is missing: install the version global.json names (10.0)." >&2
  exit 1
fi
