#!/usr/bin/env bash
# Runs an example application protected by JwtGate on embedded Tomcat on localhost, with a fresh
# random HS256 secret for this run, and prints tokens and curl commands to try. Ctrl-C stops it.
#
#   ./demo.sh            the jakarta example on Tomcat 10.1
#   ./demo.sh legacy     the javax (legacy) example on Tomcat 9
#   ./demo.sh legacy-module  the same application keeping its <security-constraint>s, with JwtGate's
#                        authentication module instead of the filter (Tomcat 9)
#   PORT=9090 ./demo.sh  another port (default 8080)
#
# Needs only a JDK (11+) and Maven; the first run downloads dependencies from Maven Central.
set -euo pipefail
cd "$(dirname "$0")"

# (a string, not an array: an empty array is "unbound" under set -u in the bash macOS ships)
profile=""
case "${1:-jakarta}" in
  jakarta) example=examples/jakarta-webapp ;;
  legacy|javax) example=examples/legacy-javax-webapp ;;
  legacy-module) example=examples/legacy-javax-webapp; profile=-Pmodule ;;
  *) echo "usage: ./demo.sh [jakarta|legacy|legacy-module]" >&2; exit 2 ;;
esac

echo "Building JwtGate and installing it into your local Maven repository (tests skipped)..."
mvn -B -q -DskipTests install

# 32 random bytes, base64: what the example's web.xml reads through env:JWT_SECRET.
JWT_SECRET="$(head -c 32 /dev/urandom | base64 | tr -d '\n')"
export JWT_SECRET

echo "Building and starting $example${profile:+ ($profile)}..."
exec mvn -B -q -f "$example/pom.xml" $profile package exec:exec
