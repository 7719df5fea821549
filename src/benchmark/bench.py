"""Hartketen side by side with the generic FHIR server (HAPI FHIR JPA), on this machine, in one run.

For each database and each number of referrals, each server is started fresh, seeded through its API with the same
data (one GP practice refers PATIENTS patients to one hospital), warmed up, and measured with wrk: 8 closed-loop
clients on keep-alive sockets, RUNS rounds of DURATION each, taking the median round. Reads and searches are measured
before the writes, so that the searches see the stated number of referrals. Every request carries the GP's bearer
token (HAPI ignores it). Hartketen's own figures (census, $suggest-performer, waiting-time report) follow. With the
worklists group, the seed is made for them (see worklist_request), and each list is measured with CLIENTS clients and
with one client at a time (its latency alone).

Run through run.sh, which documents the settings. Prints one table (Markdown) and writes it to $OUT if set.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(ROOT, "src", "benchmark")
SCALES = [int(s) for s in os.environ.get("SCALES", "10000 100000").split()]
DATABASES = os.environ.get("DATABASES", "h2 postgresql").split()
RUNS = int(os.environ.get("RUNS", "3"))
DURATION = int(os.environ.get("DURATION", "20"))
WARMUP = int(os.environ.get("WARMUP", "60"))
CLIENTS = int(os.environ.get("CLIENTS", "8"))
PATIENTS = int(os.environ.get("PATIENTS", "100"))
SEED_CLIENTS = int(os.environ.get("SEED_CLIENTS", "4"))
HAPI_WAR = os.path.abspath(os.environ["HAPI_WAR"]) if os.environ.get("HAPI_WAR") else None
HAPI_OPTS = os.environ.get("HAPI_OPTS", "").split()
PATH_GROUPS = os.environ.get("PATH_GROUPS", "reads chain writes").split()
JAVA_OPTS = os.environ.get("JAVA_OPTS", "").split()
PROFILE = os.environ.get("PROFILE")
CLUSTER_NODES = [int(n) for n in os.environ.get("CLUSTER_NODES", "").split()]
PORT = int(os.environ.get("PORT", "18181"))
HAPI_PORT = int(os.environ.get("HAPI_PORT", "18282"))
PG = "jdbc:postgresql://127.0.0.1:5432/"
HOSPITAL = "martini"
CATEGORY = "https://hartketen.nl/fhir/CodeSystem/request-category"


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


def load():
    return open("/proc/loadavg").read().split()[0]


def http(method, url, body=None, token=None, content_type="application/fhir+json", timeout=600):
    headers = {"Content-Type": content_type, "Accept": "application/fhir+json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        text = response.read()
        return json.loads(text) if text else None


def wait_for(url, limit=300):
    start = time.time()
    while time.time() - start < limit:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except Exception:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer 200 within {limit} s")


def recreate_database(name):
    for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c", sql], check=True)


class Server:
    """A server process started in its own temporary directory."""

    name = ""

    def __init__(self, database):
        self.database = database
        self.work = tempfile.mkdtemp(prefix=f"bench-{self.name}-")
        self.process = None
        self.figures = {}

    def start(self):
        started = time.time()
        self.process = subprocess.Popen(self.command(), cwd=self.work, stdout=open(f"{self.work}/server.log", "w"),
                                        stderr=subprocess.STDOUT)
        wait_for(self.base + "/metadata")
        self.figures["first 200"] = time.time() - started
        self.wait_ready()
        self.figures["ready"] = time.time() - started
        time.sleep(5)
        self.figures["memory after start"] = self.rss()

    def wait_ready(self):
        pass

    def rss(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
        return 0

    def stop(self):
        if self.process:
            self.process.terminate()
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.work, ignore_errors=True)


class Hartketen(Server):
    name = "hartketen"
    database_name = "hartketen_bench"

    def __init__(self, database):
        super().__init__(database)
        self.origin = f"http://127.0.0.1:{PORT}"
        self.base = self.origin + "/fhir"
        self.token = None

    def command(self):
        settings = [
            "-Dhartketen.demo-data=true", "-Dhartketen.demo.generated-journeys=0",
            "-Dhartketen.dev-issuer.enabled=true", f"-Dmp.jwt.verify.issuer=http://localhost:{PORT}/dev-issuer",
            f"-Dmp.jwt.verify.publickey.location=http://127.0.0.1:{PORT}/dev-issuer/jwks.json"]
        if self.database == "postgresql":
            recreate_database(self.database_name)
            settings += [f"-Dhartketen.db.url={PG}{self.database_name}", "-Dhartketen.db.user=postgres",
                         "-Dhartketen.db.driver=org.postgresql.ds.PGSimpleDataSource"]
        return ["java", *JAVA_OPTS, *settings, "-jar", os.path.join(ROOT, "target", "hartketen.jar"),
                "--port", str(PORT)]

    def wait_ready(self):
        wait_for(self.origin + "/health/ready")

    def token_for(self, user):
        data = f"user={user}".encode()
        request = urllib.request.Request(self.origin + "/dev-issuer/token", data=data, method="POST")
        with urllib.request.urlopen(request) as response:
            return json.load(response)["access_token"]

    def prepare(self):
        self.token = self.token_for("gp-jansen")


class HartketenCluster(Hartketen):
    """N nodes behind HAProxy on PostgreSQL, as deployments/cluster/run.sh starts them; measured at the balancer."""

    def __init__(self, database, nodes):
        super().__init__(database)
        self.nodes = nodes
        self.name = f"cluster of {nodes}"
        self.environment = dict(
            os.environ, HARTKETEN_CLUSTER_DIR=self.work, BALANCER_PORT=str(PORT), NODE_PORT_BASE=str(PORT + 10),
            DATA_GRID_PORT_BASE=str(PORT - 1000), HARTKETEN_DB_NAME=self.database_name, HARTKETEN_DEMO_DATA="true",
            HARTKETEN_DEMO_GENERATED_JOURNEYS="0", NODE_JAVA_OPTS=" ".join(JAVA_OPTS))

    def start(self):
        recreate_database(self.database_name)
        started = time.time()
        with open(f"{self.work}/run.log", "w") as out:
            subprocess.run([os.path.join(ROOT, "deployments", "cluster", "run.sh"), str(self.nodes)],
                           env=self.environment, stdout=out, stderr=subprocess.STDOUT, check=True)
        self.figures["ready"] = time.time() - started
        time.sleep(5)
        self.figures["memory after start"] = self.rss()

    def rss(self):
        """All nodes together."""
        total = 0
        for node in range(1, self.nodes + 1):
            with open(f"{self.work}/node-{node}.pid") as pid, open(f"/proc/{pid.read().strip()}/status") as status:
                total += next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmRSS:"))
        return total

    def stop(self):
        subprocess.run([os.path.join(ROOT, "deployments", "cluster", "stop.sh")], env=self.environment,
                       capture_output=True)
        shutil.rmtree(self.work, ignore_errors=True)


class Hapi(Server):
    name = "hapi"
    database_name = "hapi_bench"

    def __init__(self, database):
        super().__init__(database)
        self.base = f"http://127.0.0.1:{HAPI_PORT}/fhir"
        self.token = "not-checked"

    def command(self):
        settings = [f"--server.port={HAPI_PORT}"]
        if self.database == "postgresql":
            recreate_database(self.database_name)
            settings += [f"--spring.datasource.url={PG}{self.database_name}", "--spring.datasource.username=postgres",
                         "--spring.datasource.driver-class-name=org.postgresql.Driver",
                         "--spring.jpa.properties.hibernate.dialect="
                         "ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect"]
        return ["java", *JAVA_OPTS, "-jar", HAPI_WAR, *settings, *HAPI_OPTS]

    def prepare(self):
        """The parties Hartketen's demo data has, under the same ids (HAPI checks that references exist)."""
        ura = "http://fhir.nl/fhir/NamingSystem/ura"
        for resource in (
                {"resourceType": "Organization", "id": HOSPITAL, "name": "Martini Ziekenhuis"},
                {"resourceType": "Organization", "id": "hap-de-linde", "name": "Huisartsenpraktijk De Linde",
                 "identifier": [{"system": ura, "value": "90002001"}]},
                {"resourceType": "Practitioner", "id": "gp-jansen", "name": [{"family": "Jansen"}]},
                {"resourceType": "PractitionerRole", "id": "gp-jansen-at-hap-de-linde",
                 "practitioner": {"reference": "Practitioner/gp-jansen"},
                 "organization": {"reference": "Organization/hap-de-linde"}}):
            http("PUT", f"{self.base}/{resource['resourceType']}/{resource['id']}", resource)


def referral(patient, i):
    return {"resourceType": "ServiceRequest", "status": "on-hold" if i % 7 == 3 else "active", "intent": "order",
            "category": [{"coding": [{"system": CATEGORY, "code": "referral"}]}],
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": "183519002"}]},
            "subject": {"reference": f"Patient/{patient}"},
            "requester": {"reference": "PractitionerRole/gp-jansen-at-hap-de-linde"},
            "performer": [{"reference": f"Organization/{HOSPITAL}"}],
            "reasonCode": [{"coding": [{"system": "http://snomed.info/sct", "code": "29857009"}]}],
            "note": [{"text": "Pijn op de borst bij inspanning"}]}


def worklist_request(patient, i):
    """For the worklists group: every 10th request a meekijkconsult, the priorities in turn, sent over the past 60 days
    (half of them past the Treeknorm's maximum), so that each list has work of every kind to order."""
    request = referral(patient, i)
    request["status"] = "active"
    priority = (None, "routine", "urgent", "asap", "stat")[i % 5]
    if priority:
        request["priority"] = priority
    sent = time.gmtime(time.time() - (i % 60) * 86400)
    request["authoredOn"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", sent)
    if i % 10 == 0:
        request["category"][0]["coding"][0]["code"] = "meekijkconsult"
        request["extension"] = [{"url": "https://hartketen.nl/fhir/StructureDefinition/conversion-allowed",
                                 "valueBoolean": True}]
    return request


def referral_with_task(patient, i):
    """A transaction of a referral and its Task, as a GP system sends it."""
    request = referral(patient, i)
    task = {"resourceType": "Task", "status": "requested", "intent": "order",
            "focus": {"reference": "urn:uuid:6f1e3f0e-0000-4000-8000-000000000001"},
            "for": {"reference": f"Patient/{patient}"}, "owner": {"reference": f"Organization/{HOSPITAL}"}}
    return {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": "urn:uuid:6f1e3f0e-0000-4000-8000-000000000001", "resource": request,
         "request": {"method": "POST", "url": "ServiceRequest"}},
        {"fullUrl": "urn:uuid:6f1e3f0e-0000-4000-8000-000000000002", "resource": task,
         "request": {"method": "POST", "url": "Task"}}]}


def seed(server, scale, files):
    """PATIENTS patients, then `scale` referrals in transaction Bundles of 100, SEED_CLIENTS at once."""
    started = time.time()
    patients = []
    for i in range(PATIENTS):
        patient = {"resourceType": "Patient", "name": [{"family": f"Patient{i}"}],
                   "generalPractitioner": [{"reference": "Organization/hap-de-linde"}],
                   "identifier": [{"system": "https://bench.example/patient", "value": str(i)}]}
        patients.append(http("POST", server.base + "/Patient", patient, server.token)["id"])

    refused = []
    slowest = [0.0]

    def bundle(number):
        make = worklist_request if "worklists" in PATH_GROUPS and isinstance(server, Hartketen) else referral
        entries = [{"resource": make(patients[i % PATIENTS], i), "request": {"method": "POST", "url": "ServiceRequest"}}
                   for i in range(number * 100, number * 100 + 100)]
        while True:
            try:
                sent = time.time()
                response = http("POST", server.base, {"resourceType": "Bundle", "type": "transaction",
                                                      "entry": entries}, server.token)
                slowest.append(time.time() - sent)
                return [entry["response"]["location"].split("/")[1] for entry in response["entry"]]
            except urllib.error.HTTPError as e:
                if e.code != 503:
                    raise
                refused.append(number)  # as a client does: again after Retry-After
                time.sleep(int(e.headers.get("Retry-After", "1")))

    with ThreadPoolExecutor(SEED_CLIENTS) as clients:
        ids = [i for batch in clients.map(bundle, range(scale // 100)) for i in batch]
    server.figures[f"seeding ({SEED_CLIENTS} clients, Bundles of 100 over {PATIENTS} patients)"] = (
        f"{time.time() - started:.0f} s, {len(refused)} 503s, slowest Bundle {max(slowest):.1f} s")
    log(f"{server.name}: seeded {len(ids)} referrals in {time.time() - started:.0f} s, {len(refused)} Bundles refused")
    with open(files["posts"], "w") as out:
        out.write("".join(json.dumps(referral(patients[i], i)) + "\n" for i in range(PATIENTS)))
    with open(files["transactions"], "w") as out:
        out.write("".join(json.dumps(referral_with_task(patients[i], i)) + "\n" for i in range(PATIENTS)))
    return ids, patients


def wrk(url, script, token, duration, *arguments, clients=CLIENTS):
    env = dict(os.environ, TOKEN=token)
    command = ["wrk", f"-t{min(2, clients)}", f"-c{clients}", f"-d{duration}s", "-s", script, url, "--", *arguments]
    output = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True).stdout
    figures = {}
    for line in output.splitlines():
        if line.startswith("Requests/sec:") and "." in line.split()[-1] and len(line.split()) == 2:
            figures["rate"] = float(line.split()[1])
        elif line.startswith("p50 "):
            figures["p50"] = float(line.split()[1])
        elif line.startswith("p95 "):
            figures["p95"] = float(line.split()[1])
        elif line.startswith("errors:"):
            # report.lua's line: "errors: connect C read R write W status S timeout T" (status: 4xx and 5xx answers)
            words = line.split()
            figures["non-2xx"] = int(words[words.index("status") + 1])
            figures["timeouts"] = int(words[words.index("timeout") + 1])
    return figures


def measure(server, paths, results, key, clients=CLIENTS):
    """Warm-up, then RUNS rounds over the paths; the median round per path (by throughput)."""
    for name, (url, script, token, *arguments) in paths.items():
        wrk(url, script, token, max(WARMUP // len(paths), 10), *arguments, clients=clients)
    rounds = {name: [] for name in paths}
    for round_number in range(RUNS):
        for name, (url, script, token, *arguments) in paths.items():
            figures = wrk(url, script, token, DURATION, *arguments, clients=clients)
            figures["load"] = load()
            rounds[name].append(figures)
            log(f"{server.name} {server.database} {key} {name} round {round_number + 1}: {figures}")
    if PROFILE and isinstance(server, Hartketen):
        # one more round, recorded by JFR and not counted: the recording costs a little
        for name, (url, script, token, *arguments) in paths.items():
            slug = "".join(c if c.isalnum() else "-" for c in name).strip("-")
            recording = f"{PROFILE}/{server.database}-{key.replace(',', '')}-{slug}.jfr"
            subprocess.run(["jcmd", str(server.process.pid), "JFR.start", "name=run", "settings=profile",
                            f"filename={recording}"], capture_output=True)
            wrk(url, script, token, DURATION, *arguments)
            subprocess.run(["jcmd", str(server.process.pid), "JFR.stop", "name=run"], capture_output=True)
    for name, measured in rounds.items():
        median_rate = statistics.median(f.get("rate", 0) for f in measured)
        chosen = min(measured, key=lambda f: abs(f.get("rate", 0) - median_rate))
        results[(key, server.database, name, server.name)] = chosen


def benchmark(server_class, database, scale, results):
    """Starts, seeds and measures one server; server_class(database) makes it."""
    server = server_class(database)
    key = f"{scale:,}"
    try:
        server.start()
        server.prepare()
        files = {"posts": f"{server.work}/posts.jsonl", "transactions": f"{server.work}/transactions.jsonl"}
        ids, patients = seed(server, scale, files)
        if database == "postgresql":
            # statistics and visibility maps for both servers' planners (this machine's PostgreSQL runs no autovacuum)
            subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", server.database_name, "-c",
                            "VACUUM ANALYZE"], check=True)
        server.figures["memory with data"] = server.rss()
        get = os.path.join(BENCH, "report.lua")
        post = os.path.join(BENCH, "post.lua")
        searches = {
            "GET ServiceRequest/{id}": (f"{server.base}/ServiceRequest/{ids[len(ids) // 2]}", get, server.token),
            "search status=active&performer, _count=50": (
                f"{server.base}/ServiceRequest?status=active&performer=Organization/{HOSPITAL}&_count=50",
                get, server.token),
            "search subject=Patient&status=active, _count=50": (
                f"{server.base}/ServiceRequest?subject=Patient/{patients[0]}&status=active&_count=50",
                get, server.token)}
        if "reads" in PATH_GROUPS:
            measure(server, searches, results, key)
        if "chain" in PATH_GROUPS and isinstance(server, Hartketen):
            measure(server, hartketen_only(server), results, key)
        if "worklists" in PATH_GROUPS and isinstance(server, Hartketen):
            lists = worklists(server)
            measure(server, lists, results, key)
            measure(server, {f"{name}, 1 client": path for name, path in lists.items()}, results, key, clients=1)
        writes = {"POST ServiceRequest (referral)": (f"{server.base}/ServiceRequest", post, server.token,
                                                      files["posts"]),
                  "transaction (referral + Task)": (server.base, post, server.token, files["transactions"])}
        if "writes" in PATH_GROUPS:
            measure(server, writes, results, key)
        server.figures["memory at the end"] = server.rss()
        for figure, value in server.figures.items():
            results[(key, database, figure, server.name)] = {"value": value, "load": load()}
    finally:
        server.stop()


def hartketen_only(server):
    coordinator = server.token_for("coord-hartnet")
    suggest = os.path.join(server.work, "suggest.json")
    with open(suggest, "w") as out:
        out.write(json.dumps({"resourceType": "Parameters", "parameter": [{"name": "service", "valueCoding": {
            "system": "https://hartketen.nl/fhir/CodeSystem/cardiology-service",
            "code": "outpatient-cardiology"}}]}) + "\n")
    get = os.path.join(BENCH, "report.lua")
    return {
        "census (coordinator)": (f"{server.origin}/api/networks/hartnet/census", get, coordinator),
        "$suggest-performer": (f"{server.base}/ServiceRequest/$suggest-performer", os.path.join(BENCH, "post.lua"),
                               server.token, suggest),
        "waiting-time report (coordinator)": (
            f"{server.origin}/api/reports/waiting-times?groupBy=organization", get, coordinator)}


def worklists(server):
    """The three worklists (docs/worklists.md), a page of 50 each: the GP's as Dr Jansen (De Linde, the sender of
    every seeded request), the intake and the consults as Dr Visser (the Martini, their performer)."""
    cardiologist = server.token_for("card-visser")
    get = os.path.join(BENCH, "report.lua")
    return {
        "worklist gp (GP), limit 50": (f"{server.origin}/api/worklists/gp?limit=50", get, server.token),
        "worklist intake (cardiologist), limit 50": (f"{server.origin}/api/worklists/intake?limit=50", get,
                                                     cardiologist),
        "worklist consults (cardiologist), limit 50": (f"{server.origin}/api/worklists/consults?limit=50", get,
                                                       cardiologist)}


def table(results, columns=(("HAPI JPA", "hapi"), ("Hartketen", "hartketen"))):
    """One row per figure; a column per server (title, name), and the second server's rate over the first's."""
    (first_title, first_name), (second_title, second_name) = columns
    lines = [f"| referrals | database | figure | {first_title} | {second_title} | {second_title} / {first_title} "
             f"| load (1 min) |",
             "|---|---|---|---|---|---|---|"]
    keys = dict.fromkeys((scale, database, figure) for (scale, database, figure, _) in results)
    for scale, database, figure in keys:
        hapi = results.get((scale, database, figure, first_name))
        ours = results.get((scale, database, figure, second_name))

        def show(figures):
            if figures is None:
                return "–"
            if "value" in figures:
                value = figures["value"]
                if isinstance(value, str):
                    return value
                return f"{value:.1f} s" if isinstance(value, float) else f"{value:,} MB"
            text = f"{figures.get('rate', 0):,.1f} req/s, p50 {figures.get('p50', 0):,.0f} ms, p95 {figures.get('p95', 0):,.0f} ms"
            failures = figures.get("non-2xx", 0) + figures.get("timeouts", 0)
            return text + (f" ({failures} failed)" if failures else "")

        ratio = "–"
        if hapi and ours and "rate" in hapi and hapi["rate"]:
            ratio = f"{ours.get('rate', 0) / hapi['rate']:.2f}"
        elif hapi and ours and "value" in hapi and hapi["value"] and figure in ("first 200", "ready"):
            ratio = f"{hapi['value'] / ours['value']:.2f} (speed-up)"
        loads = "/".join(f["load"] for f in (hapi, ours) if f)
        lines.append(f"| {scale} | {database} | {figure} | {show(hapi)} | {show(ours)} | {ratio} | {loads} |")
    return "\n".join(lines)


def main():
    results = {}
    log(f"machine: {os.cpu_count()} cores, load before start: {load()}; runs {RUNS} x {DURATION} s, warm-up "
        f"{WARMUP} s, {CLIENTS} clients, {PATIENTS} patients")
    if CLUSTER_NODES:
        # 1 node against 2 (or any two sizes), on PostgreSQL, behind the balancer
        columns = tuple((f"{n} node{'s' if n > 1 else ''}", f"cluster of {n}") for n in CLUSTER_NODES[:2])
        for scale in SCALES:
            for nodes in CLUSTER_NODES[:2]:
                benchmark(lambda database, n=nodes: HartketenCluster(database, n), "postgresql", scale, results)
                log(table(results, columns))
        printed = table(results, columns)
        print(printed)
        if os.environ.get("OUT"):
            with open(os.environ["OUT"], "w") as out:
                out.write(printed + "\n")
        return
    for database in DATABASES:
        for scale in SCALES:
            benchmark(Hartketen, database, scale, results)
            if HAPI_WAR:
                benchmark(Hapi, database, scale, results)
            log(table(results))
    printed = table(results)
    print(printed)
    if os.environ.get("OUT"):
        with open(os.environ["OUT"], "w") as out:
            out.write(printed + "\n")


if __name__ == "__main__":
    main()
