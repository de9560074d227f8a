#!/usr/bin/env bash
# The brokered-exchange figures of BENCHMARKS.md (section 7): POST /v1/devices/{thing}/credentials answered from the
# broker's cache, against a trivial endpoint of the same broker in the same run (GET /q/health/live), with wrk over
# HTTPS on loopback (keep-alive, bearer token). Starts its own broker (embedded emulator, fresh data directory, free
# port), enrolls one custodial device with server-side key generation, makes the first exchange (upstream, JITP),
# then alternates RUNS x (baseline, exchange) wrk runs of DURATION each after one warm-up of each.
# Needs wrk, curl, python3 and a built tree (./mvnw -B -q install -DskipTests).
# Usage: benchmarks/brokered.sh [RUNS] [DURATION] [CONNECTIONS] [THREADS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
duration="${2:-20s}"
connections="${3:-32}"
threads="${4:-2}"
work="$(mktemp -d)"
broker_pid=""
cleanup() {
    if [ -n "$broker_pid" ]; then kill "$broker_pid" 2>/dev/null || true; wait "$broker_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
JITP_BROKER_JAVA_OPTS="-Djitp.data-dir=$work/broker -Dquarkus.http.ssl-port=$port ${JITP_BENCH_JAVA_OPTS:-}" \
    "$root/bin/jitp-broker" >"$work/broker.log" 2>&1 &
broker_pid=$!
base="https://localhost:$port"
for _ in $(seq 1 300); do
    [ -s "$work/broker/tls/ca.crt" ] && curl -sf --cacert "$work/broker/tls/ca.crt" "$base/q/health/ready" >/dev/null \
        && break
    sleep 0.5
done
token="$(cat "$work/broker/admin-token")"
api() { curl -sS --fail-with-body --cacert "$work/broker/tls/ca.crt" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' "$@"; }
json() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

echo "== set-up: custodial fleet, JITP template, CA registered with it, one device enrolled with server keygen"
role='arn:aws:iam::123456789012:role/BenchDevices'
api -X PUT "$base/v1/fleets/bench" -d "{\"roleArn\":\"$role\",\"custodial\":true}" >/dev/null
api -X PUT "$base/v1/templates/bench-jitp" -d '{"provisioningRoleArn":"arn:aws:iam::123456789012:role/JitpProvisioning",
  "body":{"Parameters":{"AWS::IoT::Certificate::CommonName":{"Type":"String"},"AWS::IoT::Certificate::Id":{"Type":"String"}},
  "Resources":{"thing":{"Type":"AWS::IoT::Thing","Properties":{"ThingName":{"Ref":"AWS::IoT::Certificate::CommonName"}}},
  "certificate":{"Type":"AWS::IoT::Certificate","Properties":{"CertificateId":{"Ref":"AWS::IoT::Certificate::Id"},"Status":"ACTIVE"}},
  "policy":{"Type":"AWS::IoT::Policy","Properties":{"PolicyName":"bench-device-policy"}}}}}' >/dev/null
api -X POST "$base/v1/cas" -d '{"name":"bench-ca"}' >/dev/null
api -X POST "$base/v1/cas/bench-ca/registration" -d '{"templateName":"bench-jitp"}' >/dev/null
api -X PUT "$base/v1/fleets/bench" -d "{\"roleArn\":\"$role\",\"custodial\":true,\"caName\":\"bench-ca\"}" >/dev/null
enrollment="$(api -X POST "$base/v1/tokens" -d '{"fleet":"bench","thingName":"bench-1","serverKeygen":true}' \
    | json token)"
curl -sS --fail-with-body --cacert "$work/broker/tls/ca.crt" -H "Authorization: Bearer $enrollment" \
    -H 'Content-Type: application/json' -X POST "$base/v1/enrollments" \
    -d '{"thingName":"bench-1","serverKeygen":true}' >/dev/null
first="$(api -X POST "$base/v1/devices/bench-1/credentials")"
echo "first exchange: source=$(echo "$first" | json source) tookMillis=$(echo "$first" | json tookMillis)"
echo "second: source=$(api -X POST "$base/v1/devices/bench-1/credentials" | json source)"

cat >"$work/exchange.lua" <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $token"
LUA
cat >"$work/baseline.lua" <<LUA
wrk.method = "GET"
LUA
bench() { # name script url
    wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$2" "$3" >"$work/$1.out"
    local rps p50 p99 errors
    rps="$(awk '/^Requests\/sec:/ {print $2}' "$work/$1.out")"
    p50="$(awk '$1 == "50%" {print $2}' "$work/$1.out")"
    p99="$(awk '$1 == "99%" {print $2}' "$work/$1.out")"
    errors="$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$work/$1.out")"
    printf '%-10s requests/s %10s   p50 %8s   p99 %8s   non-2xx %s\n' "$1" "$rps" "$p50" "$p99" "${errors:-0}"
}
echo "== warm-up (not counted)"
bench warm-base "$work/baseline.lua" "$base/q/health/live" >/dev/null
bench warm-exch "$work/exchange.lua" "$base/v1/devices/bench-1/credentials" >/dev/null
echo "== $runs x $duration, $threads threads, $connections connections, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$runs"); do
    bench "baseline" "$work/baseline.lua" "$base/q/health/live"
    bench "exchange" "$work/exchange.lua" "$base/v1/devices/bench-1/credentials"
done
echo "upstream calls of the broker: $(curl -sf --cacert "$work/broker/tls/ca.crt" "$base/q/metrics" \
    | awk '/^jitp_exchange_upstream_calls_total/ {sum += $2} END {print sum}')"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
