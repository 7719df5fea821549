#!/usr/bin/env bash
# Stops the cluster run.sh started: HAProxy and every node (TERM, then KILL after 30 s).
set -euo pipefail

cd "$(dirname "$0")/../.."
cluster_dir="${HARTKETEN_CLUSTER_DIR:-target/cluster}"

stop() {
    local pid_file=$1
    [[ -f $pid_file ]] || return 0
    local pid
    pid=$(cat "$pid_file")
    if kill "$pid" 2>/dev/null; then
        for _ in $(seq 1 30); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 1
        done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pid_file"
}

stop "$cluster_dir/haproxy.pid"
for pid_file in "$cluster_dir"/node-*.pid; do
    [[ -e $pid_file ]] && stop "$pid_file"
done
echo "Cluster in $cluster_dir stopped"
