#!/usr/bin/env bash
# Reliability run of `cxloop serve` on 127.0.0.1 (issue 7): load and soak, faults (server
# kill -9, PostgreSQL stopped, SIGTERM, postmaster kill -9) and slow clients, each with
# pass/fail. Prints a table (scenario, requests, acknowledged, stored, lost, duplicated, 5xx,
# result) and one JSON line; exits 1 when any scenario fails. Builds nothing:
#
#   CI=true swift build -c release --build-path .build-release --product cxloop
#   CI=true swift build -c release --build-path .build-release --product ReliabilityLoad
#   Benchmarks/reliability.sh [--soak-minutes N]      # default 10; about N + 5 minutes in all
#
# A fresh embedded cluster under $CXLOOP_HOME (default /tmp/cxloop-reliability-PID) is started
# and, at the end, stopped and removed (KEEP_HOME=1 keeps it). Logs and each scenario's client
# JSON stay in the printed work directory. See Benchmarks/README.md ("Reliability").
set -euo pipefail
cd "$(dirname "$0")/.."

SOAK_MINUTES=10
while [ $# -gt 0 ]; do
    case $1 in
        --soak-minutes) SOAK_MINUTES=$2; shift 2 ;;
        --soak-minutes=*) SOAK_MINUTES=${1#*=}; shift ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $1 (see --help)" >&2; exit 64 ;;
    esac
done
[[ $SOAK_MINUTES =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "--soak-minutes needs a number" >&2; exit 64; }

BIN=${CXLOOP_BIN:-.build-release/release/cxloop}
LOAD=${LOAD_BIN:-.build-release/release/ReliabilityLoad}
for binary in "$BIN" "$LOAD"; do
    [ -x "$binary" ] || { echo "$binary not built: CI=true swift build -c release --build-path .build-release --product $(basename "$binary")" >&2; exit 1; }
done
command -v psql >/dev/null || { echo "psql not found (postgresql-client)" >&2; exit 1; }
export CXLOOP_HOME=${CXLOOP_HOME:-/tmp/cxloop-reliability-$$}
export CXLOOP_MIGRATIONS=$PWD/sql/migrations
PORT=${PORT:-18090}
URL="http://127.0.0.1:$PORT"
TENANT=reliability
WORK=$(mktemp -d /tmp/cxloop-reliability-run-XXXXXX)
SERVER=
echo "work directory: $WORK (server.log, <scenario>.json/.log/.facts)" >&2

cleanup() {
    [ -n "$SERVER" ] && kill -9 "$SERVER" 2>/dev/null || true
    "$BIN" db stop >/dev/null 2>&1 || true
    [ "${KEEP_HOME:-0}" = 1 ] || rm -rf "$CXLOOP_HOME"
}
trap cleanup EXIT

log() { echo "[$(date +%T)] $*" >&2; }
now() { date +%s.%N; }
fact() { echo "$2=$3" >> "$WORK/$1.facts"; }  # scenario key value

# start_server [serve options...]: starts cxloop serve in the background, sets SERVER, waits for /health.
start_server() {
    "$BIN" serve --port "$PORT" --rate-limit 0 --log-level warning "$@" >> "$WORK/server.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 300); do
        curl -sf -o /dev/null "$URL/health" && return 0
        kill -0 "$SERVER" 2>/dev/null || { echo "cxloop serve exited; see $WORK/server.log" >&2; exit 1; }
        sleep 0.1
    done
    echo "cxloop serve did not become healthy in 30 s" >&2
    exit 1
}

# stop_server: SIGTERM, then kill -9 if it has not exited within 30 s (a hung shutdown must not
# hang the run); sets STOP_STATUS (its exit status, or "killed") and STOP_SECONDS.
stop_server() {
    local started; started=$(now)
    kill -TERM "$SERVER" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.1; done
    STOP_STATUS=0
    if kill -0 "$SERVER" 2>/dev/null; then
        kill -9 "$SERVER"; STOP_STATUS=killed
        wait "$SERVER" 2>/dev/null || true
    else
        wait "$SERVER" || STOP_STATUS=$?
    fi
    STOP_SECONDS=$(python3 -c "print(round($(now) - $started, 2))")
    SERVER=
}

# load NAME [client options...]: runs the client in the background (sets LOADER); NAME.json gets its report.
load() {
    local name=$1; shift
    "$LOAD" --url "$URL" --key "$KEY" --tenant "$TENANT" --home "$CXLOOP_HOME" --prefix "$name" "$@" \
        > "$WORK/$name.json" 2> "$WORK/$name.log" &
    LOADER=$!
    fact "$name" load_started "$(now)"
}

finish_load() {  # name
    wait "$LOADER" || fact "$1" client_failed 1
    log "$1: $(head -3 "$WORK/$1.log" | tr '\n' ' ')"
}

log "starting the embedded cluster under $CXLOOP_HOME"
"$BIN" db start >/dev/null
KEY=$("$BIN" keys create --tenant "$TENANT" --scope admin 2>/dev/null)
start_server
curl -sf -o /dev/null -X PUT "$URL/v1/surveys/support" -H "Authorization: Bearer $KEY" \
    -d '{"title":"Reliability","population":"customer","fields":[{"id":"nps","type":"nps"},{"id":"sat","type":"csat"},{"id":"effort","type":"ces"},{"id":"comment","type":"text"}]}'

# 0. The maximum rate of the workload, briefly: 64 requests in flight, as fast as they are answered.
log "max-rate: 12 s as fast as possible"
load max-rate --seconds 12 --connections 64 --retry-seconds 10
finish_load max-rate
MAX=$(python3 -c "import json; print(json.load(open('$WORK/max-rate.json'))['requests_per_second'])")
RATE=$(python3 -c "print(round(0.8 * $MAX))")
HALF=$(python3 -c "print(round(0.5 * $MAX))")
log "maximum $MAX requests/s; soak at 80%: $RATE/s, faults at 50%: $HALF/s"

# 1. Soak at 80% of the maximum, sampling the server's VmRSS every minute.
log "soak: $SOAK_MINUTES min at $RATE requests/s"
fact soak target_rate "$RATE"
load soak --seconds "$(python3 -c "print($SOAK_MINUTES * 60)")" --rate "$RATE" --connections 128 --server-pid "$SERVER"
finish_load soak

# 2a. kill -9 of the server during load, restarted at once; clients retry with the same ids.
log "kill-server: kill -9 after 6 s of 25, restart"
load kill-server --seconds 25 --rate "$HALF" --connections 64 --retry-seconds 30
sleep 6
kill -9 "$SERVER"; wait "$SERVER" 2>/dev/null || true
fact kill-server killed_at "$(now)"
start_server
fact kill-server restarted_at "$(now)"
finish_load kill-server

# 2b. PostgreSQL stopped for 20 s during load: 503 with Retry-After, recovery without a restart.
log "db-outage: cxloop db stop after 6 s, start 20 s later"
PID_BEFORE=$SERVER
load db-outage --seconds 40 --rate "$HALF" --connections 64 --retry-seconds 30
sleep 6
"$BIN" db stop >/dev/null
fact db-outage stopped_at "$(now)"
sleep 2
fact db-outage health_while_down "$(curl -s -o /dev/null -w '%{http_code}' "$URL/health")"
sleep 18
fact db-outage starting_at "$(now)"
"$BIN" db start >/dev/null
fact db-outage started_at "$(now)"
finish_load db-outage
fact db-outage server_restarted "$([ "$SERVER" = "$PID_BEFORE" ] && kill -0 "$SERVER" 2>/dev/null && echo 0 || echo 1)"
fact db-outage health_after "$(curl -s -o /dev/null -w '%{http_code}' "$URL/health")"

# 2c. SIGTERM during load: in-flight requests finish (or get 503), then the server exits.
log "sigterm: SIGTERM after 6 s of 25, restart"
load sigterm --seconds 25 --rate "$HALF" --connections 64 --retry-seconds 30
sleep 6
stop_server
fact sigterm exit_status "$STOP_STATUS"
fact sigterm exit_seconds "$STOP_SECONDS"
start_server
finish_load sigterm

# 2d. The cluster's postmaster killed with kill -9: `db status` says so, `db start` recovers it.
log "postmaster-kill: kill -9 of the postmaster after 6 s of 30"
load postmaster-kill --seconds 30 --rate "$HALF" --connections 64 --retry-seconds 30
sleep 6
kill -9 "$(head -1 "$CXLOOP_HOME/data/postmaster.pid")"
sleep 2
STATUS=0; "$BIN" db status > "$WORK/postmaster-kill.status" 2>&1 || STATUS=$?
fact postmaster-kill status_exit "$STATUS"
fact postmaster-kill status_says_crashed "$(grep -q 'died' "$WORK/postmaster-kill.status" && echo 1 || echo 0)"
STATUS=0; "$BIN" db start > "$WORK/postmaster-kill.start" 2>&1 || STATUS=$?
fact postmaster-kill start_exit "$STATUS"
STATUS=0; "$BIN" db status >> "$WORK/postmaster-kill.status" 2>&1 || STATUS=$?
fact postmaster-kill status_after_exit "$STATUS"
finish_load postmaster-kill

# 3. Slow clients (stalled and trickled heads and bodies) while normal clients are served; the
# server runs here with a 5 s idle timeout and a 10 s body deadline to keep the run short.
log "slow-clients: 40 slow connections for up to 30 s beside a 25 s load"
stop_server
start_server --idle-timeout 5 --body-timeout 10
fact slow-clients idle_timeout 5
fact slow-clients body_timeout 10
python3 Benchmarks/slow-clients.py "$PORT" "$KEY" --per-kind 10 --limit 30 > "$WORK/slow-clients.slow.json" &
SLOW=$!
load slow-clients --seconds 25 --rate "$HALF" --connections 64 --retry-seconds 10
finish_load slow-clients
wait "$SLOW"
stop_server

python3 - "$WORK" "$SOAK_MINUTES" <<'PY'
import json, os, sys
work, soak_minutes = sys.argv[1], float(sys.argv[2])
def facts(name):
    path = os.path.join(work, name + ".facts")
    return dict(line.strip().split("=", 1) for line in open(path)) if os.path.exists(path) else {}
def report(name):
    try:
        return json.load(open(os.path.join(work, name + ".json")))
    except (OSError, ValueError):
        return None

def checks(name, r, f):
    """(description, passed) pairs of a scenario."""
    c = [("client finished and compared with the stored rows", r is not None and "client_failed" not in f)]
    if r is None:
        return c
    other_5xx = r["status5xx"] - r["status503"]
    c += [("no acknowledged row lost", r["lost"] == 0), ("no row duplicated", r["duplicated"] == 0),
          ("no invalid item stored, every answer as the contract says",
           r["invalid_stored"] == 0 and r["wrong_answers"] == 0),
          ("every request acknowledged in the end (retries)", r["abandoned_requests"] == 0),
          ("every 503 carries Retry-After", r["unavailable_without_retry_after"] == 0)]
    start = float(f["load_started"])
    def acks_between(a, b):  # acknowledgements in whole seconds of the run inside [a, b]
        t = r["acknowledged_per_second"]
        return sum(t[s] for s in range(len(t)) if start + s >= a and start + s + 1 <= b)
    if name in ("max-rate", "soak"):
        c += [("zero 5xx", r["status5xx"] == 0), ("zero connection errors", r["connection_errors"] == 0)]
    else:
        c.append(("no 5xx other than 503", other_5xx == 0))
    if name == "soak":
        rate = float(f["target_rate"])
        c.append((f"kept 95% of the target rate ({r['requests_per_second']:.0f} of {rate:.0f}/s)",
                  r["requests_per_second"] >= 0.95 * rate))
        rss = [x for x in r["rss_kib"] if x is not None]
        minute = 2 if len(rss) >= 5 else 1  # samples: start, each minute, end
        base = rss[minute] if len(rss) >= 3 else None
        c.append((f"RSS at the end within 10% of minute {minute} ({rss[-1] if rss else '?'} vs {base} KiB)",
                  base is not None and rss[-1] <= 1.10 * base))
    if name == "kill-server":
        c.append(("the kill hit requests (connection errors seen)", r["connection_errors"] > 0))
    if name == "db-outage":
        down_from, down_to = float(f["stopped_at"]), float(f["starting_at"])
        t = r["acknowledged_per_second"]
        after = [s for s in range(len(t)) if start + s >= float(f["started_at"]) and t[s] > 0]
        recovery = start + after[0] - float(f["started_at"]) if after else None
        f["recovery_seconds"] = None if recovery is None else round(max(0.0, recovery), 1)
        c += [("503 answers while PostgreSQL was down", r["status503"] > 0),
              ("/health 503 while down, 200 after", f["health_while_down"] == "503" and f["health_after"] == "200"),
              ("no 2xx while PostgreSQL was down", acks_between(down_from + 1, down_to) == 0),
              (f"recovered without a server restart (first 2xx {f['recovery_seconds']} s after start)",
               f["server_restarted"] == "0" and recovery is not None and recovery <= 15)]
    if name == "sigterm":
        c.append((f"exited 0 within 15 s of SIGTERM ({f['exit_seconds']} s)",
                  f["exit_status"] == "0" and float(f["exit_seconds"]) <= 15))
    if name == "postmaster-kill":
        c += [("db status exits non-zero and says the server died",
               f["status_exit"] != "0" and f["status_says_crashed"] == "1"),
              ("db start recovers it (status 0 after)", f["start_exit"] == "0" and f["status_after_exit"] == "0")]
    if name == "slow-clients":
        slow = json.load(open(os.path.join(work, "slow-clients.slow.json")))
        idle, body = float(f["idle_timeout"]), float(f["body_timeout"])
        limits = {"stalled_head": idle, "trickled_head": idle, "stalled_body": idle, "trickled_body": body}
        for kind, limit in limits.items():
            times = slow[kind]
            worst = None if None in times else max(times)
            c.append((f"{kind.replace('_', ' ')}: all {len(times)} cut off within {limit + 3:.0f} s (slowest {worst} s)",
                      worst is not None and worst <= limit + 3))
        c.append(("normal clients served: zero 5xx and connection errors",
                  r["status5xx"] == 0 and r["connection_errors"] == 0))
    return c

names = ["max-rate", "soak", "kill-server", "db-outage", "sigterm", "postmaster-kill", "slow-clients"]
rows, failed = [], []
for name in names:
    r, f = report(name), facts(name)
    results = checks(name, r, f)
    passed = all(ok for _, ok in results)
    if not passed:
        failed.append(name)
    rows.append({"scenario": name, "requests": r and r["requests"], "acknowledged": r and r["acknowledged"],
                 "stored": r and r["stored"], "lost": r and r["lost"], "duplicated": r and r["duplicated"],
                 "status_5xx": r and r["status5xx"], "status_503": r and r["status503"],
                 "requests_per_second": r and round(r["requests_per_second"], 1), "p99_ms": r and round(r["p99_ms"], 1),
                 "p99_ms_by_minute": r and [round(x, 1) for x in r["p99_ms_by_minute"]],
                 "rss_kib": r and r["rss_kib"], "result": "pass" if passed else "FAIL",
                 "checks": [{"check": d, "passed": ok} for d, ok in results]})
    print(f"\n{name}", file=sys.stderr)
    for d, ok in results:
        print(f"  {'ok  ' if ok else 'FAIL'} {d}", file=sys.stderr)
print(f"\n{'scenario':<16}{'requests':>10}{'acknowledged':>14}{'stored':>10}{'lost':>6}{'duplicated':>12}{'5xx':>7}  result")
for row in rows:
    cells = [row[k] if row[k] is not None else "-" for k in ("requests", "acknowledged", "stored", "lost", "duplicated", "status_5xx")]
    print(f"{row['scenario']:<16}{cells[0]:>10}{cells[1]:>14}{cells[2]:>10}{cells[3]:>6}{cells[4]:>12}{cells[5]:>7}  {row['result']}")
soak = next(r for r in rows if r["scenario"] == "soak")
print(f"\nsoak p99 per minute (ms): {soak['p99_ms_by_minute']}; server VmRSS per minute (KiB): {soak['rss_kib']}")
print(json.dumps({"soak_minutes": soak_minutes, "passed": not failed, "failed": failed, "scenarios": rows}))
sys.exit(1 if failed else 0)
PY
