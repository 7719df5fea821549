"""Seeds the chain benchmark through the FHIR API: HartNet patients of Huisartsenpraktijk De Linde (as GP gp-jansen,
token $GP_TOKEN) and N referrals spread over the last 120 days to the regional hospitals (outpatient cardiology, chest
pain), in transaction Bundles of 100; then, as cardiologist card-visser (token $CARD_TOKEN), a fulfilled Appointment for
every fifth Martini referral, so that access times have something to count. Bundles are sent by $SEED_CLIENTS (default 3)
clients at once. Usage: chain_seed.py BASE N"""
import concurrent.futures
import datetime
import json
import os
import random
import sys
import time
import urllib.error
import urllib.request

base, total = sys.argv[1], int(sys.argv[2])
random.seed(7)
PER_PATIENT = 5
BATCH = 100
CLIENTS = int(os.environ.get("SEED_CLIENTS", "3"))
HOSPITALS = ["martini", "ommelander", "wza", "treant"]
SERVICE = "https://hartketen.nl/fhir/CodeSystem/cardiology-service"


def post(token, resource):
    """POSTs; a 503 (the database was busy) is tried again after the Retry-After the server gives, as a client should."""
    body = json.dumps(resource).encode()
    for attempt in range(10):
        request = urllib.request.Request(base, data=body, method="POST",
                                         headers={"Content-Type": "application/fhir+json", "Authorization": "Bearer " + token})
        try:
            with urllib.request.urlopen(request, timeout=600) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            if error.code != 503 or attempt == 9:
                raise
            time.sleep(int(error.headers.get("Retry-After", "2")))


def transaction(token, resources):
    bundle = {"resourceType": "Bundle", "type": "transaction",
              "entry": [{"resource": r, "request": {"method": "POST", "url": r["resourceType"]}} for r in resources]}
    return [e["response"]["location"].split("/")[1] for e in post(token, bundle)["entry"]]


def in_parallel(token, batches, what):
    """Sends the batches as transactions by CLIENTS clients at once; the ids come back in the order of the batches."""
    ids, started = [], time.time()
    with concurrent.futures.ThreadPoolExecutor(CLIENTS) as clients:
        for n, batch_ids in enumerate(clients.map(lambda batch: transaction(token, batch), batches), 1):
            ids += batch_ids
            if n % 50 == 0:
                progress(what, len(ids), started)
    progress(what, len(ids), started)
    return ids


def progress(what, done, started):
    rate = done / max(time.time() - started, 0.001)
    print(f"  {what}: {done:,} ({rate:,.0f}/s)", flush=True)


now = datetime.datetime.now(datetime.timezone.utc)
count = (total + PER_PATIENT - 1) // PER_PATIENT
patients = in_parallel(os.environ["GP_TOKEN"], [[
    {"resourceType": "Patient", "name": [{"family": f"Keten{i}"}],
     "generalPractitioner": [{"reference": "Organization/hap-de-linde"}],
     "identifier": [{"system": "https://bench.example/patient", "value": str(i)}]} for i in range(first, min(first + BATCH, count))]
    for first in range(0, count, BATCH)], "patients")

referrals = []
for i in range(total):
    hospital = HOSPITALS[i % len(HOSPITALS)]
    authored = now - datetime.timedelta(days=random.uniform(0, 120))
    referrals.append((hospital, authored, {
        "resourceType": "ServiceRequest", "status": "active", "intent": "order",
        "category": [{"coding": [{"system": "https://hartketen.nl/fhir/CodeSystem/request-category", "code": "referral"}]}],
        "code": {"coding": [{"system": SERVICE, "code": "outpatient-cardiology"}]},
        "subject": {"reference": f"Patient/{patients[i // PER_PATIENT]}"},
        "requester": {"reference": "PractitionerRole/gp-jansen-at-hap-de-linde"},
        "performer": [{"reference": f"Organization/{hospital}"}],
        "authoredOn": authored.isoformat(),
        "reasonCode": [{"coding": [{"system": "http://snomed.info/sct", "code": "29857009"}]}]}))
ids = in_parallel(os.environ["GP_TOKEN"], [[r for _, _, r in referrals[first:first + BATCH]] for first in range(0, total, BATCH)], "referrals")

seen = [(hospital, authored, rid, r["subject"]) for (hospital, authored, r), rid in zip(referrals, ids) if hospital == "martini"][::5]
appointments = []
for hospital, authored, rid, subject in seen:
    start = min(authored + datetime.timedelta(days=random.uniform(3, 40)), now - datetime.timedelta(minutes=5))
    appointments.append({"resourceType": "Appointment", "status": "fulfilled", "basedOn": [{"reference": f"ServiceRequest/{rid}"}],
                         "start": start.isoformat(), "end": (start + datetime.timedelta(minutes=20)).isoformat(),
                         "participant": [{"actor": subject, "status": "accepted"}]})
in_parallel(os.environ["CARD_TOKEN"], [appointments[first:first + BATCH] for first in range(0, len(appointments), BATCH)], "fulfilled appointments")
