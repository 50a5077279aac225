"""Scale-out: three `kassa serve` processes over one database behind Debian's nginx, a mixed
load through the balancer (orders, lead searches, renewals and follow-ups by clock advance,
JSON-RPC sessions opened on one server and used on the others), and one server killed with -9
in the middle and started again. Afterwards: every acknowledged order is there, every renewal
was charged once per period, every follow-up mail sent once, sessions valid everywhere.

The database is the one the suite runs on (SQLite: several processes share one WAL file;
PostgreSQL: KASSA_TEST_DB), so the same test proves the shared state of both backends.
"""
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import uuid

import pytest
import requests

from conftest import Server, Vendor, admin_headers, auth_header, free_port, new_vendor
from orders_util import catalog_order, seeded_vendor

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SERVERS = 3
MONTHS_DAYS = 95  # three monthly renewals (days ~30, ~61, ~92) and all five follow-ups


class Balancer:
    """nginx on loopback in front of the servers, round robin. POSTs are never retried on
    another server once sent (nginx's default for non-idempotent requests), so a client is
    told of an order only by the server that committed it."""

    def __init__(self, ports):
        self.dir = tempfile.mkdtemp(prefix="kassa-lb-")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        upstream = "\n".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=1s;"
                             for p in ports)
        conf = f"""
daemon off;
worker_processes 1;
pid {self.dir}/nginx.pid;
error_log {self.dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {self.dir}/body;
  proxy_temp_path {self.dir}/proxy;
  fastcgi_temp_path {self.dir}/fastcgi;
  uwsgi_temp_path {self.dir}/uwsgi;
  scgi_temp_path {self.dir}/scgi;
  upstream kassa {{
{upstream}
    keepalive 16;
  }}
  server {{
    listen 127.0.0.1:{self.port};
    location / {{
      proxy_pass http://kassa;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_next_upstream error timeout;
      proxy_read_timeout 600s;
    }}
  }}
}}
"""
        self.conf = os.path.join(self.dir, "nginx.conf")
        with open(self.conf, "w") as f:
            f.write(conf)
        self.proc = subprocess.Popen([NGINX, "-c", self.conf, "-p", self.dir],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                requests.get(self.base + "/healthz", timeout=1)
                return
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError("nginx did not start")

    def stop(self):
        self.proc.send_signal(signal.SIGQUIT)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


class Via:
    """A server-like object whose base is another address (the balancer, or one server)."""

    def __init__(self, base):
        self.base = base


def clock_offset(base):
    r = requests.get(base + "/control/clock/", headers=admin_headers(), timeout=30)
    assert r.status_code == 200, r.text
    return r.json()["OffsetSeconds"]


@pytest.fixture
def farm():
    if not os.path.exists(NGINX):
        pytest.fail("nginx is not installed (scripts/deps.sh test installs it)")
    first = Server(extra_args=["--job-lease", "2"])
    servers = [first] + [Server(extra_args=["--job-lease", "2"]) for _ in range(SERVERS - 1)]
    for s in servers[1:]:
        s.share_database(first)
    for s in servers:
        s.start()
    lb = Balancer([s.port for s in servers])
    yield servers, lb
    lb.stop()
    for s in servers:
        s.stop(check=False)


def test_three_servers_behind_nginx_survive_a_kill_9(farm):
    servers, lb = farm
    via = Via(lb.base)
    v = seeded_vendor(servers[0])
    shop = Vendor(via, v.code, v.secret)  # every call of the load goes through nginx

    # Monthly subscriptions and leads with follow-ups, before the clock moves.
    subs = []
    for _ in range(6):
        r = shop.rest("POST", "/orders/", catalog_order(
            items=[{"Code": "CLOUD-BASIC", "Quantity": 1, "PriceOptions": ["USERS=2"]}]))
        assert r.status_code == 201, r.text
        subs.append(r.json()["Items"][0]["ProductDetails"]["Subscriptions"][0]
                    ["SubscriptionReference"])
    leads = []
    for i in range(6):
        r = shop.rest("POST", "/leads/", {
            "Currency": "EUR", "Language": "en", "Items": [{"Code": "USB-KEY", "Quantity": 1}],
            "BillingDetails": {"FirstName": "Ann", "LastName": f"Lee{i}",
                               "Email": f"ann{i}@example.com", "CountryCode": "DE"}})
        assert r.status_code == 201, r.text
        leads.append(r.json()["LeadCode"])

    # A JSON-RPC session opened on one server is valid on every other.
    sid = Vendor(servers[0], v.code, v.secret).login()
    for s in servers[1:]:
        out = Vendor(s, v.code, v.secret).rpc("getLead", leads[0], session=sid)
        assert out.get("result", {}).get("LeadCode") == leads[0], out

    start = clock_offset(lb.base)
    target = start + MONTHS_DAYS * 86400
    acked, errors, stop = [], [], threading.Event()
    lock = threading.Lock()

    def orders():
        http = Vendor(via, v.code, v.secret)
        while not stop.is_set():
            ext = "SO-" + uuid.uuid4().hex[:12]
            try:
                r = http.rest("POST", "/orders/", catalog_order(ExternalReference=ext))
            except requests.RequestException:
                continue  # the server died under it: not acknowledged
            if r.status_code == 201:
                with lock:
                    acked.append((r.json()["RefNo"], ext))
            elif r.status_code not in (502, 503, 504):
                errors.append(("order", r.status_code, r.text[:300]))

    def searches():
        http = Vendor(via, v.code, v.secret)
        while not stop.is_set():
            try:
                r = http.rest("GET", "/leads/", params={"Limit": 5})
            except requests.RequestException:
                continue
            if r.status_code == 200:
                if r.json()["Pagination"]["Count"] < len(leads):
                    errors.append(("search", r.json()["Pagination"]))
            elif r.status_code not in (502, 503, 504):
                errors.append(("search", r.status_code, r.text[:300]))

    def clock():
        """Moves the shared clock to target a day at a time; a step whose server died
        under it is finished from the stored offset, so the clock ends exactly at target."""
        step = 86400
        goal = start
        while goal < target:
            goal = min(goal + step, target)
            while True:
                try:
                    now = clock_offset(lb.base)
                    if now >= goal:
                        break
                    requests.post(lb.base + "/control/clock/advance/", headers=admin_headers(),
                                  json={"Seconds": goal - now}, timeout=600)
                except requests.RequestException:
                    pass

    workers = [threading.Thread(target=orders) for _ in range(3)]
    workers.append(threading.Thread(target=searches))
    ticker = threading.Thread(target=clock)
    for t in workers:
        t.start()
    ticker.start()

    # kill -9 the second server once orders flow, then start it again on the same port
    deadline = time.time() + 120
    while len(acked) < 20 and time.time() < deadline:
        time.sleep(0.05)
    assert len(acked) >= 20, f"no order load through the balancer: {errors[:3]}"
    servers[1].kill()
    killed_at = len(acked)
    while len(acked) < killed_at + 20 and time.time() < deadline:
        time.sleep(0.05)
    servers[1].start()
    ticker.join(timeout=600)
    assert not ticker.is_alive(), "the clock never reached its target"
    while len(acked) < killed_at + 40 and time.time() < deadline:
        time.sleep(0.05)
    stop.set()
    for t in workers:
        t.join()
    assert not errors, errors[:5]
    assert len(acked) >= killed_at + 40, "the load did not go on after the kill"
    assert clock_offset(lb.base) == target

    # Run whatever is still due (jobs a killed claimer held are taken over when their lease
    # ends): one second more, on a server that stayed up.
    r = requests.post(servers[2].base + "/control/clock/advance/", headers=admin_headers(),
                      json={"Seconds": 1}, timeout=600)
    assert r.status_code == 200, r.text

    # No acknowledged order lost: each is there, on every server.
    for i, (ref, ext) in enumerate(acked):
        s = servers[i % SERVERS]
        r = Vendor(s, v.code, v.secret).rest("GET", f"/orders/{ref}/")
        assert r.status_code == 200, (ref, r.text)
        assert r.json()["ExternalReference"] == ext
    # Each order once: the count is what was acknowledged (an unacknowledged order may exist
    # when its server died after the commit and before the answer).
    r = shop.rest("GET", "/orders/", params={"Limit": 1})
    count = r.json()["Pagination"]["Count"]
    renewals = 3 * len(subs)
    assert len(acked) + len(subs) + renewals <= count <= \
        len(acked) + len(subs) + renewals + 3 * SERVERS, count

    # Every subscription renewed once per month: three renewals on three dates.
    for ref in subs:
        hist = shop.rest("GET", f"/subscriptions/{ref}/history/").json()
        got = [h for h in hist if h["Type"] == "RENEWAL"]
        assert len(got) == 3, hist
        assert len({h["PurchaseDate"][:10] for h in got}) == 3, got

    # Every follow-up mail sent once: five per lead.
    for i, code in enumerate(leads):
        r = requests.get(lb.base + "/control/mailbox/", headers=admin_headers(),
                         params={"Vendor": v.code, "To": f"ann{i}@example.com", "Limit": 50},
                         timeout=30)
        assert r.status_code == 200, r.text
        assert r.json()["Pagination"]["Count"] == 5, r.json()

    # The session opened before it all has expired with the sandbox clock, on every server
    # alike; one opened now on the restarted server is valid on every server.
    for s in servers:
        out = Vendor(s, v.code, v.secret).rpc("getLead", leads[1], session=sid)
        assert out["error"]["data"]["error_code"] == "INVALID_SESSION", out
    sid = Vendor(servers[1], v.code, v.secret).login()
    for s in servers:
        out = Vendor(s, v.code, v.secret).rpc("getLead", leads[1], session=sid)
        assert out.get("result", {}).get("LeadCode") == leads[1], out
