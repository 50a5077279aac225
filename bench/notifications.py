#!/usr/bin/env python3
"""bench/notifications.py BIN — what webhooks cost the API. Starts BIN (2 job workers, a 3 s
delivery timeout) with listeners in this process, and prints: placeOrder's median and max time
without a listener and with two IPN listeners (six notices written in each order's commit); how
long the workers take to deliver those 120 IPNs with valid read receipts; and placeOrder's time
while both workers hang on listeners that never answer, answer without end or redirect in a
loop. Nothing is asserted (tests/e2e/test_notifications.py asserts the behaviour)."""
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "e2e"))
if len(sys.argv) > 1:
    os.environ["KASSA_BIN"] = os.path.abspath(sys.argv[1])
from conftest import Server, new_vendor  # noqa: E402
from orders_util import dynamic_order, place_ok  # noqa: E402
from notify_util import Listener, set_urls, wait_notices  # noqa: E402
s = Server(["--notify-timeout", "3", "--workers", "2"]).start()
try:
    plain = new_vendor(s)
    t = []
    for _ in range(20):
        t0 = time.monotonic(); place_ok(plain, dynamic_order()); t.append(time.monotonic() - t0)
    print("placeOrder, no listener: median %.1f ms, max %.1f ms" % (statistics.median(t)*1e3, max(t)*1e3))
    v = new_vendor(s); L = Listener(v.secret)
    set_urls(v, IpnUrls=[L.url("/a"), L.url("/b")])
    t = []
    for _ in range(20):
        t0 = time.monotonic(); place_ok(v, dynamic_order()); t.append(time.monotonic() - t0)
    print("placeOrder, 2 IPN listeners (6 notices per order): median %.1f ms, max %.1f ms" % (statistics.median(t)*1e3, max(t)*1e3))
    t0 = time.monotonic()
    wait_notices(v, lambda it: len(it) == 120 and all(i["State"] == "DELIVERED" for i in it), timeout=120)
    print("120 IPNs delivered with valid receipts in %.2f s after the last order (2 workers)" % (time.monotonic() - t0))
    bad = new_vendor(s); B = Listener(bad.secret)
    for m in ("hang", "huge", "redirect"): B.mode["/" + m] = m
    set_urls(bad, IpnUrls=[B.url("/hang"), B.url("/huge"), B.url("/redirect")])
    for _ in range(5): place_ok(bad, dynamic_order())
    B.wait_for(lambda r: any(p == "/hang" for p, _ in r))
    t = []
    for _ in range(20):
        t0 = time.monotonic(); place_ok(plain, dynamic_order()); t.append(time.monotonic() - t0)
    print("placeOrder while both workers hang on a listener: median %.1f ms, max %.1f ms" % (statistics.median(t)*1e3, max(t)*1e3))
    B.release.set(); L.close(); B.close()
finally:
    s.stop()
