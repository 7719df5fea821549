"""Telemonitoring ingestion: how many home measurements a second does Hartketen store when a platform sends them in
transaction Bundles? docs/benchmarks.md ("Telemonitoring ingestion") keeps the table this prints.

    mvn -q package -DskipTests && python3 src/benchmark/ingestion.py

Starts Hartketen afresh (the runnable jar, as src/benchmark/bench.py starts it), enrols PATIENTS heart-failure patients
of GP Jansen's practice at the Martini with the demo platform HartThuis (referral, then enrolment, through the API),
and then CLIENTS platform connections each send Bundles of BATCH Observations (weights, blood pressures, heart rates,
saturations, spread over the patients, each with its own identifier) for DURATION seconds, RUNS times after a WARMUP.
Prints measurements stored per second (each Bundle entry is one Observation; a blood pressure is one Observation with
two values) and the Bundle's latency. Settings (environment): DATABASES ("h2"), PATIENTS (200), BATCH (200),
CLIENTS (4), RUNS (3), DURATION (20), WARMUP (20), and bench.py's JAVA_OPTS (e.g. a JFR recording).
"""
import json
import os
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402

PATIENTS = int(os.environ.get("PATIENTS", "200"))
BATCH = int(os.environ.get("BATCH", "200"))
CLIENTS = int(os.environ.get("CLIENTS", "4"))
DATABASES = os.environ.get("DATABASES", "h2").split()
RUNS = int(os.environ.get("RUNS", "3"))
DURATION = int(os.environ.get("DURATION", "20"))
WARMUP = int(os.environ.get("WARMUP", "20"))
CATEGORY = "https://hartketen.nl/fhir/CodeSystem/request-category"
SERVICE = "https://hartketen.nl/fhir/CodeSystem/cardiology-service"


def enrol(server, gp, cardiologist, i):
    """A patient of De Linde, referred to the Martini for heart failure and enrolled with HartThuis."""
    patient = bench.http("POST", f"{server.base}/Patient", {
        "resourceType": "Patient", "identifier": [{"system": "https://bench.example/patient", "value": f"tm-{i}"}],
        "name": [{"family": f"Thuis{i}"}], "generalPractitioner": [{"reference": "Organization/hap-de-linde"}]},
        token=gp)["id"]
    referral = bench.http("POST", f"{server.base}/ServiceRequest", {
        "resourceType": "ServiceRequest", "status": "active", "intent": "order",
        "category": [{"coding": [{"system": CATEGORY, "code": "referral"}]}],
        "code": {"coding": [{"system": SERVICE, "code": "heart-failure-clinic"}]},
        "reasonCode": [{"coding": [{"system": "http://snomed.info/sct", "code": "84114007"}]}],
        "subject": {"reference": f"Patient/{patient}"},
        "requester": {"reference": "PractitionerRole/gp-jansen-at-hap-de-linde"},
        "performer": [{"reference": "Organization/martini"}]}, token=gp)["id"]
    start = datetime.now(timezone.utc) - timedelta(days=30)
    enrolment = bench.http("POST", f"{server.base}/ServiceRequest", {
        "resourceType": "ServiceRequest", "status": "active", "intent": "order",
        "extension": [{"url": "https://hartketen.nl/fhir/StructureDefinition/monitoring-platform",
                       "valueReference": {"reference": "Organization/hartthuis"}}],
        "category": [{"coding": [{"system": CATEGORY, "code": "telemonitoring"}]}],
        "code": {"coding": [{"system": SERVICE, "code": "telemonitoring"}]},
        "subject": {"reference": f"Patient/{patient}"},
        "requester": {"reference": "PractitionerRole/card-visser-at-martini"},
        "performer": [{"reference": "Organization/martini"}], "basedOn": [{"reference": f"ServiceRequest/{referral}"}],
        "occurrencePeriod": {"start": start.isoformat(timespec="seconds"),
                             "end": (start + timedelta(days=360)).isoformat(timespec="seconds")}},
        token=cardiologist)["id"]
    return patient, enrolment


def observation(patient, enrolment, number, at):
    """One measurement of four kinds in turn, with values that stay inside the thresholds (alerts are rare at home)."""
    kind = number % 4
    quantity = lambda value, unit: {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit}
    body = {"resourceType": "Observation", "status": "final",
            "identifier": [{"system": "urn:bench:hartthuis", "value": f"m-{number}"}],
            "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                      "code": "vital-signs"}]}],
            "subject": {"reference": f"Patient/{patient}"}, "basedOn": [{"reference": f"ServiceRequest/{enrolment}"}],
            "effectiveDateTime": at.isoformat(timespec="seconds"),
            "device": {"identifier": {"system": "urn:bench:device", "value": f"D-{patient[:8]}"}}}
    if kind == 0:
        body["code"] = {"coding": [{"system": "http://loinc.org", "code": "29463-7"}]}
        body["valueQuantity"] = quantity(80 + (number % 7) / 10, "kg")
    elif kind == 1:
        body["code"] = {"coding": [{"system": "http://loinc.org", "code": "85354-9"}]}
        body["component"] = [
            {"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]}, "valueQuantity": quantity(125, "mm[Hg]")},
            {"code": {"coding": [{"system": "http://loinc.org", "code": "8462-4"}]}, "valueQuantity": quantity(80, "mm[Hg]")}]
    elif kind == 2:
        body["code"] = {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]}
        body["valueQuantity"] = quantity(70, "/min")
    else:
        body["code"] = {"coding": [{"system": "http://loinc.org", "code": "59408-5"}]}
        body["valueQuantity"] = quantity(96, "%")
    return body


class Sender:
    """Numbers measurements across clients, so that every identifier is new."""

    def __init__(self, server, token, enrolments):
        self.server, self.token, self.enrolments = server, token, enrolments
        self.next = 0
        self.lock = threading.Lock()
        self.start = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(days=29)

    def bundle(self):
        with self.lock:
            first = self.next
            self.next += BATCH
        entries = []
        for number in range(first, first + BATCH):
            patient, enrolment = self.enrolments[number % len(self.enrolments)]
            # Each patient's measurements a quarter of an hour apart, oldest first, from the enrolment's start on: a
            # platform catching up on a backlog.
            at = self.start + timedelta(minutes=15 * (number // len(self.enrolments)))
            entries.append({"resource": observation(patient, enrolment, number, at),
                            "request": {"method": "POST", "url": "Observation"}})
        return json.dumps({"resourceType": "Bundle", "type": "transaction", "entry": entries}).encode()

    def send(self, until, latencies):
        sent = 0
        while time.time() < until:
            body = self.bundle()
            started = time.time()
            request = urllib.request.Request(self.server.base, data=body, method="POST", headers={
                "Content-Type": "application/fhir+json", "Authorization": f"Bearer {self.token}"})
            try:
                with urllib.request.urlopen(request, timeout=120) as response:
                    response.read()
            except urllib.error.HTTPError as refused:
                raise RuntimeError(f"{refused.code}: {refused.read()[:2000]}") from refused
            latencies.append(time.time() - started)
            sent += BATCH
        return sent


def run(sender, seconds):
    latencies = []
    started = time.time()
    with ThreadPoolExecutor(CLIENTS) as clients:
        sent = sum(clients.map(lambda _: sender.send(started + seconds, latencies), range(CLIENTS)))
    elapsed = time.time() - started
    return sent / elapsed, latencies


def main():
    for database in DATABASES:
        server = bench.Hartketen(database)
        try:
            server.start()
            gp, cardiologist = server.token_for("gp-jansen"), server.token_for("card-visser")
            with ThreadPoolExecutor(4) as pool:
                enrolments = list(pool.map(lambda i: enrol(server, gp, cardiologist, i), range(PATIENTS)))
            bench.log(f"{database}: {len(enrolments)} patients enrolled")
            sender = Sender(server, server.token_for("platform-hartthuis"), enrolments)
            run(sender, WARMUP)
            rounds = []
            for _ in range(RUNS):
                rate, latencies = run(sender, DURATION)
                load = bench.load()
                rounds.append(rate)
                latencies.sort()
                print(f"| {database} | {BATCH} | {CLIENTS} | {rate:,.0f} | "
                      f"{statistics.median(latencies) * 1000:,.0f} | {latencies[int(len(latencies) * 0.95)] * 1000:,.0f} | "
                      f"{load} |", flush=True)
            bench.log(f"{database}: median {statistics.median(rounds):,.0f} measurements/s, stored {sender.next}")
        finally:
            server.stop()


if __name__ == "__main__":
    print("| database | per Bundle | clients | measurements/s | Bundle p50 ms | Bundle p95 ms | load (1, 5 min) |")
    print("|---|---|---|---|---|---|---|")
    main()
