#!/usr/bin/env bash
# Hartketen side by side with the HAPI FHIR JPA server, in one run on this machine (src/benchmark/bench.py does the
# work; docs/benchmarks.md keeps the table it prints).
#
#   mvn -q package -DskipTests && HAPI_WAR=/path/to/hapi.war bash src/benchmark/run.sh
#
# HAPI_WAR: the HAPI JPA starter's executable WAR (hapifhir/hapi-fhir-jpaserver-starter, tag image/v8.8.0-1, built
# with -Pboot in a folder of its own; not part of this repository). Without it, only Hartketen is measured.
# Settings (environment): SCALES ("10000 100000"), DATABASES ("h2 postgresql"; PostgreSQL at 127.0.0.1:5432, trust
# auth: databases hartketen_bench and hapi_bench are dropped and made afresh), RUNS (3), DURATION (20 s per run),
# WARMUP (60 s per group of paths), CLIENTS (8), PATIENTS (100), SEED_CLIENTS (4), JAVA_OPTS (for both servers),
# PROFILE (a folder: Hartketen runs one more round, not counted, recorded there with JFR), OUT (a file for the table),
# PATH_GROUPS (which groups of paths: "reads chain writes", and "worklists", which also seeds for them; not GROUPS,
# which bash keeps for itself),
# HAPI_OPTS (more settings for HAPI, e.g. --hapi.fhir.validation.requests_enabled=true to have it validate what it is
# sent, as Hartketen always does), CLUSTER_NODES (e.g. "1 2": instead of the side-by-side run, Hartketen as a cluster
# of that many nodes behind HAProxy on PostgreSQL, started by deployments/cluster/run.sh, one size against the other).
# Needs wrk (Debian package; installed here if missing), psql, python3. Figures go to stdout, progress to stderr.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
exec python3 src/benchmark/bench.py
