#!/usr/bin/env python3
"""bench/latency.py — sequential latency of signed REST requests over one keep-alive connection.

    latency.py BASE_URL CODE SECRET NAME < paths

Reads one path (with its query) per line, sends each as GET with a valid
X-Avangate-Authentication header, checks the answer is 200 (and, for searches, that it found
something), and prints "NAME n p50 p90 p99 max mean matches" with times in milliseconds.
Standard library only, so that it runs with Debian's python3.
"""
import hashlib
import hmac
import http.client
import json
import sys
import time
import urllib.parse


def header(code, secret):
    date = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
    msg = f"{len(code)}{code}{len(date)}{date}".encode()
    h = hmac.new(secret.encode(), msg, hashlib.sha256).hexdigest()
    return f'code="{code}" date="{date}" hash="{h}" algo="sha256"'


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main():
    base, code, secret, name = sys.argv[1:5]
    u = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    auth = header(code, secret)
    signed_at = time.time()
    times, matches = [], []
    for line in sys.stdin:
        path = line.strip()
        if not path:
            continue
        if time.time() - signed_at > 300:  # stay well inside the 10-minute window
            auth, signed_at = header(code, secret), time.time()
        t0 = time.perf_counter()
        conn.request("GET", path, headers={"X-Avangate-Authentication": auth})
        r = conn.getresponse()
        body = r.read()
        times.append((time.perf_counter() - t0) * 1000)
        if r.status != 200:
            sys.exit(f"{name}: {path} -> {r.status} {body[:300]!r}")
        doc = json.loads(body)
        if isinstance(doc, dict) and "Pagination" in doc:
            matches.append(doc["Pagination"]["Count"])
            if not doc["Items"]:
                sys.exit(f"{name}: {path} found nothing; the generated data do not match")
    m = f"{min(matches)}-{max(matches)}" if matches else "-"
    print(f"{name:<30} {len(times):5d} {pct(times, 50):8.2f} {pct(times, 90):8.2f} "
          f"{pct(times, 99):8.2f} {max(times):8.2f} {sum(times) / len(times):8.2f}  {m}")


if __name__ == "__main__":
    main()
