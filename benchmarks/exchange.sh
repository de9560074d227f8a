#!/usr/bin/env bash
# The device-credentials figures of BENCHMARKS.md (section 6), against a standalone emulator:
#   1. a new device's first call to credentials through JITP: 'bin/jitp credentials get' against the manual
#      approach (benchmarks/manual_client.py: plain Python requests, fixed 5 s retry), N devices each;
#   2. 'bin/jitp credentials get --format process' served from its cache (hyperfine), on JDK 17 with the
#      launcher's AppCDS archive, on JDK 25 with it, and on JDK 25 with an AOT cache (JEP 514), against the
#      Python client's start-to-result time for one call of an already provisioned device.
# Devices and the CA are made with openssl and registered with the Debian AWS CLI, as in the manual procedure.
# Needs openssl, hyperfine, /usr/bin/aws, python3 with requests and a built tree (./mvnw -B -q install -DskipTests).
# Usage: benchmarks/exchange.sh [DEVICES_PER_CLIENT] [PROVISIONING_DELAY]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jitp="$root/bin/jitp"
devices="${1:-10}"
delay="${2:-2s}"
jdk25="${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
work="$(mktemp -d)"
emulator_pid=""
cleanup() {
    if [ -n "$emulator_pid" ]; then kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

"$root/bin/jitp-emulator" --data-dir "$work/emulator" --provisioning-delay "$delay" >"$work/emulator.log" 2>&1 &
emulator_pid=$!
for _ in $(seq 1 100); do [ -s "$work/emulator/endpoints.json" ] && break; sleep 0.2; done
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$work/emulator/endpoints.json" "$1"; }
api="$(field apiEndpoint)"; credentials="$(field credentialsEndpoint)"; bundle="$(field trustBundle)"
export AWS_ACCESS_KEY_ID="$(field accessKeyId)" AWS_SECRET_ACCESS_KEY="$(field secretAccessKey)"
export AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
aws() { /usr/bin/aws --endpoint-url "$api" "$@"; }

echo "== set-up: openssl CA, registered with a JITP template; provisioning delay $delay"
openssl ecparam -name prime256v1 -genkey -noout -out rootCA.key
openssl req -x509 -new -nodes -key rootCA.key -sha256 -days 30 -out rootCA.pem -subj "/CN=Bench Root $$"
code="$(aws iot get-registration-code --query registrationCode --output text)"
openssl ecparam -name prime256v1 -genkey -noout -out verificationCert.key
openssl req -new -key verificationCert.key -out verificationCert.csr -subj "/CN=$code"
openssl x509 -req -in verificationCert.csr -CA rootCA.pem -CAkey rootCA.key -CAcreateserial \
    -out verificationCert.pem -days 30 -sha256 2>/dev/null
python3 - <<'PY' >registration.json
import json
policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:AssumeRoleWithCertificate",
          "Resource": "arn:aws:iot:us-east-1:123456789012:rolealias/*"}]}
template = {"Parameters": {"AWS::IoT::Certificate::CommonName": {"Type": "String"},
                           "AWS::IoT::Certificate::Id": {"Type": "String"}},
            "Resources": {"thing": {"Type": "AWS::IoT::Thing",
                                    "Properties": {"ThingName": {"Ref": "AWS::IoT::Certificate::CommonName"}}},
                          "certificate": {"Type": "AWS::IoT::Certificate",
                                          "Properties": {"CertificateId": {"Ref": "AWS::IoT::Certificate::Id"},
                                                         "Status": "ACTIVE"}},
                          "policy": {"Type": "AWS::IoT::Policy",
                                     "Properties": {"PolicyDocument": json.dumps(policy)}}}}
print(json.dumps({"templateBody": json.dumps(template),
                  "roleArn": "arn:aws:iam::123456789012:role/JitpProvisioning"}))
PY
aws iot register-ca-certificate --ca-certificate file://rootCA.pem --verification-cert file://verificationCert.pem \
    --set-as-active --allow-auto-registration --registration-config file://registration.json >/dev/null
aws iot create-role-alias --role-alias bench --role-arn arn:aws:iam::123456789012:role/DeviceRole >/dev/null

device() { # name → directory with the manual procedure's files and device.json
    mkdir -p "$1" && (cd "$1"
        openssl ecparam -name prime256v1 -genkey -noout -out deviceCert.key
        openssl req -new -key deviceCert.key -out deviceCert.csr -subj "/CN=$1"
        openssl x509 -req -in deviceCert.csr -CA ../rootCA.pem -CAkey ../rootCA.key -CAcreateserial \
            -out deviceCert.crt -days 30 -sha256 2>/dev/null
        cat deviceCert.crt ../rootCA.pem >deviceCertAndCACert.crt
        cp ../rootCA.pem rootCA.pem
        printf '{"version":1,"thingName":"%s","credentialsEndpoint":"%s","roleAlias":"bench","trustBundle":"%s"}\n' \
            "$1" "$credentials" "$bundle" >device.json)
}

echo "== 1. first call to credentials, $devices new devices per client"
for i in $(seq 1 "$devices"); do
    name="jitp-$i-$$"; device "$name"
    "$jitp" credentials get --dir "$name" --format json --no-cache | python3 -c '
import json, sys
d = json.load(sys.stdin); a = d["attempts"]
print("jitp   firstCallToCredentials %5d ms  calls %2d  first call took %4d ms  after the first answer %5d ms" % (
    d["tookMillis"], len(a), a[0]["tookMillis"], d["tookMillis"] - a[0]["tookMillis"]))'
done
for i in $(seq 1 "$devices"); do
    name="python-$i-$$"; device "$name"
    python3 "$root/benchmarks/manual_client.py" "$credentials" bench "$name" "$name/deviceCertAndCACert.crt" \
        "$name/deviceCert.key" "$bundle" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print("python firstCallToCredentials %5d ms  calls %2d" % (d["firstCallToCredentialsMillis"], d["calls"]))'
done

echo "== 2. served from the cache (bin/jitp) against one call of a provisioned device (Python)"
name="cached-$$"; device "$name"
"$jitp" credentials get --dir "$name" --cache-dir "$work/cache" >/dev/null
python3 "$root/benchmarks/manual_client.py" "$credentials" bench "$name" "$name/deviceCertAndCACert.crt" \
    "$name/deviceCert.key" "$bundle" >/dev/null
get=(credentials get --dir "$name" --cache-dir "$work/cache" --format process)
commands=("$jitp ${get[*]}")
if [ -x "$jdk25/bin/java" ]; then
    # JDK 25: the launcher's own dynamic AppCDS archive (made on the first run), and an AOT cache (JEP 514).
    "$jdk25/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:AOTCacheOutput="$work/jitp.aot" \
        -jar "$root/cli/target/quarkus-app/quarkus-run.jar" "${get[@]}" >/dev/null 2>"$work/aot.log" || true
    commands+=("env JAVA_HOME=$jdk25 $jitp ${get[*]}")
    if [ -s "$work/jitp.aot" ]; then
        # Run without the launcher: -XX:AOTCache cannot be combined with the launcher's -Xshare:auto.
        commands+=("$jdk25/bin/java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:AOTCache=$work/jitp.aot -jar $root/cli/target/quarkus-app/quarkus-run.jar ${get[*]}")
    fi
fi
commands+=("python3 $root/benchmarks/manual_client.py $credentials bench $name $name/deviceCertAndCACert.crt $name/deviceCert.key $bundle")
commands+=("python3 -c pass")
before="$(curl -s "$api/_emulator/counters" | python3 -c 'import json,sys; print(json.load(sys.stdin)["credentials"]["total"])')"
hyperfine -N --warmup 3 --runs 30 --style basic --export-json "$work/cache.json" "${commands[@]}"
after="$(curl -s "$api/_emulator/counters" | python3 -c 'import json,sys; print(json.load(sys.stdin)["credentials"]["total"])')"
python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("median %8.1f ms  min %8.1f ms  %s" % (r["median"] * 1000, r["min"] * 1000, r["command"][:110]))' "$work/cache.json"
echo "credentials endpoint calls during the hyperfine runs: $((after - before)) (the Python client's only)"
