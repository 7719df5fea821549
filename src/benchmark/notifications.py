"""Writes with and without subscribers: do notifications slow down the requests that cause them, and how soon do they
arrive? docs/benchmarks.md ("Notifications") keeps the table this prints.

    mvn -q package -DskipTests && python3 src/benchmark/notifications.py

For each number of subscribers it starts Hartketen afresh (the runnable jar, as src/benchmark/bench.py starts it),
seeds SCALE referrals, lets GP Jansen's practice subscribe that many times to every Task it is involved with (criteria
"Task", id-only) with a receiver on loopback, then measures bench.py's write paths with wrk. Every referral written
then makes one event per subscription. Settings (environment): SUBSCRIBERS ("0 1 10"), SCALE (2000), DATABASES ("h2"),
RECEIVER_DELAY_MS (0: how long the receiver takes per notification), and bench.py's RUNS, DURATION, WARMUP, CLIENTS.
Needs wrk (Debian package). Figures go to stdout, progress to stderr.
"""
import json
import os
import statistics
import sys
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402

SUBSCRIBERS = [int(n) for n in os.environ.get("SUBSCRIBERS", "0 1 10").split()]
SCALE = int(os.environ.get("SCALE", "2000"))
RECEIVER_DELAY = int(os.environ.get("RECEIVER_DELAY_MS", "0")) / 1000


class Receiver(ThreadingHTTPServer):
    """Takes notifications on loopback and keeps, for each, how long after its change it arrived."""

    daemon_threads = True

    def __init__(self):
        self.lags = []
        self.last_arrival = time.time()
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), Hook)

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.server_address[1]}/hook"


class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        arrived = time.time()
        bundle = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        event = next(p for p in bundle["entry"][0]["resource"]["parameter"] if p["name"] == "notification-event")
        changed = next(p["valueInstant"] for p in event["part"] if p["name"] == "timestamp")
        lag = arrived - datetime.fromisoformat(changed.replace("Z", "+00:00")).timestamp()
        time.sleep(RECEIVER_DELAY)
        with self.server.lock:
            self.server.lags.append(lag)
            self.server.last_arrival = time.time()
        self.send_response(200)
        self.end_headers()

    def log_message(self, *arguments):
        pass


def subscribe(server, endpoint):
    bench.http("POST", f"{server.base}/Subscription", {
        "resourceType": "Subscription", "status": "requested", "reason": "benchmark", "criteria": "Task",
        "channel": {"type": "rest-hook", "endpoint": endpoint, "payload": "application/fhir+json"}}, server.token)


def run(database, subscribers, results):
    server = bench.Hartketen(database)
    receiver = Receiver()
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    key = f"{subscribers}-subscribers"  # no space: bench.measure names its JFR recordings after it
    try:
        server.start()
        server.prepare()
        files = {"posts": f"{server.work}/posts.jsonl", "transactions": f"{server.work}/transactions.jsonl"}
        bench.seed(server, SCALE, files)
        for _ in range(subscribers):
            subscribe(server, receiver.endpoint)
        post = os.path.join(bench.BENCH, "post.lua")
        writes = {"POST ServiceRequest (referral)": (f"{server.base}/ServiceRequest", post, server.token,
                                                      files["posts"]),
                  "transaction (referral + Task)": (server.base, post, server.token, files["transactions"])}
        measured = time.time()
        bench.measure(server, writes, results, key)
        load_ended = time.time()
        # drained: nothing arrived for 10 s (or 10 minutes passed)
        while time.time() - receiver.last_arrival < 10 and time.time() - load_ended < 600:
            time.sleep(1)
        lags = sorted(receiver.lags)
        figures = {"notifications received": len(lags)}
        if lags:
            figures["delivered per second while writing and after"] = round(
                len(lags) / max(receiver.last_arrival - measured, 1), 1)
            figures["lag median (s)"] = round(statistics.median(lags), 2)
            figures["lag p95 (s)"] = round(lags[int(len(lags) * 0.95) - 1], 2)
            figures["last arrival after the load (s)"] = round(max(receiver.last_arrival - load_ended, 0), 1)
        for figure, value in figures.items():
            results[(key, database, figure, server.name)] = {"value": value, "load": bench.load()}
        bench.log(key, database, figures)
    finally:
        server.stop()
        receiver.shutdown()


def main():
    results = {}
    for database in bench.DATABASES if os.environ.get("DATABASES") else ["h2"]:
        for subscribers in SUBSCRIBERS:
            run(database, subscribers, results)
    print("| subscribers | database | figure | value | load (1 min) |")
    print("|---|---|---|---|---|")
    for (key, database, figure, _), measured in results.items():
        value = measured.get("value", measured.get("rate"))
        if "rate" in measured:
            value = f"{measured['rate']:.0f}/s (p95 {measured.get('p95', 0):.0f} ms)"
        print(f"| {key} | {database} | {figure} | {value} | {measured['load']} |")


if __name__ == "__main__":
    main()
