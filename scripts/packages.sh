#!/bin/sh
# Prints the Debian packages of the given groups of scripts/packages.txt, one
# a line, in the file's order:
#   scripts/packages.sh build test
# A group with no package is an error (a misspelt group must not quietly
# install nothing).
set -eu
if [ $# -eq 0 ]; then
  echo "usage: $0 GROUP..." >&2
  exit 2
fi
exec awk -v groups=" $* " '
  /^[ \t]*(#|$)/ { next }
  NF != 2 { printf "%s:%d: expected \"package group\"\n", FILENAME, FNR > "/dev/stderr"; bad = 1; next }
  index(groups, " " $2 " ") { print $1; found[$2] = 1 }
  END {
    n = split(groups, wanted, " ")
    for (i = 1; i <= n; i++) {
      if (!(wanted[i] in found)) {
        printf "%s: no package in group %s\n", FILENAME, wanted[i] > "/dev/stderr"
        bad = 1
      }
    }
    exit bad
  }
' "$(dirname "$0")/packages.txt"
