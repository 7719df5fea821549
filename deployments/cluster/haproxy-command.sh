#!/usr/bin/env bash
# Sends one command to the cluster's HAProxy runtime API and prints the answer, e.g.
#   deployments/cluster/haproxy-command.sh "show stat"
#   deployments/cluster/haproxy-command.sh "set server nodes/node-1 state drain"
set -euo pipefail
cd "$(dirname "$0")/../.."
socket="${HARTKETEN_CLUSTER_DIR:-target/cluster}/haproxy.sock"
python3 - "$socket" "${1:?usage: haproxy-command.sh COMMAND}" <<'PYTHON'
import socket, sys
connection = socket.socket(socket.AF_UNIX)
connection.connect(sys.argv[1])
connection.sendall((sys.argv[2] + "\n").encode())
print(connection.makefile().read(), end="")
PYTHON
