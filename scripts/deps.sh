#!/usr/bin/env bash
# Installs what dynarock needs to build and test, when it is missing:
# Debian 12 packages for the C++ side, a pinned Python virtualenv (.venv) for
# the conformance suite, and the pinned npm packages of conformance/js.
set -euo pipefail
cd "$(dirname "$0")/.."

# The Debian packages: groups build and test of scripts/packages.txt (the one
# list; the Dockerfile reads it too).
list=$(scripts/packages.sh build test)
mapfile -t packages <<<"$list"
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
# Tools that may come from elsewhere on a developer machine count as present.
if [ ${#missing[@]} -gt 0 ]; then
  filtered=()
  for p in "${missing[@]}"; do
    case "$p" in
      python3|python3-venv) command -v python3 >/dev/null && python3 -m venv --help >/dev/null 2>&1 && continue;;
      nodejs) command -v node >/dev/null && continue;;
      npm) command -v npm >/dev/null && continue;;
      cmake) command -v cmake >/dev/null && continue;;
      g++) command -v g++ >/dev/null && continue;;
    esac
    filtered+=("$p")
  done
  missing=("${filtered[@]}")
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ "${1:-}" = "--test" ]; then
  if [ ! -x .venv/bin/python ] || ! cmp -s conformance/requirements.txt .venv/requirements.txt; then
    rm -rf .venv
    python3 -m venv .venv
    .venv/bin/pip install -q --disable-pip-version-check -r conformance/requirements.txt
    cp conformance/requirements.txt .venv/requirements.txt
  fi
  # Installed again when the lockfile changed since (a copy is kept in node_modules).
  if [ -f conformance/js/package-lock.json ] &&
     ! cmp -s conformance/js/package-lock.json conformance/js/node_modules/.dynarock-lock.json; then
    (cd conformance/js && npm ci --no-audit --no-fund --silent &&
     cp package-lock.json node_modules/.dynarock-lock.json)
  fi
fi
