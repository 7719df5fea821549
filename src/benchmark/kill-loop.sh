#!/usr/bin/env bash
# Can killing the server corrupt its H2 file, and does it lose what it acknowledged? Starts the runnable jar on one H2
# database (the default URL, in a temporary directory) again and again: each round 8 clients send referrals
# (conditional creates, retried until acknowledged) for a few seconds, then the server is killed with SIGKILL; every
# third round it is stopped cleanly instead. A start that fails ends the run with the server's log. At the end every
# acknowledged referral is looked up once.
# Usage: mvn -q package -DskipTests && bash src/benchmark/kill-loop.sh [rounds]   (figures in docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-10}
PORT=${PORT:-18191}
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
JAR="$PWD/target/hartketen.jar"
trap 'kill -9 $(cat "$WORK/pid" 2>/dev/null) 2>/dev/null || true' EXIT
echo "# machine: $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg); database: $WORK/data"

start() {
  (cd "$WORK" && exec java -Dhartketen.demo-data=true -Dhartketen.demo.generated-journeys=0 -Dhartketen.dev-issuer.enabled=true \
    -Dmp.jwt.verify.issuer="http://localhost:$PORT/dev-issuer" -Dmp.jwt.verify.publickey.location="$BASE/dev-issuer/jwks.json" \
    -jar "$JAR" --port "$PORT" >> "$WORK/server.log" 2>&1) &
  echo $! > "$WORK/pid"
  for _ in $(seq 1 480); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health/ready")" = 200 ] && return 0
    kill -0 "$(cat "$WORK/pid")" 2>/dev/null || break
    sleep 0.5
  done
  echo "START FAILED after round $1; the server's log ends with:"; tail -40 "$WORK/server.log"; exit 1
}

load() { # seconds: 8 writers; acknowledged identifiers are appended to $WORK/acknowledged
  python3 - "$BASE" "$1" "$WORK/acknowledged" <<'PY'
import json, sys, threading, time, urllib.request, uuid
base, seconds, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
token = json.load(urllib.request.urlopen(urllib.request.Request(base + "/dev-issuer/token", data=b"user=gp-jansen")))["access_token"]
stop = time.time() + seconds
lock = threading.Lock()
def referral(value):
    return json.dumps({"resourceType": "ServiceRequest", "status": "active", "intent": "order",
        "identifier": [{"system": "https://kill-loop.test/referral", "value": value}],
        "category": [{"coding": [{"system": "https://hartketen.nl/fhir/CodeSystem/request-category", "code": "referral"}]}],
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "183519002"}]},
        "subject": {"reference": "Patient/pat-de-boer"}, "requester": {"reference": "PractitionerRole/gp-jansen-at-hap-de-linde"},
        "performer": [{"reference": "Organization/martini"}]}).encode()
def writer():
    while time.time() < stop:
        value = str(uuid.uuid4())
        while True:
            request = urllib.request.Request(base + "/fhir/ServiceRequest", data=referral(value), method="POST", headers={
                "Authorization": "Bearer " + token, "Content-Type": "application/fhir+json",
                "If-None-Exist": "identifier=https://kill-loop.test/referral|" + value})
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    if response.status in (200, 201):
                        with lock, open(out, "a") as f:
                            f.write(value + "\n")
                        break
            except Exception:
                if time.time() > stop + 5:
                    return
                time.sleep(0.1)
threads = [threading.Thread(target=writer) for _ in range(8)]
[t.start() for t in threads]
PY
}

for round in $(seq 1 "$ROUNDS"); do
  start "$round"
  seconds=$(( 3 + RANDOM % 8 ))
  load "$seconds" &
  sleep "$seconds"
  if (( round % 3 == 0 )); then
    kill -TERM "$(cat "$WORK/pid")"; wait "$(cat "$WORK/pid")" 2>/dev/null || true; how="stopped cleanly"
  else
    kill -9 "$(cat "$WORK/pid")"; how="killed"
  fi
  wait || true
  echo "round $round: $how after ${seconds}s of load; acknowledged so far: $(wc -l < "$WORK/acknowledged")"
done

start final
python3 - "$BASE" "$WORK/acknowledged" <<'PY'
import json, sys, urllib.parse, urllib.request
base, acknowledged = sys.argv[1], [line.strip() for line in open(sys.argv[2]) if line.strip()]
token = json.load(urllib.request.urlopen(urllib.request.Request(base + "/dev-issuer/token", data=b"user=gp-jansen")))["access_token"]
lost = duplicated = 0
for value in set(acknowledged):
    query = urllib.parse.quote("https://kill-loop.test/referral|" + value)
    bundle = json.load(urllib.request.urlopen(urllib.request.Request(base + "/fhir/ServiceRequest?identifier=" + query,
        headers={"Authorization": "Bearer " + token})))
    lost += bundle["total"] == 0
    duplicated += bundle["total"] > 1
print(f"acknowledged {len(set(acknowledged))}, lost {lost}, stored twice {duplicated}")
PY
echo "# every start after a kill succeeded; load after run: $(cut -d' ' -f1-3 /proc/loadavg)"
