"""Seeds the benchmark database through the FHIR API, as the demo GP gp-jansen (token in $TOKEN): patients of the
practice and 10,000 referrals to the demo hospitals in transaction Bundles of 100. Writes the files run.sh uses:
referral.json (a body to POST), ids, searches."""
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
    return {"resourceType": "ServiceRequest", "status": "active" if i % 4 else "on-hold", "intent": "order",
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
with open(f"{work}/referral.json", "w") as out:
    json.dump(referral(1), out)
with open(f"{work}/ids", "w") as out:
    out.write("\n".join(ids) + "\n")
with open(f"{work}/searches", "w") as out:
    out.write(f"ServiceRequest?status=active&performer=Organization/{hospitals[0]}&_count=50\n")
    out.write(f"ServiceRequest?subject=Patient/{patients[0]}&status=active\n")
