#!/usr/bin/env bash
# Issuance over HTTP (BENCHMARKS.md section 8): CSR -> certificate through the broker's POST /v1/enrollments
# (keep-alive, HTTPS, token check, policy, signing, ledger insert in H2) against, in the same run,
#   1. the in-process rate of the foundation benchmark (JMH IssuanceBenchmark.issueFromCsr, throughput, 2 threads),
#   2. cfssl serve (Debian golang-cfssl) signing the same CSRs with a CA of the same key type.
# Load: wrk, 2 threads, 8 connections, each request the next CSR of a pre-made list (openssl).
# Needs openssl, wrk, cfssl, python3 and a tree built with -Pbench:
#   ./mvnw -B -q -Pbench install -DskipTests
# Both sides are measured warm: the broker gets WARMUP seconds of the same load per key type first (default 240; its
# ECDSA/RSA code reaches full speed only after three to four minutes of C2 compilation on 2 cores), JMH its own warm-up.
# A token issues at most 100 000 certificates, so every wrk run gets a fresh one.
# Usage: benchmarks/issuance-http.sh [KEY_TYPES] [SECONDS] [CSRS]   e.g. "p256 rsa2048" 20 1000
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
key_types="${1:-p256 rsa2048}"
seconds="${2:-20}"
csrs="${3:-1000}"
warmup="${WARMUP:-240}"
work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

port="$(free_port)"
echo "== broker on https://localhost:$port (embedded emulator, H2), data $work/broker"
JITP_DATA_DIR="$work/broker" QUARKUS_HTTP_SSL_PORT="$port" "$root/bin/jitp-broker" >"$work/broker.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 600); do
    [ -s "$work/broker/admin-token" ] && curl -sf --cacert "$work/broker/tls/ca.crt" \
        "https://localhost:$port/q/health/ready" >/dev/null 2>&1 && break
    sleep 0.5
done
export JITP_BROKER_URL="https://localhost:$port" JITP_BROKER_DATA_DIR="$work/broker"
jitp() { "$root/bin/jitp" "$@"; }

cat > "$work/bodies.lua" <<'LUA'
-- POST the lines of $BODIES (one JSON document each) in turn, with the header $AUTH.
local bodies, i = {}, 0
function init(args)
  for line in io.lines(os.getenv("BODIES")) do bodies[#bodies + 1] = line end
  i = math.random(#bodies)
end
function request()
  i = i % #bodies + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["Authorization"] = os.getenv("AUTH")},
    bodies[i])
end
LUA

results=()
for key_type in $key_types; do
    echo "== $key_type: CA in the broker and in cfssl, $csrs device CSRs ($key_type keys, openssl)"
    case "$key_type" in
        p256) newkey=(-newkey ec -pkeyopt ec_paramgen_curve:P-256) ;;
        p384) newkey=(-newkey ec -pkeyopt ec_paramgen_curve:P-384) ;;
        rsa2048) newkey=(-newkey rsa:2048) ;;
        *) echo "unknown key type $key_type" >&2; exit 2 ;;
    esac
    dir="$work/$key_type"; mkdir -p "$dir/csr"
    for n in $(seq -f '%06g' 1 "$csrs"); do
        openssl req -new "${newkey[@]}" -nodes -keyout /dev/null -subj "/CN=bench-$key_type-$n" \
            -out "$dir/csr/$n.csr" 2>/dev/null
    done

    name="bench-$key_type"
    jitp ca create --name "$name" --key-type "$key_type" --subject "CN=Bench $key_type $$" >/dev/null
    jitp template put "$name" <(python3 -c 'import json,sys; print(json.dumps({"Parameters":
        {"AWS::IoT::Certificate::CommonName":{"Type":"String"},"AWS::IoT::Certificate::Id":{"Type":"String"}},
        "Resources":{"thing":{"Type":"AWS::IoT::Thing","Properties":{"ThingName":
        {"Ref":"AWS::IoT::Certificate::CommonName"}}},"certificate":{"Type":"AWS::IoT::Certificate",
        "Properties":{"CertificateId":{"Ref":"AWS::IoT::Certificate::Id"},"Status":"ACTIVE"}}}}))') \
        --role-arn arn:aws:iam::123456789012:role/bench >/dev/null
    jitp ca register "$name" --template "$name" >/dev/null
    jitp fleet ensure "$name" --role-arn arn:aws:iam::123456789012:role/bench --ca "$name" >/dev/null
    mint() {
        jitp token create --fleet "$name" --thing-pattern "bench-$key_type-[0-9]+" --uses 100000 \
            --expires-in 1h -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
    }

    python3 - "$dir" "$key_type" <<'PY'
import json, os, sys
d, kt = sys.argv[1], sys.argv[2]
with open(os.path.join(d, "broker.jsonl"), "w") as b, open(os.path.join(d, "cfssl.jsonl"), "w") as c:
    for f in sorted(os.listdir(os.path.join(d, "csr"))):
        pem = open(os.path.join(d, "csr", f)).read()
        b.write(json.dumps({"thingName": "bench-%s-%s" % (kt, f[:-4]), "csr": pem}) + "\n")
        c.write(json.dumps({"certificate_request": pem, "profile": "device"}) + "\n")
PY

    # cfssl: a CA of the same key type made by openssl, a client-auth profile like the broker's.
    openssl req -x509 -new "${newkey[@]}" -nodes -keyout "$dir/cfssl-ca.key" -out "$dir/cfssl-ca.pem" \
        -days 30 -subj "/CN=cfssl bench $key_type" 2>/dev/null
    cat > "$dir/cfssl.json" <<'JSON'
{"signing": {"default": {"expiry": "8760h"}, "profiles": {"device": {"expiry": "8760h",
  "usages": ["digital signature", "key encipherment", "client auth"]}}}}
JSON
    cport="$(free_port)"
    cfssl serve -address 127.0.0.1 -port "$cport" -ca "$dir/cfssl-ca.pem" -ca-key "$dir/cfssl-ca.key" \
        -config "$dir/cfssl.json" -loglevel 5 >"$dir/cfssl.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 100); do curl -s "http://127.0.0.1:$cport/api/v1/cfssl/health" >/dev/null 2>&1 && break;
        sleep 0.2; done

    cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system clock ticks of a process
    run_wrk() { # label url bodies auth server-pid
        local before after rps non2xx requests
        before="$(cpu "$5")"
        BODIES="$3" AUTH="$4" /usr/bin/time -f '%U %S' -o "$dir/$1.time" \
            wrk -t2 -c8 -d"${seconds}s" --latency -s "$work/bodies.lua" "$2" >"$dir/$1.wrk"
        after="$(cpu "$5")"
        rps="$(awk '/Requests\/sec/ {print $2}' "$dir/$1.wrk")"
        requests="$(awk '/requests in/ {print $1}' "$dir/$1.wrk")"
        non2xx="$(awk '/Non-2xx/ {print $5}' "$dir/$1.wrk")"
        # CPU per request in microseconds: the server process, and wrk (the load generator shares the 2 cores).
        echo "$key_type $1 ${rps} req/s, p50 $(awk '$1=="50%" {print $2}' "$dir/$1.wrk"), p99" \
            "$(awk '$1=="99%" {print $2}' "$dir/$1.wrk"), non-2xx ${non2xx:-0}," \
            "cpu/request: server $(( (after - before) * 1000000 / $(getconf CLK_TCK) / requests )) us," \
            "wrk $(awk -v n="$requests" '{printf "%d", ($1 + $2) * 1000000 / n}' "$dir/$1.time") us"
    }
    # Warm-up (JIT) in 30 s runs, each with a fresh token; then the measured runs, alternating broker and cfssl.
    for _ in $(seq 1 $(( (warmup + 29) / 30 ))); do
        BODIES="$dir/broker.jsonl" AUTH="Bearer $(mint)" wrk -t2 -c8 -d30s -s "$work/bodies.lua" \
            "https://localhost:$port/v1/enrollments" \
            | awk -v k="$key_type" '/Requests\/sec/ {print k, "warm-up", $2, "req/s"}'
    done
    BODIES="$dir/cfssl.jsonl" AUTH="" wrk -t2 -c8 -d10s -s "$work/bodies.lua" \
        "http://127.0.0.1:$cport/api/v1/cfssl/sign" >/dev/null
    for round in 1 2 3; do
        results+=("$(run_wrk "broker-$round" "https://localhost:$port/v1/enrollments" "$dir/broker.jsonl" \
            "Bearer $(mint)" "${pids[0]}")")
        results+=("$(run_wrk "cfssl-$round" "http://127.0.0.1:$cport/api/v1/cfssl/sign" "$dir/cfssl.jsonl" "" \
            "${pids[-1]}")")
        echo "${results[-2]}"; echo "${results[-1]}"
    done
    kill "${pids[-1]}" 2>/dev/null || true
done

echo "== in-process (JMH IssuanceBenchmark.issueFromCsr, throughput, 2 threads, same machine, same run)"
kill "${pids[0]}" 2>/dev/null || true
types_csv="$(echo $key_types | tr ' ' ',')"
java -jar "$root/benchmarks/target/benchmarks.jar" 'IssuanceBenchmark.issueFromCsr' -p keyType="$types_csv" \
    -bm thrpt -tu s -t 2 -f 1 -wi 4 -w 5s -i 5 -r 5s 2>/dev/null | grep -E '^Benchmark|issueFromCsr'
echo "== summary"
printf '%s\n' "${results[@]}"
