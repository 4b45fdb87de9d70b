#!/usr/bin/env bash
# End-to-end load test (issues 6 and 19): wrk against the jakarta example WAR on embedded Tomcat
# 10.1 (or, with CONTAINER=jetty, embedded Jetty 12 ee10), the same application deployed two to four
# times: without a filter, with the JwtGate filter, (the control) with a filter that only reads the
# Authorization header, and (the peer) behind Spring Security's OAuth2 resource server instead of
# JwtGate. RS256 tokens of the JMH suite's realistic shape (926 characters, eleven claims). Prints,
# per scenario and round and as medians, requests/s and the server's CPU time per request, each
# relative to the server without the filter, JwtGate's relative to Spring Security's, and writes the
# report to target/load/summary.md. BENCHMARKS.md ("End to end (wrk)") has the method and figures.
#
#   examples/load/run.sh                                 build, then 5 rounds: about 23 minutes
#   ROUNDS=1 DURATION=5 WARMUP=3 examples/load/run.sh    a 3-minute smoke run, figures not worth quoting
#   SCENARIOS="no-filter header-only hot spring-hot" examples/load/run.sh   JwtGate next to Spring Security
#
# Scenarios, each a discarded warm-up run then a measured run, interleaved in every round (the
# order reversed every other round, so a drift in the machine's load weighs on both sides alike):
#   no-filter    the server without the filter; requests carry the hot token all the same
#   header-only  a third server whose only filter reads the Authorization header and passes the
#                request on (ReadAuthorizationFilter): what the container charges any bearer filter
#   hot          with the filter, one token on every request: always a cache hit
#   pool         with the filter, POOL distinct tokens picked at random (fits in the default cache)
#   large        with the filter, LARGE_POOL distinct tokens, more than the cache holds: the worst
#                case, many requests verify the signature (LARGE_POOL=0 leaves it out)
#   no-token     with the filter, no Authorization header: every answer is the 401 challenge
#   spring-hot   the peer: a fourth server where Spring Security 6.5 (the versions of Spring Boot 3.5.7)
#                protects the same servlet instead of JwtGate, as a Spring user configures an API
#                (SecurityFilterChain with oauth2ResourceServer(jwt), NimbusJwtDecoder withPublicKey,
#                issuer and audience validated, stateless, no CSRF: spring-peer/.../SpringPeerSecurity),
#                the hot token on every request
#   spring-pool  the peer, POOL distinct tokens at random (Spring caches no verified token, so it
#                verifies the signature on every request of either)
# Every response must have the scenario's status (200, or 401 for no-token) and no socket error may
# occur, or the run stops: a benchmark that measured refusals by accident would be worthless. At
# start, JwtGate and the peer must each accept the tokens and refuse, with 401 and an invalid_token
# challenge, a forged signature, another issuer's token and a token for another audience.
# Spring is on the peer's classpath only, resolved from examples/load/spring-peer/pom.xml when a
# spring-* scenario runs: never in JwtGate's build.
#
# Settings (environment): CONTAINER=tomcat (or jetty), ROUNDS=5, DURATION=20 and WARMUP=10
# (seconds per wrk run), CONNECTIONS=16, WRK_THREADS=1, POOL=10000, LARGE_POOL=20000, PIN=1 (wrk on
# CPU 0, the servers on CPU 1; PIN=0 lets the scheduler share both cores), SERVER_JAVA_OPTS, BUILD=0
# to reuse the previous build, SCENARIOS (a subset, e.g. SCENARIOS="no-filter header-only hot"
# ROUNDS=16 for many rounds of the target's pair and its control: 8 rounds can miss by a few percent;
# no-filter is always measured, first).
#
# Needs a JDK 17, Maven, curl and wrk (https://github.com/wg/wrk). Generates its RSA key pair and
# tokens into a temporary directory, keeps the private key in memory only, and removes everything
# and stops the servers when it ends, Ctrl-C included.
set -euo pipefail
cd "$(dirname "$0")/../.."

CONTAINER=${CONTAINER:-tomcat}
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-10}
CONNECTIONS=${CONNECTIONS:-16}
WRK_THREADS=${WRK_THREADS:-1}
POOL=${POOL:-10000}
LARGE_POOL=${LARGE_POOL:-20000}
PIN=${PIN:-1}
BUILD=${BUILD:-1}
SCENARIOS=${SCENARIOS:-no-filter header-only hot spring-hot pool spring-pool large no-token}
known_scenarios="no-filter header-only hot spring-hot pool spring-pool large no-token"
with_spring=0
for scenario in $SCENARIOS; do
  [[ " $known_scenarios " == *" $scenario "* ]] || {
    echo "Unknown scenario '$scenario' in SCENARIOS; known: $known_scenarios." >&2
    exit 2
  }
  [[ $scenario != spring-* ]] || with_spring=1
done
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC}
URL_PATH=/hello

if ! command -v wrk >/dev/null 2>&1; then
  cat >&2 <<'EOF'
wrk is not installed; this load test needs it (the rest of the build does not).
  Debian/Ubuntu:  sudo apt-get install wrk
  Fedora:         sudo dnf install wrk
  macOS:          brew install wrk
  elsewhere:      build it from https://github.com/wg/wrk (make; put wrk on the PATH)
EOF
  exit 2
fi
case $CONTAINER in
  tomcat|jetty) ;;
  *) echo "CONTAINER must be tomcat or jetty, not '$CONTAINER'." >&2; exit 2 ;;
esac
for tool in java javac mvn curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is not on the PATH; this load test needs it." >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/jwtgate-load.XXXXXX")
server_pids=()
wrk_pid=
cleanup() {
  local pid
  [ -z "$wrk_pid" ] || kill "$wrk_pid" 2>/dev/null || true
  for pid in "${server_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${server_pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

pin_client=() pin_server=()
if [ "$PIN" = 1 ]; then
  if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then
    pin_client=(taskset -c 0) pin_server=(taskset -c 1)
  else
    echo "PIN=1 needs taskset and two CPUs; running unpinned." >&2
    PIN=0
  fi
fi

war=examples/jakarta-webapp/target/jakarta-webapp-1.0
# mvn -q still prints its errors on stdout: keep them in a log and show it when a step fails.
quietly() {
  "$@" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; echo "FAILED: $*" >&2; exit 1; }
}
if [ "$BUILD" = 1 ]; then
  echo "Building JwtGate and installing it into your local Maven repository (tests skipped)..."
  quietly mvn -B -q -DskipTests -Djacoco.skip=true install
  echo "Building the jakarta example WAR..."
  quietly mvn -B -q -f examples/jakarta-webapp/pom.xml package
fi
jar=$(ls target/jwtgate-*-all.jar 2>/dev/null | head -n 1)
[ -n "$jar" ] && [ -d "$war/WEB-INF/lib" ] || { echo "No build found: run without BUILD=0." >&2; exit 2; }
# The local Maven repository may be shared with other checkouts: make sure the WAR carries the
# jar built from this one.
cp "$jar" "$war/WEB-INF/lib/$(basename "$jar")"

echo "Compiling the load test's launcher for $CONTAINER..."
# The container and the servlet API only: the filter is loaded from the WAR's WEB-INF/lib, as deployed.
if [ "$CONTAINER" = tomcat ]; then
  quietly mvn -B -q -f examples/jakarta-webapp/pom.xml \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile="$work/classpath" -DincludeScope=test -DexcludeArtifactIds=jwtgate
  launcher_sources=(examples/demo-launcher/org/jwtgate/example/DemoServer.java examples/load/launcher/org/jwtgate/example/*.java)
  server_class=org.jwtgate.example.LoadServer
else
  # Jetty 12 ee10 as the container test matrix uses it (the project's own test dependencies), without
  # the jaspi module the authentication-module cell adds: a plain Jetty, as the filter runs on.
  quietly mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile="$work/classpath" -DincludeScope=test \
    -DincludeGroupIds=org.eclipse.jetty,org.eclipse.jetty.ee10,jakarta.servlet,org.slf4j \
    -DexcludeArtifactIds=slf4j-simple,jetty-ee10-jaspi
  launcher_sources=(examples/load/jetty/org/jwtgate/example/JettyLoadServer.java
    examples/load/launcher/org/jwtgate/example/{HelloServlet,ReadAuthorizationFilter,LoadTokens}.java)
  server_class=org.jwtgate.example.JettyLoadServer
fi
classpath="$work/classes:$(cat "$work/classpath")"
javac --release 17 -d "$work/classes" -cp "$classpath" "${launcher_sources[@]}"
spring_classpath=
if [ $with_spring = 1 ]; then
  echo "Compiling the Spring Security peer..."
  # Spring joins the peer's classpath only: the other servers run without it, as before.
  quietly mvn -B -q -f examples/load/spring-peer/pom.xml \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile="$work/spring.classpath" -DincludeScope=test
  spring_classpath="$work/spring-classes:$classpath:$(cat "$work/spring.classpath")"
  javac --release 17 -d "$work/spring-classes" -cp "$spring_classpath" \
    examples/load/spring-peer/org/jwtgate/example/SpringPeerSecurity.java
fi

echo "Generating an RSA key pair and $((1 + (LARGE_POOL > POOL ? LARGE_POOL : POOL))) RS256 tokens..."
java -cp "$work/classes" org.jwtgate.example.LoadTokens "$work" "$POOL" "$LARGE_POOL"

# start_server NAME DESCRIPTOR CLASSPATH [ENV=VALUE...]: starts a LoadServer and waits until it
# serves; its port is then in port_of_server[NAME], its process in pid_of_server[NAME].
declare -A port_of_server pid_of_server
start_server() {
  local name=$1 descriptor=$2 server_classpath=$3
  shift 3
  mkdir -p "$work/$name"
  env "$@" "${pin_server[@]}" java $SERVER_JAVA_OPTS -cp "$server_classpath" "$server_class" \
    "$war" "$descriptor" "$work/$name" "$work/$name.port" >"$work/$name.log" 2>&1 &
  server_pids+=($!)
  local pid=$!
  pid_of_server[$name]=$pid
  for _ in $(seq 600); do
    [ -s "$work/$name.port" ] && break
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "The $name server did not start:" >&2
      cat "$work/$name.log" >&2
      exit 1
    fi
    sleep 0.2
  done
  [ -s "$work/$name.port" ] || { echo "The $name server did not start in 2 minutes:" >&2; cat "$work/$name.log" >&2; exit 1; }
  port_of_server[$name]=$(cat "$work/$name.port")
}

scenarios=()
for scenario in $SCENARIOS; do
  case $scenario in
    no-filter) ;;
    large) [ ! -f "$work/pool-large.txt" ] || scenarios+=(large) ;;
    *) scenarios+=("$scenario") ;;
  esac
done
# no-filter is what every ratio is taken against: always measured, always first.
scenarios=(no-filter "${scenarios[@]}")
with_control=0
[[ " ${scenarios[*]} " != *" header-only "* ]] || with_control=1

echo "Starting the example WAR on embedded $CONTAINER: without and with the filter$([ $with_control = 1 ] && echo ", with the control filter")$([ $with_spring = 1 ] && echo ", behind Spring Security")..."
public_key="JWTGATE_LOAD_PUBLIC_KEY=$(cat "$work/public.pem")"
start_server no-filter "$PWD/examples/load/web-no-filter.xml" "$classpath"
start_server filter "$PWD/examples/load/web-filter.xml" "$classpath" "$public_key"
[ $with_control = 0 ] || start_server header-only "$PWD/examples/load/web-header-only.xml" "$classpath"
[ $with_spring = 0 ] || start_server spring "$PWD/examples/load/web-spring.xml" "$spring_classpath" "$public_key"

# expect SERVER TOKEN-FILE STATUS: one request by curl, before any load. A 401 must carry an
# invalid_token challenge (a bearer challenge without an error code when there is no token).
expect() {
  local server=$1 file=$2 status=$3 got challenge
  local header=()
  [ "$file" = - ] || header=(-H "Authorization: Bearer $(head -n 1 "$file")")
  got=$(curl -s -o /dev/null -D "$work/headers" -w '%{http_code}' "${header[@]}" \
    "http://127.0.0.1:${port_of_server[$server]}$URL_PATH")
  if [ "$got" != "$status" ]; then
    echo "Check failed: $URL_PATH on the $server server with $(basename "$file") answered $got, expected $status." >&2
    exit 1
  fi
  [ "$status" = 401 ] || return 0
  challenge=$(tr -d '\r' <"$work/headers" | sed -n 's/^[Ww][Ww][Ww]-[Aa]uthenticate: *//p')
  if [[ $challenge != Bearer* ]] || { [ "$file" != - ] && [[ $challenge != *'error="invalid_token"'* ]]; }; then
    echo "Check failed: the $server server's 401 with $(basename "$file") challenged '$challenge'." >&2
    exit 1
  fi
}
# The hot token with its signature's last characters changed: well formed, wrongly signed.
sed 's/....$/AAAA/' "$work/hot.txt" >"$work/forged.txt"
! cmp -s "$work/forged.txt" "$work/hot.txt" || sed 's/....$/BBBB/' "$work/hot.txt" >"$work/forged.txt"
expect no-filter "$work/hot.txt" 200
expect no-filter - 200
[ $with_control = 0 ] || expect header-only "$work/hot.txt" 200
for server in filter $([ $with_spring = 1 ] && echo spring); do
  expect "$server" "$work/hot.txt" 200
  expect "$server" "$work/pool.txt" 200
  [ ! -f "$work/pool-large.txt" ] || expect "$server" <(tail -n 1 "$work/pool-large.txt") 200
  expect "$server" - 401
  for refused in forged other-issuer other-audience; do
    expect "$server" "$work/$refused.txt" 401
  done
done

declare -A server_of=([no-filter]=no-filter [header-only]=header-only [hot]=filter [pool]=filter [large]=filter [no-token]=filter [spring-hot]=spring [spring-pool]=spring)
declare -A tokens_of=([no-filter]=$work/hot.txt [header-only]=$work/hot.txt [hot]=$work/hot.txt [pool]=$work/pool.txt [large]=$work/pool-large.txt [no-token]=- [spring-hot]=$work/hot.txt [spring-pool]=$work/pool.txt)
declare -A status_of=([no-filter]=200 [header-only]=200 [hot]=200 [pool]=200 [large]=200 [no-token]=401 [spring-hot]=200 [spring-pool]=200)
declare -A rps cpu
ticks_per_second=$(getconf CLK_TCK)

# CPU time a process has used so far, all its threads, user and system, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# load SCENARIO SECONDS: one wrk run; sets result to its requests/s and result_cpu to the server's
# CPU time per response in µs, or stops everything.
load() {
  local scenario=$1 seconds=$2 out line before after responses unexpected errors
  local server=${server_of[$scenario]}
  before=$(cpu_ticks "${pid_of_server[$server]}")
  # In the background with wait, not in the foreground: wrk handles Ctrl-C itself (it stops and
  # reports), and bash then ignores the SIGINT it got too; wait returns at once and runs the trap.
  "${pin_client[@]}" wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${seconds}s" -s examples/load/requests.lua \
    "http://127.0.0.1:${port_of_server[$server]}$URL_PATH" -- "${tokens_of[$scenario]}" "${status_of[$scenario]}" \
    >"$work/wrk.out" 2>&1 &
  wrk_pid=$!
  wait "$wrk_pid" || true
  wrk_pid=
  out=$(cat "$work/wrk.out")
  after=$(cpu_ticks "${pid_of_server[$server]}")
  line=$(grep '^RESULT ' <<<"$out" || true)
  responses=$(sed -n 's/.* responses=\([0-9]*\).*/\1/p' <<<"$line")
  unexpected=$(sed -n 's/.* unexpected_status=\([0-9]*\).*/\1/p' <<<"$line")
  errors=$(sed -n 's/.* socket_errors=\([0-9]*\).*/\1/p' <<<"$line")
  if [ -z "$line" ] || [ "$responses" = 0 ] || [ "$unexpected" != 0 ] || [ "$errors" != 0 ]; then
    echo >&2
    echo "FAILED: scenario $scenario: $unexpected of $responses responses were not ${status_of[$scenario]}," \
      "$errors socket errors. wrk said:" >&2
    echo "$out" >&2
    echo "Server log (last lines):" >&2
    tail -n 30 "$work/$server.log" >&2
    exit 1
  fi
  result=$(sed -n 's/.*requests_per_second=\([0-9.]*\).*/\1/p' <<<"$line")
  result_cpu=$(awk -v t=$((after - before)) -v hz="$ticks_per_second" -v n="$responses" 'BEGIN { printf "%.2f", t * 1e6 / hz / n }')
}

started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "Warming up the servers (JIT), $((WARMUP * 2)) s each..."
load no-filter $((WARMUP * 2))
[ $with_control = 0 ] || load header-only $((WARMUP * 2))
load hot $((WARMUP * 2))
[ $with_spring = 0 ] || load spring-hot $((WARMUP * 2))

for round in $(seq "$ROUNDS"); do
  order=("${scenarios[@]}")
  if [ $((round % 2)) = 0 ]; then
    order=()
    for ((i = ${#scenarios[@]} - 1; i >= 0; i--)); do order+=("${scenarios[$i]}"); done
  fi
  for scenario in "${order[@]}"; do
    printf 'round %s/%s  %-11s ' "$round" "$ROUNDS" "$scenario"
    load "$scenario" "$WARMUP"
    load "$scenario" "$DURATION"
    rps[$scenario,$round]=$result
    cpu[$scenario,$round]=$result_cpu
    printf '%8.0f requests/s  %6.1f µs server CPU per request\n' "$result" "$result_cpu"
  done
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

median() { tr ' ' '\n' | awk 'NF' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

# table FIGURES UNIT FORMAT: one row a round and a median row, each scenario's figure, then each
# filter scenario's throughput relative to no-filter: FIGURES ÷ no-filter's for requests/s,
# no-filter's ÷ FIGURES for CPU per request. Sets median_hot to the hot column's median ratio.
table() {
  local -n figures=$1
  local unit=$2 format=$3 header="| round | order |" rule="|---|---|" row s round values r
  for s in "${scenarios[@]}"; do header+=" $s $unit |"; rule+="---:|"; done
  for s in "${scenarios[@]:1}"; do header+=" $s ÷ no-filter |"; rule+="---:|"; done
  echo "$header"
  echo "$rule"
  relative() {
    if [ "$unit" = "req/s" ]; then ratio "${figures[$1,$2]}" "${figures[no-filter,$2]}"
    else ratio "${figures[no-filter,$2]}" "${figures[$1,$2]}"; fi
  }
  for round in $(seq "$ROUNDS"); do
    row="| $round | $([ $((round % 2)) = 0 ] && echo reversed || echo forward) |"
    for s in "${scenarios[@]}"; do row+=" $(printf "$format" "${figures[$s,$round]}") |"; done
    for s in "${scenarios[@]:1}"; do row+=" $(relative "$s" "$round") |"; done
    echo "$row"
  done
  row="| median | |"
  for s in "${scenarios[@]}"; do
    values=""
    for round in $(seq "$ROUNDS"); do values+="${figures[$s,$round]} "; done
    row+=" $(printf "$format" "$(echo "$values" | median)") |"
  done
  for s in "${scenarios[@]:1}"; do
    values=""
    for round in $(seq "$ROUNDS"); do values+="$(relative "$s" "$round") "; done
    r=$(echo "$values" | median)
    [ "$s" = hot ] && median_hot=$r
    row+=" **$(printf '%.3f' "$r")** |"
  done
  echo "$row"
}

mkdir -p target/load
report=target/load/summary.md
median_hot=
{
  echo "| | |"
  echo "|---|---|"
  echo "| date | $started |"
  echo "| machine | $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(uname -sr) |"
  echo "| JDK | $(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.vm.name = //p') $(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p') |"
  if [ "$CONTAINER" = tomcat ]; then
    echo "| container | Tomcat $(grep -o 'tomcat-embed-core-[0-9.]*[0-9]' "$work/classpath" | head -n 1 | sed 's/tomcat-embed-core-//'), NIO connector, maxKeepAliveRequests=-1; server JVM: $SERVER_JAVA_OPTS |"
  else
    echo "| container | Jetty $(grep -o 'jetty-server-[0-9.]*[0-9]' "$work/classpath" | head -n 1 | sed 's/jetty-server-//') (ee10), ServerConnector defaults; server JVM: $SERVER_JAVA_OPTS |"
  fi
  echo "| wrk | $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2), -t$WRK_THREADS -c$CONNECTIONS, $WARMUP s warm-up (discarded) + $DURATION s measured per scenario and round |"
  if [ "$PIN" = 1 ]; then
    echo "| pinning | wrk on CPU 0, the server on CPU 1 (taskset) |"
  else
    echo "| pinning | none: wrk and the servers share all CPUs |"
  fi
  if [ $with_spring = 1 ]; then
    version_of() { tr ':' '\n' <"$work/spring.classpath" | grep -o "/$1-[0-9][^/]*\.jar$" | head -n 1 | sed "s|^/$1-||; s|\.jar$||"; }
    echo "| peer | Spring Security $(version_of spring-security-web), Spring Framework $(version_of spring-web), Nimbus JOSE+JWT $(version_of nimbus-jose-jwt) (Spring Boot 3.5.7's versions; plain Spring, no Boot), on the same container and servlet |"
  fi
  echo "| tokens | RS256, 2048-bit key, $(head -n 1 "$work/hot.txt" | tr -d '\n' | wc -c) characters; pool $POOL$([ -f "$work/pool-large.txt" ] && echo ", large pool $LARGE_POOL") (default cache: 10000) |"
  echo "| load average (1, 5, 15 min) at start / end | $load_start / $load_end |"
  echo
  echo "Throughput, requests/s, and relative to the server without the filter in the same round:"
  echo
  table rps "req/s" '%.0f'
  hot_ratio=$median_hot
  echo
  echo "The server's CPU time per request, µs (all its threads, user and system, over the measured run),"
  echo "and the throughput it implies relative to no-filter (no-filter's µs ÷ the scenario's):"
  echo
  table cpu "µs" '%.1f'
  cpu_hot=$median_hot
  echo
  echo "Ratios are per round; the median row gives the median of each column, so its ratios are the"
  echo "median of the rounds' ratios, not a ratio of medians."
  echo
  if [ -n "$hot_ratio" ]; then
    if awk -v r="$hot_ratio" 'BEGIN { exit !(r >= 0.95) }'; then verdict=PASS; else verdict=FAIL; fi
    echo "Target (issue 6): with one hot RS256 token, at least 0.95× the throughput of the container without"
    echo "the filter. Median hot ÷ no-filter throughput: $(printf '%.3f' "$hot_ratio"): **$verdict** (from CPU per"
    echo "request: $(printf '%.3f' "$cpu_hot"))."
  fi
  if [ $with_control = 1 ] && [ -n "${rps[hot,1]:-}" ]; then
    own_rps="" own_cpu=""
    for round in $(seq "$ROUNDS"); do
      own_rps+="$(ratio "${rps[hot,$round]}" "${rps[header-only,$round]}") "
      own_cpu+="$(ratio "${cpu[header-only,$round]}" "${cpu[hot,$round]}") "
    done
    echo
    echo "JwtGate's own share: hot ÷ header-only (the control filter that only reads the header), median of"
    echo "the rounds' ratios: $(printf '%.3f' "$(echo "$own_rps" | median)") by requests/s,"
    echo "$(printf '%.3f' "$(echo "$own_cpu" | median)") by CPU per request. The header-only ÷ no-filter column above is"
    echo "the container's share: what reading the Authorization header costs any bearer-token filter."
  fi
  peer_rows=""
  for pair in hot:spring-hot pool:spring-pool; do
    ours=${pair%%:*} theirs=${pair#*:}
    [ -n "${rps[$ours,1]:-}" ] && [ -n "${rps[$theirs,1]:-}" ] || continue
    peer_rps="" peer_cpu=""
    for round in $(seq "$ROUNDS"); do
      peer_rps+="$(ratio "${rps[$ours,$round]}" "${rps[$theirs,$round]}") "
      peer_cpu+="$(ratio "${cpu[$theirs,$round]}" "${cpu[$ours,$round]}") "
    done
    peer_rows+="| $ours | $theirs | **$(printf '%.2f' "$(echo "$peer_rps" | median)")×** | $(printf '%.2f' "$(echo "$peer_cpu" | median)")× |"$'\n'
  done
  if [ -n "$peer_rows" ]; then
    echo
    echo "JwtGate ÷ Spring Security's resource server, the same servlet on the same container with the same"
    echo "tokens, median of the rounds' ratios (requests/s: JwtGate's ÷ Spring's; CPU per request: Spring's ÷"
    echo "JwtGate's):"
    echo
    echo "| JwtGate | Spring Security | by requests/s | by CPU per request |"
    echo "|---|---|---:|---:|"
    printf '%s' "$peer_rows"
  fi
} >"$report"

echo
cat "$report"
echo
echo "(also in $report)"
