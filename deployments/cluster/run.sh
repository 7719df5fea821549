#!/usr/bin/env bash
# Starts a cluster: N nodes of target/hartketen.jar on one PostgreSQL database, joined in Payara Micro's data grid,
# behind HAProxy (Debian's package, installed when missing), which checks each node's /health/ready and spreads
# requests round-robin with no affinity. Stop it with stop.sh. See README.md next to this script.
#   deployments/cluster/run.sh [N]      N nodes, default 2
#
# Settings (environment, with defaults):
#   HARTKETEN_CLUSTER_DIR   target/cluster   logs, process ids, haproxy.cfg and the development issuer's key
#   BALANCER_PORT           8080             where HAProxy listens (127.0.0.1)
#   NODE_PORT_BASE          8080             node N listens on NODE_PORT_BASE + N
#   DATA_GRID_PORT_BASE     6900             node N joins the data grid at DATA_GRID_PORT_BASE + N
#   HARTKETEN_DB_NAME       hartketen_cluster
#   HARTKETEN_DEMO_DATA     true             the demo network, loaded once by whichever node comes first
#   NODE_JAVA_OPTS          (empty)          JVM options for each node, e.g. -Xmx768m
#   WAIT_FOR_READY          true             wait until every node answers /health/ready
# PostgreSQL's host, port and roles: as for deployments/postgresql/run.sh, which starts each node.
set -euo pipefail

cd "$(dirname "$0")/../.."   # the project root
nodes="${1:-2}"
[[ $nodes =~ ^[1-9][0-9]?$ ]] || { echo "run.sh: N must be a number of nodes, 1 to 99" >&2; exit 2; }
cluster_dir="${HARTKETEN_CLUSTER_DIR:-target/cluster}"
balancer_port="${BALANCER_PORT:-8080}"
node_port_base="${NODE_PORT_BASE:-8080}"

if [[ ! -f target/hartketen.jar ]]; then
    echo "target/hartketen.jar does not exist: build it first with 'mvn package'" >&2
    exit 1
fi
if ! command -v haproxy >/dev/null; then
    echo "Installing HAProxy (Debian's package)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null
fi

mkdir -p "$cluster_dir"
cluster_dir=$(realpath "$cluster_dir")
export HARTKETEN_CLUSTER_DIR="$cluster_dir"
for pid_file in "$cluster_dir"/haproxy.pid "$cluster_dir"/node-*.pid; do
    if [[ -f $pid_file ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
        echo "A cluster runs already from $cluster_dir: stop it first with deployments/cluster/stop.sh" >&2
        exit 1
    fi
done

# The development issuer's key: made once, kept in the cluster directory, used by every node.
if [[ ! -f $cluster_dir/dev-issuer-key.pem ]]; then
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$cluster_dir/dev-issuer-key.pem" 2>/dev/null
    chmod 600 "$cluster_dir/dev-issuer-key.pem"
fi

cat > "$cluster_dir/cluster.env" <<SETTINGS
NODES=$nodes
NODE_PORT_BASE=$node_port_base
DATA_GRID_PORT_BASE=${DATA_GRID_PORT_BASE:-6900}
HARTKETEN_DB_NAME=${HARTKETEN_DB_NAME:-hartketen_cluster}
HARTKETEN_DEMO_DATA=${HARTKETEN_DEMO_DATA:-true}
MP_JWT_VERIFY_ISSUER=http://localhost:$balancer_port/dev-issuer
HARTKETEN_BASE_URL=http://localhost:$balancer_port/fhir
NODE_JAVA_OPTS="${NODE_JAVA_OPTS:-}"
SETTINGS

{
    cat <<CONFIG
# Made by deployments/cluster/run.sh.
global
    maxconn 4096
    # The runtime API: run.sh asks it whether every node is in; an operator drains a node through it.
    stats socket $cluster_dir/haproxy.sock mode 600 level admin

defaults
    mode http
    timeout connect 2s
    timeout client 120s
    timeout server 120s
    # A request that never reached a node (connection refused) goes to another one; one that did is never resent.
    retries 2
    option redispatch

frontend hartketen
    bind 127.0.0.1:$balancer_port
    default_backend nodes

backend nodes
    balance roundrobin
    option httpchk GET /health/ready
    http-check expect status 200
    default-server check inter 1s fall 2 rise 2
CONFIG
    for node in $(seq 1 "$nodes"); do
        echo "    server node-$node 127.0.0.1:$((node_port_base + node))"
    done
} > "$cluster_dir/haproxy.cfg"

for node in $(seq 1 "$nodes"); do
    deployments/cluster/node.sh "$node"
    # The first node creates the database if it is missing; the others start once it has.
    for attempt in $(seq 1 120); do
        grep -q '^Starting ' "$cluster_dir/node-$node.log" 2>/dev/null && break
        (( attempt < 120 )) || { echo "node $node did not start: see $cluster_dir/node-$node.log" >&2; exit 1; }
        sleep 0.5
    done
done
haproxy -D -f "$cluster_dir/haproxy.cfg" -p "$cluster_dir/haproxy.pid"

if [[ ${WAIT_FOR_READY:-true} == true ]]; then
    for node in $(seq 1 "$nodes"); do
        port=$((node_port_base + node))
        for attempt in $(seq 1 600); do
            kill -0 "$(cat "$cluster_dir/node-$node.pid")" 2>/dev/null \
                || { echo "node $node stopped: see $cluster_dir/node-$node.log" >&2; exit 1; }
            [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready") == 200 ]] && break
            (( attempt < 600 )) || { echo "node $node not ready after 10 minutes: see $cluster_dir/node-$node.log" >&2; exit 1; }
            sleep 1
        done
        echo "node $node ready"
    done
    # HAProxy takes a node in after two good health checks a second apart: wait until it has taken every node in.
    for attempt in $(seq 1 30); do
        up=$(deployments/cluster/haproxy-command.sh "show stat" | awk -F, '$1 == "nodes" && $2 ~ /^node-/ && $18 == "UP"' | wc -l)
        (( up == nodes )) && break
        (( attempt < 30 )) || { echo "HAProxy has only $up of $nodes nodes in" >&2; exit 1; }
        sleep 1
    done
    echo "HAProxy has all $nodes nodes in"
fi
echo "Hartketen cluster of $nodes nodes behind HAProxy: http://localhost:$balancer_port"
