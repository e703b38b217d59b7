"""Verifies one webhook as a Python backend can, with the standard library only (hmac, hashlib, base64).

Input on stdin: {"secret": "whsec_…", "headers": {"webhook-id": …, "webhook-timestamp": …, "webhook-signature": …}, "body": "…"}.
Prints "verified <type> <webhook-id>" and exits 0, or "refused: <reason>" and exits 1. docs/webhooks.md shows verify().
"""
import base64
import hashlib
import hmac
import json
import sys
import time

TOLERANCE_SECONDS = 5 * 60


def verify(secret: str, headers: dict, body: bytes) -> dict:
    headers = {name.lower(): value for name, value in headers.items()}
    webhook_id = headers["webhook-id"]
    timestamp = headers["webhook-timestamp"]
    if abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
        raise ValueError("timestamp outside the tolerance")
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = webhook_id.encode() + b"." + timestamp.encode() + b"." + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    for entry in headers["webhook-signature"].split(" "):
        version, _, signature = entry.partition(",")
        if version == "v1" and hmac.compare_digest(signature, expected):
            return json.loads(body)
    raise ValueError("no matching signature")


if __name__ == "__main__":
    received = json.load(sys.stdin)
    try:
        payload = verify(received["secret"], received["headers"], received["body"].encode())
    except (ValueError, KeyError) as error:
        print(f"refused: {error}")
        sys.exit(1)
    print(f"verified {payload['type']} {received['headers']['webhook-id']}")
