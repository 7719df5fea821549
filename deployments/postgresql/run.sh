#!/usr/bin/env bash
# Runs target/hartketen.jar against PostgreSQL. Creates the database first if it does not exist; Flyway creates
# the schema when the application starts. See README.md next to this script.
#
# Settings (environment, with defaults):
#   HARTKETEN_PG_HOST      127.0.0.1     PostgreSQL host (for psql and the default JDBC URL)
#   HARTKETEN_PG_PORT      5432          PostgreSQL port
#   HARTKETEN_PG_ADMIN     postgres      role psql uses to create the database (password: PGPASSWORD or ~/.pgpass)
#   HARTKETEN_DB_NAME      hartketen     database to create and use
#   HARTKETEN_DB_USER      postgres      role the application connects as (owner of a newly created database)
#   HARTKETEN_DB_PASSWORD  (empty)       its password
#   HARTKETEN_DB_DRIVER    org.postgresql.ds.PGSimpleDataSource
#   HARTKETEN_DB_URL       jdbc:postgresql://HOST:PORT/NAME built from the values above
#   HARTKETEN_JAR          target/hartketen.jar
#   JAVA_OPTS              (empty)       extra JVM options, e.g. -Xmx1g
# Arguments are passed on to Payara Micro, e.g. ./run.sh --port 8081
set -euo pipefail

cd "$(dirname "$0")/../.."   # the project root, so that target/ resolves

pg_host="${HARTKETEN_PG_HOST:-127.0.0.1}"
pg_port="${HARTKETEN_PG_PORT:-5432}"
pg_admin="${HARTKETEN_PG_ADMIN:-postgres}"
db_name="${HARTKETEN_DB_NAME:-hartketen}"
jar="${HARTKETEN_JAR:-target/hartketen.jar}"

export HARTKETEN_DB_USER="${HARTKETEN_DB_USER:-postgres}"
export HARTKETEN_DB_PASSWORD="${HARTKETEN_DB_PASSWORD:-}"
export HARTKETEN_DB_DRIVER="${HARTKETEN_DB_DRIVER:-org.postgresql.ds.PGSimpleDataSource}"
export HARTKETEN_DB_URL="${HARTKETEN_DB_URL:-jdbc:postgresql://${pg_host}:${pg_port}/${db_name}}"

identifier='^[a-z_][a-z0-9_]*$'
if [[ ! $db_name =~ $identifier || ! $HARTKETEN_DB_USER =~ $identifier ]]; then
    echo "HARTKETEN_DB_NAME and HARTKETEN_DB_USER must be plain lower-case identifiers" >&2
    exit 2
fi

if [[ ! -f $jar ]]; then
    echo "$jar does not exist: build it first with 'mvn package' (pom.xml, execution runnable-jar)" >&2
    exit 1
fi

psql_admin() {
    psql -h "$pg_host" -p "$pg_port" -U "$pg_admin" -d postgres -v ON_ERROR_STOP=1 -q -t -A "$@"
}

if [[ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '${db_name}'")" != "1" ]]; then
    echo "Creating database ${db_name} (owner ${HARTKETEN_DB_USER}) on ${pg_host}:${pg_port}"
    psql_admin -c "CREATE DATABASE \"${db_name}\" OWNER \"${HARTKETEN_DB_USER}\""
fi

read -r -a java_opts <<< "${JAVA_OPTS:-}"
echo "Starting ${jar} on ${HARTKETEN_DB_URL} as ${HARTKETEN_DB_USER}"
exec java ${java_opts[@]+"${java_opts[@]}"} -jar "$jar" "$@"
