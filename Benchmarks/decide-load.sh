#!/usr/bin/env bash
# Short decide load run against 127.0.0.1 (bounded in time), with a same-run baseline:
# GET /health on the same server. 20 catalog actions, full candidate logging.
#
#   Benchmarks/decide-load.sh [seconds=15] [connections=32]
#
# Needs wrk (apt-get install -y wrk) and a built cxloop (CXLOOP_BIN, default the release build).
# Prints a table and a JSON line; every figure is measured in this run. Afterwards it checks the
# log: one decision row per 2xx, candidates' propensities summing to 1, no cap exceeded; and how many
# decisions a transaction logged on average (group commit).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-15}
CONNECTIONS=${2:-32}
BIN=${CXLOOP_BIN:-.build/release/cxloop}
export CXLOOP_HOME=${CXLOOP_HOME:-/tmp/cxloop-decide-bench}
export CXLOOP_MIGRATIONS=$PWD/sql/migrations
PORT=${PORT:-18081}
command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 1; }
[ -x "$BIN" ] || { echo "$BIN not built: swift build -c release" >&2; exit 1; }

TENANT="decide$(date +%s)"
KEY=$("$BIN" keys create --tenant "$TENANT" --scope admin 2>/dev/null)
export CXLOOP_KEY=$KEY
WORK=$(mktemp -d /tmp/cxloop-decide-XXXXXX)
python3 - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
kinds = ["offer", "service", "education", "retention"]
channels = [{"sms": 0.05, "email": 0.01}, {"app": 0.0}, {"email": 0.01, "app": 0.0}, {"sms": 0.05}]
actions = [{"key": f"action-{i:02d}", "kind": kinds[i % 4], "channels": channels[i % 4],
            "eligibility": {"segments": ["smb"]} if i % 5 == 0 else {},
            "priors": {"value": 1 + i % 7, "satisfaction": 0.01 * (i % 3), "effort": -0.1 * (i % 2)}} for i in range(20)]
json.dump(actions, open(f"{work}/catalog.json", "w"))
json.dump({"suppression": [{"name": "no-offer-after-complaint", "kinds": ["offer"], "after_event": "complaint", "within_days": 14}],
           "caps": [{"channel": "sms", "max": 2, "window_days": 7}]}, open(f"{work}/rules.json", "w"))
json.dump({"version": "bench-v1", "weights": {"theta": {"value": 1, "satisfaction": 50, "effort": -2, "cost": -1},
           "beta": 0.5, "epsilon": 0.1, "kappa": 0.2}}, open(f"{work}/policy.json", "w"))
PY
"$BIN" actions put "$WORK/catalog.json" --tenant "$TENANT" >/dev/null
"$BIN" rules put "$WORK/rules.json" --tenant "$TENANT" >/dev/null
"$BIN" weights put "$WORK/policy.json" --tenant "$TENANT" >/dev/null
"$BIN" weights apply bench-v1 --tenant "$TENANT" --reason benchmark >/dev/null
rm -rf "$WORK"

"$BIN" serve --port "$PORT" --log-level error --rate-limit 0 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "localhost:$PORT/health" >/dev/null && break; sleep 0.1; done

URL=$("$BIN" db url)
sql() { psql "$URL" -tAc "$1"; }
run() {  # name script
    wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --timeout 30s --latency -s "Benchmarks/$2" "http://127.0.0.1:$PORT" \
        | grep '^RESULT' | sed "s/^/$1 /"
}
HEALTH=$(run health health.lua)
BEFORE=$(sql "SELECT count(*) FROM decisions WHERE tenant_id = '$TENANT'")
DECIDE=$(run decide decide.lua)
AFTER=$(sql "SELECT count(*) FROM decisions WHERE tenant_id = '$TENANT'")
BAD_SUMS=$(sql "SELECT count(*) FROM (SELECT decision_id FROM decision_candidates WHERE tenant_id = '$TENANT'
                GROUP BY decision_id HAVING abs(sum(propensity) - 1) > 1e-9) s")
OVER_CAP=$(sql "SELECT count(*) FROM (SELECT unit, contacted_at FROM contact_ledger l WHERE tenant_id = '$TENANT' AND channel = 'sms'
                AND (SELECT count(*) FROM contact_ledger m WHERE m.tenant_id = l.tenant_id AND m.unit = l.unit AND m.channel = 'sms'
                     AND m.contacted_at > l.contacted_at - interval '7 days' AND m.contacted_at <= l.contacted_at) > 2) s")
# Decide transactions: the decisions one transaction wrote share its xmin.
PER_TRANSACTION=$(sql "SELECT round(count(*)::numeric / count(DISTINCT xmin::text), 1) FROM decisions WHERE tenant_id = '$TENANT'")
CANDIDATES=$(sql "SELECT round(avg(n), 1) FROM (SELECT count(*) AS n FROM decision_candidates WHERE tenant_id = '$TENANT'
                  GROUP BY decision_id) s")

python3 - "$HEALTH" "$DECIDE" "$((AFTER - BEFORE))" "$BAD_SUMS" "$OVER_CAP" "$CANDIDATES" "$SECONDS_PER_RUN" \
          "$PER_TRANSACTION" <<'PY'
import json, re, sys
def parse(line):
    fields = dict(re.findall(r'(\w+)=([\d.]+)', line))
    return {"scenario": line.split()[0], "requests": int(fields["requests"]), "non_2xx": int(fields["errors_status"]),
            "requests_per_s": float(fields["rps"]), "p50_ms": float(fields["p50_ms"]), "p99_ms": float(fields["p99_ms"])}
health, decide = parse(sys.argv[1]), parse(sys.argv[2])
logged, bad_sums, over_cap, candidates = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6] or 0)
per_transaction = float(sys.argv[8] or 0)
decide["vs_health"] = decide["requests_per_s"] / health["requests_per_s"]
print(f"{'scenario':<10}{'requests':>10}{'non-2xx':>9}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'vs health':>11}")
for r in (health, decide):
    print(f"{r['scenario']:<10}{r['requests']:>10}{r['non_2xx']:>9}{r['requests_per_s']:>10.0f}{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}"
          f"{r.get('vs_health', 1):>11.2f}")
print(f"logged decisions {logged} (2xx {decide['requests'] - decide['non_2xx']}), candidates per decision {candidates}, "
      f"decisions per transaction {per_transaction}, propensity sums off {bad_sums}, sms caps exceeded {over_cap}")
print(json.dumps({"seconds": float(sys.argv[7]), "health": health, "decide": decide, "logged": logged,
                  "candidates_per_decision": candidates, "decisions_per_transaction": per_transaction, "propensity_sums_off": bad_sums, "caps_exceeded": over_cap}))
PY
