#!/usr/bin/env bash
# The waiting-time report with 1,000,000 referrals stored, on PostgreSQL and on H2 (docs/benchmarks.md):
#  1. the region generator writes CardioNoVo+'s and HartNet's journeys through the application (PostgreSQL database
#     hartketen_region on 127.0.0.1:5432, dropped and created anew);
#  2. RegionScale copies every patient's records COPIES - 1 times over (ids suffixed), to a million ServiceRequests;
#  3. the application runs on that database and a network's year, grouped by organization, is asked 6 times;
#  4. the same waits are loaded into a new H2 file (which the application migrated first), and 3 is repeated on H2.
# Usage: mvn -q package -DskipTests && bash src/benchmark/region.sh   (takes about two hours on 2 cores; SKIP_GENERATE=1
# starts at step 2 with the database as it is, SKIP_CLONE=1 at step 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-18181}
CARDIONOVO=${CARDIONOVO:-40000}
HARTNET=${HARTNET:-10000}
COPIES=${COPIES:-11}
PG_URL=jdbc:postgresql://127.0.0.1:5432/hartketen_region
H2_URL="jdbc:h2:file:$PWD/target/region-h2/hartketen;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=64"
WORK=$(mktemp -d)
cp target/hartketen.jar "$WORK/hartketen.jar" # a build may replace target/hartketen.jar while this runs
trap 'kill $(cat "$WORK/pid" 2>/dev/null) 2>/dev/null || true' EXIT

start() { # database URL, driver, user
  (cd "$WORK" && exec java -Dhartketen.db.url="$1" -Dhartketen.db.driver="$2" -Dhartketen.db.user="$3" \
    -Dhartketen.demo-data=true -Dhartketen.demo.generated-journeys=0 -Dhartketen.dev-issuer.enabled=true \
    -Dmp.jwt.verify.issuer="http://localhost:$PORT/dev-issuer" -Dmp.jwt.verify.publickey.location="http://127.0.0.1:$PORT/dev-issuer/jwks.json" \
    -jar hartketen.jar --port "$PORT" >> "$WORK/server.log" 2>&1) &
  echo $! > "$WORK/pid"
  local started=$(date +%s)
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health/ready")" = 200 ]; do sleep 1; done
  echo "ready after $(( $(date +%s) - started )) s"
  TOKEN=$(curl -s -X POST -d user=admin "http://127.0.0.1:$PORT/dev-issuer/token" | python3 -c 'import sys,json;print(json.load(sys.stdin)["access_token"])')
}
stop() { kill "$(cat "$WORK/pid")"; while kill -0 "$(cat "$WORK/pid")" 2>/dev/null; do sleep 1; done; }
api() { curl -sf -H "Authorization: Bearer $TOKEN" "$@"; }
generate() { # network, journeys, seed
  api -X POST "http://127.0.0.1:$PORT/api/generator?network=$1&journeys=$2&days=365&seed=$3" > /dev/null
  until api "http://127.0.0.1:$PORT/api/generator" | grep -q finished; do sleep 10; done
  api "http://127.0.0.1:$PORT/api/generator"; echo
}
scale() { mvn -q -o exec:java -Dexec.classpathScope=test -Dexec.mainClass=nl.hartketen.infrastructure.persistence.RegionScale -Dexec.args="$*"; }
report() { # database label
  local pid; pid=$(cat "$WORK/pid")
  echo "## $1: GET /api/reports/waiting-times?network=cardionovo&groupBy=organization, last 365 days (first run cold)"
  echo "resident memory before: $(( $(ps -o rss= -p "$pid") / 1024 )) MB"
  local query="network=cardionovo&groupBy=organization&from=$(date -d '364 days ago' +%F)&to=$(date +%F)"
  for run in 1 2 3 4 5 6; do
    api -o "$WORK/report.json" -w "run $run: %{time_total} s, %{size_download} bytes\n" "http://127.0.0.1:$PORT/api/reports/waiting-times?$query"
  done
  python3 -c 'import json,sys; rows=json.load(open(sys.argv[1]))["rows"]; print(len(rows), "rows,", sum(r["count"] for r in rows), "waits ended in the period")' "$WORK/report.json"
  echo "resident memory after: $(( $(ps -o rss= -p "$pid") / 1024 )) MB"
}

mvn -q -o test-compile
if [ -z "${SKIP_GENERATE:-}" ] && [ -z "${SKIP_CLONE:-}" ]; then
  psql -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS hartketen_region WITH (FORCE)" -c "CREATE DATABASE hartketen_region"
  start "$PG_URL" org.postgresql.ds.PGSimpleDataSource postgres
  # This machine's PostgreSQL runs without autovacuum: without a VACUUM now and then, rewritten waits and tasks pile up
  # dead rows and the generator slows down.
  (while sleep 120; do psql -h 127.0.0.1 -U postgres -d hartketen_region -q -c "VACUUM ANALYZE"; done) & vacuuming=$!
  time generate cardionovo "$CARDIONOVO" 11
  time generate hartnet "$HARTNET" 12
  kill $vacuuming
  stop
fi
[ -n "${SKIP_CLONE:-}" ] || time scale clone "$PG_URL" "$COPIES"
# As autovacuum would have by now: statistics for the planner, and the visibility map that lets the report read its
# covering index alone (a whole-database VACUUM of the copies takes longer than the rest).
psql -h 127.0.0.1 -U postgres -d hartketen_region -c "VACUUM ANALYZE waiting_time" -c "VACUUM ANALYZE waiting_time_month" -c "ANALYZE"
psql -h 127.0.0.1 -U postgres -d hartketen_region -At -c "SELECT 'database size: ' || pg_size_pretty(pg_database_size('hartketen_region'))" \
  -c "SELECT 'ServiceRequests stored: ' || COUNT(*) FROM referral" -c "SELECT 'waits: ' || COUNT(*) FROM waiting_time" \
  -c "SELECT 'resources: ' || COUNT(*) FROM resource" -c "SELECT 'search index rows: ' || COUNT(*) FROM search_index"
start "$PG_URL" org.postgresql.ds.PGSimpleDataSource postgres
report PostgreSQL
stop

rm -rf target/region-h2
start "$H2_URL" org.h2.jdbcx.JdbcDataSource sa # migrates the new file
stop
# Only the waits and their counts go into H2: copying all 60 million rows is more than a session's time (a JDBC copy
# managed a million rows in 12 minutes). One INSERT … SELECT FROM CSVREAD takes about 10 minutes for 1.2 million waits.
WAIT_COLUMNS=request_id,measure,performer_ref,service_code,priority,care_path,inpatient,state,start_date,end_date,paused_days,paused_since,wait_days,within_target,within_maximum
psql -h 127.0.0.1 -U postgres -d hartketen_region -c "\copy (SELECT request_id, measure, performer_ref, service_code, priority, care_path, UPPER(inpatient::text), state, start_date, end_date, paused_days, paused_since, wait_days, UPPER(within_target::text), UPPER(within_maximum::text) FROM waiting_time) TO '$WORK/waits.csv' WITH (FORMAT csv, NULL '')"
COUNT_COLUMNS=measure,performer_ref,end_month,care_path,service_code,priority,wait_days,waits,within_target,within_maximum
psql -h 127.0.0.1 -U postgres -d hartketen_region -c "\copy (SELECT $COUNT_COLUMNS FROM waiting_time_month) TO '$WORK/counts.csv' WITH (FORMAT csv)"
H2_JAR=$(ls ~/.m2/repository/com/h2database/h2/*/h2-*.jar | sort -V | tail -1)
time java -cp "$H2_JAR" org.h2.tools.Shell -url "$H2_URL" -user sa -sql "DELETE FROM waiting_time; DELETE FROM waiting_time_month;
  INSERT INTO waiting_time ($WAIT_COLUMNS) SELECT * FROM CSVREAD('$WORK/waits.csv', '$WAIT_COLUMNS', 'charset=UTF-8');
  INSERT INTO waiting_time_month ($COUNT_COLUMNS) SELECT * FROM CSVREAD('$WORK/counts.csv', '$COUNT_COLUMNS', 'charset=UTF-8')"
echo "H2 file: $(du -h target/region-h2/hartketen.mv.db | cut -f1)"
start "$H2_URL" org.h2.jdbcx.JdbcDataSource sa
report H2
stop
