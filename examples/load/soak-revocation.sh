#!/usr/bin/env bash
# Revocation soak (issue 17): DURATION seconds (600) of wrk traffic with one hot RS256 token against
# the example WAR on embedded Tomcat 10.1, the filter's revocation list on a real Redis, while the
# server revokes REVOKE_RATE (100) other tokens a second through the filter's own MBean operation
# (each revocation goes to Redis and comes back to the node through its revocation log). Every
# response must be 200 (the hot token is never revoked) with no socket error; once a minute the
# server's heap is measured after a full GC, and the report lists the series with the revocations
# stored and in the node's list. Writes target/load/soak-revocation.md. BENCHMARKS.md has a run.
#
#   examples/load/soak-revocation.sh                       build, then 10 minutes
#   DURATION=60 BUILD=0 examples/load/soak-revocation.sh   a one-minute smoke run on the last build
#
# Needs a JDK 17, Maven, curl, wrk and redis-server (Debian: apt-get install wrk redis-server).
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-600}
REVOKE_RATE=${REVOKE_RATE:-100}
CONNECTIONS=${CONNECTIONS:-16}
BUILD=${BUILD:-1}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseG1GC}
URL_PATH=/hello

for tool in java javac mvn curl wrk redis-server redis-cli jcmd; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is not on the PATH; this soak needs it." >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/jwtgate-soak.XXXXXX")
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

quietly() {
  "$@" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; echo "FAILED: $*" >&2; exit 1; }
}
war=examples/jakarta-webapp/target/jakarta-webapp-1.0
if [ "$BUILD" = 1 ]; then
  echo "Building JwtGate and the jakarta example WAR (tests skipped)..."
  quietly mvn -B -q -DskipTests -Djacoco.skip=true install
  quietly mvn -B -q -f examples/jakarta-webapp/pom.xml package
fi
jar=$(ls target/jwtgate-*-all.jar 2>/dev/null | head -n 1)
[ -n "$jar" ] && [ -d "$war/WEB-INF/lib" ] || { echo "No build found: run without BUILD=0." >&2; exit 2; }
cp "$jar" "$war/WEB-INF/lib/$(basename "$jar")"

quietly mvn -B -q -f examples/jakarta-webapp/pom.xml \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile="$work/classpath" -DincludeScope=test -DexcludeArtifactIds=jwtgate
classpath="$work/classes:$(cat "$work/classpath")"
javac --release 17 -d "$work/classes" -cp "$classpath" examples/demo-launcher/org/jwtgate/example/DemoServer.java \
  examples/load/launcher/org/jwtgate/example/*.java
java -cp "$work/classes" org.jwtgate.example.LoadTokens "$work" 1 0 >/dev/null

redis_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
sed "s/REDIS_PORT/$redis_port/" examples/load/web-filter-revocation.xml >"$work/web.xml"

mkdir -p "$work/server"
env JWTGATE_LOAD_PUBLIC_KEY="$(cat "$work/public.pem")" JWTGATE_LOAD_REVOKE_RATE="$REVOKE_RATE" \
  java $SERVER_JAVA_OPTS -cp "$classpath" org.jwtgate.example.LoadServer "$war" "$work/web.xml" "$work/server" \
  "$work/server.port" >"$work/server.log" 2>&1 &
server_pid=$!
pids+=($server_pid)
for _ in $(seq 600); do [ -s "$work/server.port" ] && break; sleep 0.2; done
[ -s "$work/server.port" ] || { echo "The server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }
port=$(cat "$work/server.port")
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(cat "$work/hot.txt")" \
  "http://127.0.0.1:$port$URL_PATH")
[ "$status" = 200 ] || { echo "The hot token got $status before the soak." >&2; exit 1; }

echo "Soak: $DURATION s of wrk (-c$CONNECTIONS, one hot token) while revoking $REVOKE_RATE tokens/s..."
wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -s examples/load/requests.lua "http://127.0.0.1:$port$URL_PATH" \
  -- "$work/hot.txt" 200 >"$work/wrk.out" 2>&1 &
wrk_pid=$!
heap_after_gc() {
  jcmd "$server_pid" GC.run >/dev/null 2>&1
  jcmd "$server_pid" GC.heap_info 2>/dev/null | sed -n 's/.*garbage-first heap.*used \([0-9]*K\).*/\1/p' | head -n 1
}
series="| minute | heap used after a full GC | revocations stored / failed | in Redis |\n|---:|---:|---:|---:|\n"
series+="| 0 | $(heap_after_gc) | 0 / 0 | 0 |\n"
for minute in $(seq $((DURATION / 60))); do
  sleep 60
  series+="| $minute | $(heap_after_gc) | $(tr ' ' / <"$work/server/revocations.count") | $(redis-cli -p "$redis_port" zcard jwtgate:revocations) |\n"
done
wait "$wrk_pid" || true
out=$(cat "$work/wrk.out")
result=$(grep '^RESULT' <<<"$out" || true)
list_size=$(redis-cli -p "$redis_port" zcard jwtgate:revocations)

mkdir -p target/load
{
  echo "# Revocation soak"
  echo
  echo "| | |"
  echo "|---|---|"
  echo "| date | $(date -u +%Y-%m-%dT%H:%M:%SZ) |"
  echo "| machine | $(nproc) cores, $(uname -sr) |"
  echo "| server | embedded Tomcat 10.1, $SERVER_JAVA_OPTS, revocation on redis-server $(redis-server --version | grep -o 'v=[0-9.]*') |"
  echo "| load | wrk -t1 -c$CONNECTIONS for $DURATION s, one hot RS256 token (never revoked) |"
  echo "| revocations | $REVOKE_RATE a second through the filter's MBean (revokeToken, random jti) |"
  echo
  echo "wrk: \`$result\`"
  echo
  echo -e "$series"
  echo "Entries in Redis at the end: $list_size."
} >target/load/soak-revocation.md
cat target/load/soak-revocation.md
grep -q 'unexpected_status=0 socket_errors=0' <<<"$result" \
  || { echo "Responses other than 200, or socket errors: the soak failed." >&2; exit 1; }
