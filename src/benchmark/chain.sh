#!/usr/bin/env bash
# Benchmark of the care chain on the runnable jar: $suggest-performer and the network census with N referrals stored
# (default 100,000, HartNet, through the API). Needs wrk (installed here if missing), curl, python3.
# Usage: mvn -q package -DskipTests && bash src/benchmark/chain.sh   (figures go to stdout; see docs/benchmarks.md)
# DATA=/some/dir keeps the database there and seeds it only once: a second run measures again without seeding.
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-18181}
REFERRALS=${REFERRALS:-100000}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-10s}
BASE="http://127.0.0.1:$PORT"
WORK=${DATA:-$(mktemp -d)}
mkdir -p "$WORK"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
if [ -n "${DATA:-}" ]; then trap 'kill $(cat "$WORK/pid") 2>/dev/null || true' EXIT
else trap 'kill $(cat "$WORK/pid") 2>/dev/null || true; rm -rf "$WORK"' EXIT; fi

echo "# machine: $(nproc) cores, load before start: $(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$WORK" && exec java ${JAVA_OPTS:-} -Dhartketen.demo-data=true -Dhartketen.dev-issuer.enabled=true \
  -Dmp.jwt.verify.issuer="http://localhost:$PORT/dev-issuer" -Dmp.jwt.verify.publickey.location="http://127.0.0.1:$PORT/dev-issuer/jwks.json" \
  -jar "$OLDPWD/target/hartketen.jar" --port "$PORT" > "$WORK/server.log" 2>&1) &
echo $! > "$WORK/pid"
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health/ready")" = 200 ]; do sleep 0.5; done
token() { curl -s -X POST -d user=$1 "$BASE/dev-issuer/token" | python3 -c 'import sys,json;print(json.load(sys.stdin)["access_token"])'; }
export GP_TOKEN=$(token gp-jansen) CARD_TOKEN=$(token card-visser)
COORD_TOKEN=$(token coord-hartnet)

if [ ! -f "$WORK/seeded" ]; then
  seed_start=$(date +%s)
  python3 src/benchmark/chain_seed.py "$BASE/fhir" "$REFERRALS"
  echo "$REFERRALS" > "$WORK/seeded"
  echo "seeded in $(( $(date +%s) - seed_start )) s"
fi
echo "referrals stored: $(cat "$WORK/seeded"); resident memory now: $(( $(ps -o rss= -p "$(cat "$WORK/pid")") / 1024 )) MB"

cat > "$WORK/suggest.json" <<'JSON'
{"resourceType": "Parameters", "parameter": [{"name": "service",
 "valueCoding": {"system": "https://hartketen.nl/fhir/CodeSystem/cardiology-service", "code": "outpatient-cardiology"}}]}
JSON
once() { curl -s -o /dev/null -w '%{time_total}' "$@"; }
echo "one \$suggest-performer: $(once -X POST -H "Authorization: Bearer $GP_TOKEN" -H 'Content-Type: application/fhir+json' \
  --data @"$WORK/suggest.json" "$BASE/fhir/ServiceRequest/\$suggest-performer") s"
echo "one census: $(once -H "Authorization: Bearer $COORD_TOKEN" "$BASE/api/networks/hartnet/census") s"

run() { # name, token, wrk script, url, script arguments…
  local name=$1 token=$2 script=$3 url=$4; shift 4
  TOKEN=$token wrk -t2 -c8 -d"$WARMUP" -s "$script" "$url" -- "$@" > /dev/null
  echo "## $name"; TOKEN=$token wrk -t2 -c8 -d"$DURATION" -s "$script" "$url" -- "$@" | grep -E 'Requests/sec|^p(50|95)|errors'
}
run "POST ServiceRequest/\$suggest-performer (outpatient cardiology, as GP)" "$GP_TOKEN" src/benchmark/post.lua \
  "$BASE/fhir/ServiceRequest/\$suggest-performer" "$WORK/suggest.json"
run "GET /api/networks/hartnet/census (as coordinator)" "$COORD_TOKEN" src/benchmark/report.lua "$BASE/api/networks/hartnet/census"
echo "resident memory after the runs: $(( $(ps -o rss= -p "$(cat "$WORK/pid")") / 1024 )) MB"
echo "# load after run: $(cut -d' ' -f1-3 /proc/loadavg)"
