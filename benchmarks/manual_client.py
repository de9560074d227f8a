#!/usr/bin/env python3
"""The manual approach to a JITP device's first credentials: a plain `requests` client that calls the
credentials endpoint with the device chain and key, and on any failure waits a fixed 5 s and tries again.

Usage: manual_client.py ENDPOINT ALIAS THING CHAIN KEY CA_BUNDLE
Prints one JSON line: the time from the first call to credentials, the number of calls and the process time
from interpreter start to the result.
"""
import json
import sys
import time

START = time.monotonic()

import requests  # noqa: E402  (imported after START on purpose: its import is part of start-to-result)


def main():
    endpoint, alias, thing, chain, key, bundle = sys.argv[1:7]
    url = "https://%s/role-aliases/%s/credentials" % (endpoint, alias)
    first = time.monotonic()
    calls = 0
    while True:
        calls += 1
        try:
            answer = requests.get(url, cert=(chain, key), verify=bundle,
                                  headers={"x-amzn-iot-thingname": thing}, timeout=10)
            if answer.status_code == 200:
                answer.json()["credentials"]["accessKeyId"]
                break
        except requests.exceptions.RequestException:
            pass
        time.sleep(5)
    done = time.monotonic()
    print(json.dumps({"firstCallToCredentialsMillis": round((done - first) * 1000),
                      "calls": calls, "startToResultMillis": round((done - START) * 1000)}))


if __name__ == "__main__":
    main()
