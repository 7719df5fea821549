"""Seeds the benchmark database through the FHIR API, as the demo GP gp-jansen (token in $TOKEN): patients of the
practice and 10,000 referrals to the demo hospitals in transaction Bundles of 100. Writes the files run.sh uses:
referrals.jsonl (bodies to POST, one per patient: real GPs refer different patients at once), ids, searches.
One referral in 7 is on hold, independently of hospital and patient, so that both searches find real pages
(status=active&performer=martini about 2,100 referrals, a patient's active referrals about 43)."""
import json
import os
import sys
import urllib.request

base, work = sys.argv[1], sys.argv[2]


def post(path, resource):
    request = urllib.request.Request(base + path, data=json.dumps(resource).encode(), method="POST",
                                     headers={"Content-Type": "application/fhir+json",
                                              "Authorization": "Bearer " + os.environ["TOKEN"]})
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.load(response)


hospitals = ["martini", "umcg", "ommelander", "wza"]
patients = [post("/Patient", {"resourceType": "Patient", "name": [{"family": f"Patient{i}"}],
                              "generalPractitioner": [{"reference": "Organization/hap-de-linde"}],
                              "identifier": [{"system": "https://bench.example/patient", "value": str(i)}]})["id"]
            for i in range(200)]


def referral(i):
    return {"resourceType": "ServiceRequest", "status": "on-hold" if i % 7 == 3 else "active", "intent": "order",
            "category": [{"coding": [{"system": "https://hartketen.nl/fhir/CodeSystem/request-category", "code": "referral"}]}],
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": "183519002"}]},
            "subject": {"reference": f"Patient/{patients[i % len(patients)]}"},
            "requester": {"reference": "PractitionerRole/gp-jansen-at-hap-de-linde"},
            "performer": [{"reference": f"Organization/{hospitals[i % len(hospitals)]}"}],
            "reasonCode": [{"coding": [{"system": "http://snomed.info/sct", "code": "29857009"}]}],
            "note": [{"text": "Pijn op de borst bij inspanning"}]}


ids = []
for batch in range(100):
    bundle = {"resourceType": "Bundle", "type": "transaction",
              "entry": [{"resource": referral(batch * 100 + i), "request": {"method": "POST", "url": "ServiceRequest"}}
                        for i in range(100)]}
    response = post("", bundle)
    ids += [entry["response"]["location"].split("/")[1] for entry in response["entry"]]
print(f"seeded {len(ids)} referrals for {len(patients)} patients at {len(hospitals)} hospitals")
with open(f"{work}/referrals.jsonl", "w") as out:
    out.write("".join(json.dumps(referral(i)) + "\n" for i in range(len(patients))))
with open(f"{work}/ids", "w") as out:
    out.write("\n".join(ids) + "\n")
with open(f"{work}/searches", "w") as out:
    out.write(f"ServiceRequest?status=active&performer=Organization/{hospitals[0]}&_count=50\n")
    out.write(f"ServiceRequest?subject=Patient/{patients[0]}&status=active\n")
