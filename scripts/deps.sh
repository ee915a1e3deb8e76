#!/usr/bin/env bash
# Installs what dynarock needs to build and test, when it is missing:
# Debian 12 packages for the C++ side, a pinned Python virtualenv (.venv) for
# the conformance suite, and the pinned npm packages, Go modules and Maven
# artifacts of the conformance suites and client programs.
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
      maven) command -v mvn >/dev/null && continue;;
      openjdk-17-jdk-headless) command -v javac >/dev/null && continue;;
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

# npm ci in a folder, again only when its lockfile changed since (a copy is
# kept in node_modules).
npm_ci() {
  if [ -f "$1/package-lock.json" ] &&
     ! cmp -s "$1/package-lock.json" "$1/node_modules/.dynarock-lock.json"; then
    (cd "$1" && npm ci --no-audit --no-fund --silent &&
     cp package-lock.json node_modules/.dynarock-lock.json)
  fi
}

if [ "${1:-}" = "--test" ]; then
  if [ ! -x .venv/bin/python ] || ! cmp -s conformance/requirements.txt .venv/requirements.txt; then
    rm -rf .venv
    python3 -m venv .venv
    .venv/bin/pip install -q --disable-pip-version-check -r conformance/requirements.txt
    cp conformance/requirements.txt .venv/requirements.txt
  fi
  npm_ci conformance/js
fi

# The client programs (conformance/clients) and browser suites
# (conformance/browser) of `make test-clients`: their npm packages, Go modules
# and Maven artifacts, each from its own lockfile or pins. Go (1.24 or later)
# and a JDK with Maven come from the machine (Debian 12's Go is too old);
# without them those two programs say so and fail.
if [ "${1:-}" = "--test" ]; then
  npm_ci conformance/browser
  npm_ci conformance/clients/js
  if command -v go >/dev/null; then
    (cd conformance/clients/go && GOTOOLCHAIN=local GOFLAGS=-mod=readonly go mod download)
  fi
  if command -v mvn >/dev/null && [ -f conformance/clients/java/pom.xml ]; then
    (cd conformance/clients/java && mvn -q -B dependency:go-offline >/dev/null)
  fi
fi
