#!/usr/bin/env bash
# Install the Debian packages thidua needs to build, run and test.
# Idempotent: packages already present are not touched, and apt is not
# called at all when nothing is missing.
set -euo pipefail

packages=(
  build-essential pkg-config
  libmicrohttpd-dev libsqlite3-dev sqlite3 libpq-dev postgresql libjansson-dev libsodium-dev
  libunistring-dev libicu-dev libcsv-dev
  libpango1.0-dev libcairo2-dev libxlsxwriter-dev fonts-liberation2
  poppler-utils libreoffice-calc-nogui
  libcmocka-dev
  clang libclang-rt-14-dev
  nodejs npm chromium
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
# Node may come from outside Debian (e.g. a preinstalled one); accept it.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do
    case "$p" in nodejs|npm) ;; *) filtered+=("$p") ;; esac
  done
  missing=("${filtered[@]}")
fi

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

echo "deps: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y --no-install-recommends "${missing[@]}"
