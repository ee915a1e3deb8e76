#!/usr/bin/env bash
# Installs the optional peers that bench/run.py compares dynarock with, into
# bench/.peers (untracked). Each is optional: what fails to install is
# reported and its row in the results says "not installed".
#   dynalite        npm, pinned by bench/peers/package-lock.json
#   Dynoxide        crates.io (dynoxide-rs), pinned below; a few minutes to compile
#   DynamoDB Local  Maven Central, pinned by bench/peers/ddblocal/pom.xml
set -uo pipefail
cd "$(dirname "$0")"
mkdir -p .peers

DYNOXIDE_VERSION=3.2.0

if [ ! -x peers/node_modules/.bin/dynalite ]; then
  (cd peers && npm ci --no-audit --no-fund) || echo "peers: dynalite not installed"
fi

if [ ! -x .peers/bin/dynoxide ]; then
  cargo install dynoxide-rs --version "$DYNOXIDE_VERSION" --locked --root "$PWD/.peers" \
    || echo "peers: Dynoxide not installed"
fi

# sqlite4java looks for its library under its unversioned name.
if [ ! -d .peers/ddblocal/native ]; then
  (cd peers/ddblocal && mvn -q dependency:copy-dependencies -DoutputDirectory="$PWD/../../.peers/ddblocal/lib") \
    && mkdir -p .peers/ddblocal/native \
    && cp .peers/ddblocal/lib/libsqlite4java-linux-amd64-*.so .peers/ddblocal/native/libsqlite4java-linux-amd64.so \
    || echo "peers: DynamoDB Local not installed"
fi
