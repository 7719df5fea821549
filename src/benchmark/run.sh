#!/usr/bin/env bash
# Benchmark of the runnable jar on this machine: start-up, memory, create/read throughput with 8 clients,
# search latency with 10,000 referrals stored. Needs wrk (Debian package; installed here if missing), curl, python3.
# Usage: mvn -q package -DskipTests && bash src/benchmark/run.sh   (figures go to stdout; see docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-18181}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-15s}
BASE="http://127.0.0.1:$PORT/fhir"
WORK=$(mktemp -d)
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
trap 'kill $(cat "$WORK/pid") 2>/dev/null || true; rm -rf "$WORK"' EXIT

echo "# machine: $(nproc) cores, load before start: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s%N)
# Demo data and the development token issuer: the load runs as GP gp-jansen, with a token like any client's.
(cd "$WORK" && exec java ${JAVA_OPTS:-} -Dhartketen.demo-data=true -Dhartketen.dev-issuer.enabled=true \
  -Dmp.jwt.verify.issuer="http://localhost:$PORT/dev-issuer" -Dmp.jwt.verify.publickey.location="http://127.0.0.1:$PORT/dev-issuer/jwks.json" \
  -jar "$OLDPWD/target/hartketen.jar" --port "$PORT" > "$WORK/server.log" 2>&1) &
echo $! > "$WORK/pid"
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/metadata")" = 200 ]; do sleep 0.05; done
echo "start to first 200 on /fhir/metadata: $(( ($(date +%s%N) - start) / 1000000 )) ms"
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health/ready")" = 200 ]; do sleep 0.2; done
echo "start to ready (validator warm): $(( ($(date +%s%N) - start) / 1000000 )) ms"
sleep 5
echo "resident memory after start: $(( $(ps -o rss= -p "$(cat "$WORK/pid")") / 1024 )) MB"

TOKEN=$(curl -s -X POST -d user=gp-jansen "http://127.0.0.1:$PORT/dev-issuer/token" | python3 -c 'import sys,json;print(json.load(sys.stdin)["access_token"])')
export TOKEN                                        # read by seed.py and the wrk scripts
python3 src/benchmark/seed.py "$BASE" "$WORK"      # patients, 10,000 referrals; writes referrals.jsonl, ids, search paths
echo "resident memory with 10,000 referrals: $(( $(ps -o rss= -p "$(cat "$WORK/pid")") / 1024 )) MB"

PROFILE_NO=0
run() { # name, wrk script, url, script arguments…
  local name=$1 script=$2 url=$3; shift 3
  wrk -t2 -c8 -d"$WARMUP" -s "$script" "$url" -- "$@" > /dev/null
  PROFILE_NO=$((PROFILE_NO + 1))
  # With PROFILE=dir, each measured run is recorded by JFR into dir/N.jfr.
  [ -n "${PROFILE:-}" ] && jcmd "$(cat "$WORK/pid")" JFR.start name=run settings=profile filename="$PROFILE/$PROFILE_NO.jfr" > /dev/null
  echo "## $name"; wrk -t2 -c8 -d"$DURATION" -s "$script" "$url" -- "$@" | grep -E 'Requests/sec|^p(50|95)|non-2xx|errors'
  [ -n "${PROFILE:-}" ] && jcmd "$(cat "$WORK/pid")" JFR.stop name=run > /dev/null
  return 0
}
REPORT=src/benchmark/report.lua
run "create referral (POST ServiceRequest, validated, with its Task and event)" src/benchmark/post.lua "$BASE/ServiceRequest" "$WORK/referrals.jsonl"
run "transaction (referral + its Task)" src/benchmark/transaction.lua "$BASE" "$WORK/referrals.jsonl"
run "read referral (GET ServiceRequest/{id})" $REPORT "$BASE/ServiceRequest/$(head -1 "$WORK/ids")"
run "search status=active&performer=X&_count=50" $REPORT "$BASE/$(sed -n 1p "$WORK/searches")"
run "search subject=Patient/x&status=active" $REPORT "$BASE/$(sed -n 2p "$WORK/searches")"
echo "# client CPU is wrk's own (C, keep-alive); load after run: $(cut -d' ' -f1-3 /proc/loadavg)"
