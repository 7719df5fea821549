#!/usr/bin/env bash
# Starts node N (1, 2, ...) of the cluster that run.sh made, in the background, on the cluster's PostgreSQL database.
# run.sh calls it for every node; call it yourself to bring back a node you stopped or killed.
#   deployments/cluster/node.sh N
# It reads the settings run.sh wrote to $HARTKETEN_CLUSTER_DIR/cluster.env. The node's log is node-N.log and its process
# id node-N.pid in that directory.
set -euo pipefail

cd "$(dirname "$0")/../.."   # the project root
cluster_dir="${HARTKETEN_CLUSTER_DIR:-target/cluster}"
node="${1:?usage: node.sh N}"
[[ $node =~ ^[1-9][0-9]?$ ]] || { echo "node.sh: N must be a node number, 1 to 99" >&2; exit 2; }
[[ -f $cluster_dir/cluster.env ]] || { echo "node.sh: no $cluster_dir/cluster.env: start the cluster with run.sh" >&2; exit 1; }
# shellcheck source=/dev/null
source "$cluster_dir/cluster.env"

pid_file="$cluster_dir/node-$node.pid"
if [[ -f $pid_file ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    echo "node $node runs already (process $(cat "$pid_file"))"
    exit 0
fi

port=$((NODE_PORT_BASE + node))
# The data grid finds the other nodes at their ports (node N at DATA_GRID_PORT_BASE + N).
data_grid_port=$((DATA_GRID_PORT_BASE + node))
data_grid_members=$(seq -s, -f "127.0.0.1:%g" $((DATA_GRID_PORT_BASE + 1)) $((DATA_GRID_PORT_BASE + NODES)))

# Every node trusts the same issuer: the development issuer behind the balancer, signing with the one shared key. Each
# node reads the public key from itself, so a node does not need the balancer to check a token.
export HARTKETEN_DB_NAME MP_JWT_VERIFY_ISSUER HARTKETEN_DEMO_DATA
# Links and locations name the balancer, so that a next page may be fetched from any node.
export HARTKETEN_BASE_URL
export HARTKETEN_DEV_ISSUER_ENABLED=true
export HARTKETEN_DEV_ISSUER_PRIVATE_KEY_LOCATION="$(realpath "$cluster_dir/dev-issuer-key.pem")"
export MP_JWT_VERIFY_PUBLICKEY_LOCATION="http://127.0.0.1:$port/dev-issuer/jwks.json"
export JAVA_OPTS="${NODE_JAVA_OPTS:-}"

nohup deployments/postgresql/run.sh \
    --port "$port" \
    --name "node-$node" \
    --systemproperties deployments/cluster/data-grid.properties \
    --clustername hartketen \
    --clustermode "tcpip:$data_grid_members" \
    --interfaces 127.0.0.1 \
    --startport "$data_grid_port" \
    > "$cluster_dir/node-$node.log" 2>&1 &
echo $! > "$pid_file"
echo "node $node: http://127.0.0.1:$port (process $!, log $cluster_dir/node-$node.log)"
