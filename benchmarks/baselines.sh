#!/usr/bin/env bash
# The non-JMH figures of BENCHMARKS.md, measured on the machine that runs the JMH benchmark:
#   1. openssl's raw signing rates (openssl speed);
#   2. one certificate per process: the manual 'openssl x509 -req' against 'bin/jitp pki sign';
#   3. bin/jitp start-up: --version with and without the launcher's AppCDS archive.
# Needs openssl and hyperfine, and a built CLI (./mvnw -B -q install -DskipTests). Usage: benchmarks/baselines.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jitp="$root/bin/jitp"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

medians() {
    python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("median %8.1f ms  min %8.1f ms  %s" % (r["median"] * 1000, r["min"] * 1000, r["command"]))' "$1"
}

echo "== openssl speed (3 s per test)"
openssl version
openssl speed -seconds 3 rsa2048 ecdsap256 2>/dev/null | tail -6

for type in rsa2048 p256; do
    mkdir "$type" && cd "$type"
    if [ "$type" = rsa2048 ]; then
        openssl genrsa -out rootCA.key 2048 2>/dev/null
        openssl genrsa -out deviceCert.key 2048 2>/dev/null
    else
        openssl ecparam -name prime256v1 -genkey -noout -out rootCA.key
        openssl ecparam -name prime256v1 -genkey -noout -out deviceCert.key
    fi
    openssl req -x509 -new -nodes -key rootCA.key -sha256 -days 1024 -out rootCA.pem -subj "/CN=Bench Root"
    openssl req -new -key deviceCert.key -out deviceCert.csr -subj "/CN=bench-device-0001/O=Acme"
    echo "== one certificate per process, $type CA and device key"
    hyperfine -N --warmup 3 --runs 30 --style basic --export-json "$work/sign-$type.json" \
        "openssl x509 -req -in deviceCert.csr -CA rootCA.pem -CAkey rootCA.key -CAcreateserial -out o.crt -days 365 -sha256" \
        "$jitp pki sign --force --out-cert j.crt --out-chain j-chain.crt"
    medians "$work/sign-$type.json"
    cd ..
done

echo "== bin/jitp --version: launcher AppCDS archive on and off"
"$jitp" --version >/dev/null
hyperfine -N --warmup 3 --runs 30 --style basic --export-json "$work/version.json" \
    "$jitp --version" "env JITP_CDS=0 $jitp --version"
medians "$work/version.json"

echo "== bin/jitp pki sign with an encrypted CA key (PBKDF2, $((600000)) iterations) against a plain one"
mkdir keys && cd keys
echo "bench-password" > pass
"$jitp" pki ca --key-type p256 --out-key plain.key --out-cert plain.pem >/dev/null
"$jitp" pki ca --key-type p256 --out-key enc.key --out-cert enc.pem --password-file pass >/dev/null
"$jitp" pki csr --thing bench-device-0001 >/dev/null
hyperfine -N --warmup 2 --runs 15 --style basic --export-json "$work/encrypted.json" \
    "$jitp pki sign --force --ca-cert plain.pem --ca-key plain.key" \
    "$jitp pki sign --force --ca-cert enc.pem --ca-key enc.key --password-file pass"
medians "$work/encrypted.json"
