#!/usr/bin/env bash
# Short ingestion load run against 127.0.0.1 (bounded in time), with a same-machine baseline:
# the rows/s of PostgreSQL COPY of equivalent rows into the same cluster.
#
#   Benchmarks/ingest-load.sh [seconds=15] [connections=64]
#
# Needs wrk (apt-get install -y wrk) and a built cxloop (swift build -c release).
# Prints a table and a JSON line; every figure is measured in this run.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-15}
CONNECTIONS=${2:-64}
BIN=${CXLOOP_BIN:-.build/release/cxloop}
export CXLOOP_HOME=${CXLOOP_HOME:-/tmp/cxloop-bench}
export CXLOOP_MIGRATIONS=$PWD/sql/migrations
PORT=${PORT:-18080}
command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 1; }
[ -x "$BIN" ] || { echo "$BIN not built: swift build -c release" >&2; exit 1; }

TENANT="bench$(date +%s)"
KEY=$("$BIN" keys create --tenant "$TENANT" --scope admin 2>/dev/null)
export CXLOOP_KEY=$KEY
"$BIN" serve --port "$PORT" --log-level error &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "localhost:$PORT/health" >/dev/null && break; sleep 0.1; done
curl -sf -X PUT "localhost:$PORT/v1/surveys/support" -H "Authorization: Bearer $KEY" \
    -d '{"title":"Bench","population":"customer","fields":[{"id":"nps","type":"nps"},{"id":"sat","type":"csat"},{"id":"effort","type":"ces"},{"id":"comment","type":"text"}]}' >/dev/null

URL=$("$BIN" db url)
count() { psql "$URL" -tAc "SELECT count(*) FROM submissions WHERE tenant_id = '$TENANT'"; }

run() {  # name script connections
    local before after line
    before=$(count)
    line=$(wrk -t2 -c"$3" -d"${SECONDS_PER_RUN}s" --timeout 30s --latency -s "Benchmarks/$2" "http://127.0.0.1:$PORT" | grep '^RESULT')
    after=$(count)
    echo "$1 $line rows=$((after - before))"
}
SINGLE=$(run single ingest-single.lua "$CONNECTIONS")
BATCH=$(BATCH=1000 run ndjson1000 ingest-batch.lua 8)

# Baseline: COPY of 100,000 submission rows (same raw JSON size) into a logged table with the
# same columns and indexes as submissions (no foreign keys, no answers rows), one transaction.
ROWS=100000
TSV=$(mktemp /tmp/cxloop-copy-XXXXXX.tsv)
python3 - "$ROWS" > "$TSV" <<'PY'
import json, sys
for i in range(int(sys.argv[1])):
    raw = {"survey": "support", "submission_id": f"c-{i}", "respondent": f"cust-{i % 5000}", "submitted_at": "2026-11-03T10:15:00Z",
           "answers": {"nps": i % 11, "sat": 1 + i % 5, "effort": 1 + i % 7}, "attributes": {"segment": "smb"}}
    print(f"bench\tsupport\tc-{i}\t1\tcust-{i % 5000}\tcompleted\t2026-11-03T10:15:00Z\t{{\"segment\":\"smb\"}}\t{json.dumps(raw)}")
PY
chmod 644 "$TSV"
START=$(date +%s.%N)
psql "$URL" -q -c "CREATE TABLE copy_bench (LIKE submissions INCLUDING ALL)" -c "\copy copy_bench (tenant_id, survey_key, submission_id, survey_version, respondent, status, submitted_at, attributes, raw) FROM '$TSV'"
END=$(date +%s.%N)
psql "$URL" -q -c "DROP TABLE copy_bench"
rm -f "$TSV"
COPY_RPS=$(python3 -c "print($ROWS / ($END - $START))")

python3 - "$SINGLE" "$BATCH" "$COPY_RPS" "$SECONDS_PER_RUN" <<'PY'
import json, re, sys
def parse(line):
    name = line.split()[0]
    fields = dict(re.findall(r'(\w+)=([\d.]+)', line))
    d = float(fields["duration_s"])
    return {"scenario": name, "requests": int(fields["requests"]), "non_2xx": int(fields["errors_status"]),
            "requests_per_s": float(fields["rps"]), "rows_per_s": int(fields["rows"]) / d,
            "p50_ms": float(fields["p50_ms"]), "p99_ms": float(fields["p99_ms"])}
rows = [parse(sys.argv[1]), parse(sys.argv[2])]
copy_rps = float(sys.argv[3])
for r in rows: r["rows_vs_copy"] = r["rows_per_s"] / copy_rps
print(f"{'scenario':<12}{'requests':>10}{'non-2xx':>9}{'req/s':>10}{'rows/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'vs COPY':>9}")
for r in rows:
    print(f"{r['scenario']:<12}{r['requests']:>10}{r['non_2xx']:>9}{r['requests_per_s']:>10.0f}{r['rows_per_s']:>10.0f}{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}{r['rows_vs_copy']:>9.2f}")
print(f"{'COPY (base)':<12}{'':>10}{'':>9}{'':>10}{copy_rps:>10.0f}")
print(json.dumps({"seconds": float(sys.argv[4]), "copy_rows_per_s": copy_rps, "scenarios": rows}))
PY
