# Helpers shared by bench/{dhcp,tftp,image}/run (sourced, not run).
#
# Every benchmark makes its own scratch directory and, if it needs them, its own network
# namespaces; `cleanup` (run on EXIT, also after a failure or ^C) kills every process the run
# started, by PID, deletes those namespaces (which removes their veth pairs) and the scratch
# directory. Nothing touches the host's interfaces, routes or resolv.conf.

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR="$BENCH_ROOT/verticles/launcher/target/bmp.jar"
BENCH_PIDS=()
BENCH_NETNS=()
BENCH_TMP=""

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

cleanup() {
  local pid ns
  for pid in "${BENCH_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  sleep 0.3
  for pid in "${BENCH_PIDS[@]}"; do
    kill -9 "$pid" 2>/dev/null || true
  done
  for ns in "${BENCH_NETNS[@]}"; do
    # Anything still running inside (a daemonised peer) goes first, then the namespace and its veth.
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  done
  [ -n "$BENCH_TMP" ] && [ -z "${BENCH_KEEP:-}" ] && rm -rf "$BENCH_TMP"
  [ -n "${BENCH_KEEP:-}" ] && log "kept $BENCH_TMP"
  return 0
}

# bench_init NAME: the scratch directory and the cleanup trap.
bench_init() {
  [ "$(id -u)" = 0 ] || die "run as root (namespaces, privileged ports, raw sockets)"
  BENCH_TMP=$(mktemp -d "/tmp/bmp-bench-$1.XXXXXX")
  trap cleanup EXIT
  trap 'exit 130' INT TERM
}

# need_cmd COMMAND PACKAGE: installs PACKAGE from Debian if COMMAND is missing.
need_cmd() {
  command -v "$1" >/dev/null && return 0
  log "installing $2 for $1"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}

# build_jar: builds bmp.jar unless it is newer than every source and POM.
build_jar() {
  if [ -f "$JAR" ] && [ -z "$(find "$BENCH_ROOT/verticles" "$BENCH_ROOT/protocols" "$BENCH_ROOT/agent" "$BENCH_ROOT/pom.xml" \
      -newer "$JAR" \( -name '*.java' -o -name 'pom.xml' -o -name '*.xml' -o -name '*.json' \) -path '*src/main*' -print -quit)" ]; then
    return 0
  fi
  log "building bmp.jar"
  (cd "$BENCH_ROOT" && mvn -o -q -B -DskipTests install) || die "mvn install"
}

# start_bg LOG COMMAND...: starts a process in the background, remembers its PID in BENCH_PID.
start_bg() {
  local out=$1; shift
  "$@" >"$out" 2>&1 &
  BENCH_PID=$!
  BENCH_PIDS+=("$BENCH_PID")
}

# stop_pid PID: stops one process this run started and waits for it.
stop_pid() {
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# wait_log FILE TEXT SECONDS: waits for TEXT to appear in FILE.
wait_log() {
  for _ in $(seq 1 $(($3 * 10))); do grep -q -- "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  cat "$1" >&2; die "'$2' did not appear in $1 within $3 s"
}

# netns_pair SERVER_NS CLIENT_NS SERVER_IF CLIENT_IF SERVER_CIDR CLIENT_CIDR: two namespaces joined
# by a veth pair, checksum offload off on both ends (raw-socket clients drop packets otherwise).
netns_pair() {
  local s=$1 c=$2 si=$3 ci=$4
  BENCH_NETNS+=("$s" "$c")
  ip netns add "$s"; ip netns add "$c"
  ip link add "$si" type veth peer name "$ci"
  ip link set "$si" netns "$s"; ip link set "$ci" netns "$c"
  ip -n "$s" addr add "$5" dev "$si"; ip -n "$c" addr add "$6" dev "$ci"
  local side
  for side in "$s $si" "$c $ci"; do
    set -- $side
    ip -n "$1" link set "$2" up; ip -n "$1" link set lo up
    ip netns exec "$1" ethtool -K "$2" tx off >/dev/null
  done
}

# median NUMBER...: the median (the mean of the middle two for an even count).
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ratio A B: A/B with two decimals ("-" if B is zero).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }

# fmt NUMBER DECIMALS
fmt() { awk -v v="$1" -v d="${2:-0}" 'BEGIN { printf "%." d "f", v }'; }

# busy_percent: how busy the machine's CPUs were over the last second (all processes, ours included).
busy_percent() {
  local a b
  a=($(head -1 /proc/stat)); sleep 1; b=($(head -1 /proc/stat))
  awk -v u="$(( b[1] + b[2] + b[3] + b[6] + b[7] - a[1] - a[2] - a[3] - a[6] - a[7] ))" \
      -v i="$(( b[4] + b[5] - a[4] - a[5] ))" 'BEGIN { printf "%d", (u + i) ? 100 * u / (u + i) : 0 }'
}

# wait_quiet: the machine is shared (other sessions build and benchmark on it); before a round,
# wait until it is below 25 % busy while our servers idle, at most BENCH_QUIET_WAIT seconds (300),
# and count the rounds that had to start on a busy machine (BENCH_BUSY_ROUNDS, printed with the table).
BENCH_BUSY_ROUNDS=0
wait_quiet() {
  local waited=0 busy
  while busy=$(busy_percent); [ "$busy" -ge 25 ]; do
    if [ "$waited" -ge "${BENCH_QUIET_WAIT:-300}" ]; then
      log "the machine is still ${busy} % busy with other work: measuring anyway"
      BENCH_BUSY_ROUNDS=$((BENCH_BUSY_ROUNDS + 1))
      return 0
    fi
    [ "$waited" = 0 ] && log "the machine is ${busy} % busy with other work: waiting for it to calm down"
    sleep 4; waited=$((waited + 5))
  done
}

# server_java_opts: JVM options of the node under test (BENCH_SERVER_JAVA_OPTS adds, e.g., a JFR recording).
server_java_opts() { echo "-Xms512m -Xmx1g ${BENCH_SERVER_JAVA_OPTS:-}"; }
