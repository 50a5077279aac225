"""The kassa command line: vendor and clock administration on a database, and `kassa serve`'s
life cycle (start, refuse a busy port, stop cleanly on SIGTERM/SIGINT while finishing the
requests in flight)."""
import datetime
import json
import os
import re
import signal
import socket
import subprocess
import time

import pytest
import requests

from conftest import (KASSA_BIN, Server, admin_headers, auth_header, free_port, new_vendor,
                      read_response)


def kassa(*args, env=None):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([KASSA_BIN, *args], capture_output=True, text=True, timeout=60,
                          env=e)


@pytest.fixture
def db(tmp_path):
    return f"sqlite:{tmp_path / 'cli.db'}"


def add(db, code, *extra):
    return kassa("vendor", "add", "--db", db, "--code", code, *extra)


def field(out, name):
    m = re.search(rf"^{name}:\s*(\S+)\s*$", out, re.M)
    assert m, out
    return m.group(1)


# --- vendor ---------------------------------------------------------------------------------

def test_vendor_add_generates_a_secret(db):
    r = add(db, "ACME")
    assert r.returncode == 0, r.stderr
    assert field(r.stdout, "merchant code") == "ACME"
    secret = field(r.stdout, "secret key")
    assert len(secret) >= 32, secret
    assert field(r.stdout, "model") == "MOR"
    r2 = add(db, "ACME2")
    assert r2.returncode == 0, r2.stderr
    assert field(r2.stdout, "secret key") != secret


def test_vendor_add_with_secret(db):
    r = add(db, "GIVEN", "--secret", "my-own-secret-1")
    assert r.returncode == 0, r.stderr
    assert field(r.stdout, "secret key") == "my-own-secret-1"
    show = kassa("vendor", "show", "--db", db, "--code", "GIVEN", "--reveal-secret")
    assert show.returncode == 0, show.stderr
    assert json.loads(show.stdout)["Secret"] == "my-own-secret-1"


@pytest.mark.parametrize("model,shown", [("psp", "PSP"), ("PSP", "PSP"), ("mor", "MOR")])
def test_vendor_add_model(db, model, shown):
    r = add(db, "M1", "--model", model)
    assert r.returncode == 0, r.stderr
    assert field(r.stdout, "model") == shown
    show = json.loads(kassa("vendor", "show", "--db", db, "--code", "M1").stdout)
    assert show["Model"] == shown


def test_vendor_add_refusals(db):
    assert add(db, "DUP").returncode == 0
    dup = add(db, "DUP", "--secret", "another-secret-9")
    assert dup.returncode != 0
    assert "exists" in dup.stderr.lower(), dup.stderr
    # the first vendor is untouched
    assert kassa("vendor", "list", "--db", db).stdout.count("DUP\t") == 1
    for extra in (["--model", "retail"], ["--secret", ""], ["--secret", "s" * 257]):
        r = add(db, "OTHER", *extra)
        assert r.returncode != 0, (extra, r.stdout)
        assert r.stderr.strip(), extra
    for bad in ("has space", "", "x" * 65, "semi;colon"):
        r = add(db, bad)
        assert r.returncode != 0, (bad, r.stdout)
    r = kassa("vendor", "add", "--db", db)
    assert r.returncode == 2, r.stderr
    assert "OTHER" not in kassa("vendor", "list", "--db", db).stdout


def test_vendor_list(db):
    empty = kassa("vendor", "list", "--db", db)
    assert empty.returncode == 0, empty.stderr
    assert empty.stdout.strip() == ""
    add(db, "LIST1")
    add(db, "LIST2", "--model", "psp")
    r = kassa("vendor", "list", "--db", db)
    assert r.returncode == 0, r.stderr
    rows = [line.split("\t") for line in r.stdout.strip().splitlines()]
    assert ["LIST1", "MOR"] in rows and ["LIST2", "PSP"] in rows, rows
    assert len(rows) == 2


def test_vendor_show_masks_the_secret(db):
    secret = field(add(db, "SHOWME", "--secret", "Sup3r-Secret-Value").stdout, "secret key")
    r = kassa("vendor", "show", "--db", db, "--code", "SHOWME")
    assert r.returncode == 0, r.stderr
    v = json.loads(r.stdout)
    assert v["Code"] == "SHOWME" and v["Model"] == "MOR"
    assert secret not in r.stdout
    assert v["Secret"] != secret and "*" in v["Secret"]
    assert len(v["Secret"].rstrip("*")) <= 4
    assert re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", v["CreatedAt"]), v
    revealed = json.loads(kassa("vendor", "show", "--db", db, "--code", "SHOWME",
                                "--reveal-secret").stdout)
    assert revealed["Secret"] == secret


def test_vendor_add_with_a_short_secret_warns(db):
    # an SDK suite's fixtures use a short key: a sandbox takes any non-empty secret given
    r = add(db, "SHORTKEY", "--secret", "bar")
    assert r.returncode == 0, r.stderr
    assert field(r.stdout, "secret key") == "bar"
    assert "weak" in r.stderr.lower(), r.stderr
    assert "bar" not in r.stderr  # the warning never shows the secret
    show = kassa("vendor", "show", "--db", db, "--code", "SHORTKEY")
    assert show.returncode == 0, show.stderr
    assert "bar" not in json.loads(show.stdout)["Secret"]
    # a generated secret stays strong and warns of nothing
    r = add(db, "GENKEY")
    assert len(field(r.stdout, "secret key")) >= 32 and "weak" not in r.stderr.lower()


def test_vendor_show_lists_the_tax_categories(db):
    add(db, "TAXES")
    v = json.loads(kassa("vendor", "show", "--db", db, "--code", "TAXES").stdout)
    cats = v["TaxCategories"]
    assert len(cats) == 6, cats
    assert [c["Default"] for c in cats].count(True) == 1 and cats[0]["Default"] is True
    for c in cats:
        assert re.match(r"^[0-9a-f-]{36}$", c["UUID"]), c
        assert c["Code"] and c["Name"]


def test_vendor_show_unknown(db):
    add(db, "KNOWN")
    r = kassa("vendor", "show", "--db", db, "--code", "UNKNOWN")
    assert r.returncode != 0
    assert r.stderr.strip()
    assert kassa("vendor", "show", "--db", db).returncode == 2


def test_vendor_unknown_subcommand(db):
    r = kassa("vendor", "remove", "--db", db, "--code", "X")
    assert r.returncode == 2
    assert "usage" in r.stderr


def test_vendor_needs_a_database(tmp_path):
    env = {"KASSA_DB": ""}
    r = subprocess.run([KASSA_BIN, "vendor", "list"], capture_output=True, text=True,
                       timeout=60, env={k: v for k, v in os.environ.items() if k != "KASSA_DB"})
    assert r.returncode != 0
    assert "--db" in r.stderr
    # KASSA_DB stands for --db
    env = {"KASSA_DB": f"sqlite:{tmp_path / 'env.db'}"}
    assert kassa("vendor", "add", "--code", "ENVV", env=env).returncode == 0
    assert "ENVV" in kassa("vendor", "list", env=env).stdout


def test_bad_database_url(tmp_path):
    for url in ("mysql://x", "sqlite:" + str(tmp_path / "no" / "such" / "dir" / "x.db")):
        r = kassa("vendor", "list", "--db", url)
        assert r.returncode != 0, url
        assert r.stderr.strip(), url


# --- clock ----------------------------------------------------------------------------------

def offset_of(out):
    return int(re.search(r"offset:\s*(-?\d+) seconds", out).group(1))


def now_of(out):
    s = re.search(r"now \(UTC\):\s*(\S+ \S+)", out).group(1)
    return datetime.datetime.strptime(s, "%Y-%m-%d %H:%M:%S")


def test_clock_show_and_advance(db):
    r = kassa("clock", "show", "--db", db)
    assert r.returncode == 0, r.stderr
    assert offset_of(r.stdout) == 0
    real = datetime.datetime.utcnow()
    assert abs((now_of(r.stdout) - real).total_seconds()) < 300

    r = kassa("clock", "advance", "--db", db, "--days", "1")
    assert r.returncode == 0, r.stderr
    assert offset_of(r.stdout) == 86400
    r = kassa("clock", "show", "--db", db)
    assert offset_of(r.stdout) == 86400
    delta = (now_of(r.stdout) - datetime.datetime.utcnow()).total_seconds()
    assert abs(delta - 86400) < 300, delta

    r = kassa("clock", "advance", "--db", db, "--hours", "2", "--minutes", "3", "--seconds", "4")
    assert r.returncode == 0, r.stderr
    assert offset_of(r.stdout) == 86400 + 7384


def test_clock_refusals(db):
    assert kassa("clock", "advance", "--db", db, "--days", "-1").returncode == 2
    assert kassa("clock", "advance", "--db", db, "--days", "abc").returncode == 2
    assert kassa("clock", "advance", "--db", db, "--days", "40000").returncode != 0
    assert kassa("clock", "rewind", "--db", db).returncode == 2
    assert offset_of(kassa("clock", "show", "--db", db).stdout) == 0


def test_clock_cli_moves_a_running_server():
    """The server keeps no clock of its own: the CLI moves the one in the shared database."""
    s = Server().start()
    try:
        v = new_vendor(s)
        sid = v.login()
        r = s.cli("clock", "advance", "--minutes", "11")
        assert r.returncode == 0, r.stderr
        c = requests.get(s.base + "/control/clock/", headers=admin_headers(), timeout=30)
        assert c.json()["OffsetSeconds"] == 660, c.text
        body = v.rpc("searchLeads", {}, session=sid)
        assert body["error"]["data"]["error_code"] == "INVALID_SESSION", body
        # and a vendor added from the CLI is known to the running server at once
        r = s.cli("vendor", "add", "--code", "LIVE1", "--secret", "live-secret-12")
        assert r.returncode == 0, r.stderr
        g = requests.get(s.base + "/rest/6.0/leads/", timeout=30, headers={
            "X-Avangate-Authentication": auth_header("LIVE1", "live-secret-12")})
        assert g.status_code == 200, g.text
    finally:
        s.stop()


# --- misc commands --------------------------------------------------------------------------

def test_version_and_help():
    r = kassa("version")
    assert r.returncode == 0 and re.match(r"^kassa \d+\.\d+\.\d+$", r.stdout.strip())
    r = kassa("--help")
    assert r.returncode == 0 and "kassa serve" in r.stdout
    r = kassa("frobnicate")
    assert r.returncode == 2 and "usage" in r.stderr
    r = subprocess.run([KASSA_BIN], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "usage" in r.stderr


def test_migrate(db):
    for _ in range(2):
        r = kassa("migrate", "--db", db)
        assert r.returncode == 0, r.stderr
        assert "up to date" in r.stdout
    assert kassa("vendor", "list", "--db", db).returncode == 0


def test_unknown_option(db):
    r = kassa("vendor", "list", "--db", db, "--colour")
    assert r.returncode == 2
    assert "--colour" in r.stderr
    r = kassa("vendor", "add", "--db", db, "--code")
    assert r.returncode == 2


# --- serve ----------------------------------------------------------------------------------

def serve(tmp_path, *args):
    """Runs a `kassa serve` that is expected to refuse to start."""
    try:
        return subprocess.run([KASSA_BIN, "serve", "--db", f"sqlite:{tmp_path / 's.db'}", *args],
                              capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail(f"kassa serve {' '.join(args)} started instead of refusing")


@pytest.mark.parametrize("args", [
    ["--listen", "nonsense"], ["--listen", "127.0.0.1:99999"], ["--listen", "127.0.0.1:"],
    ["--threads", "1000"], ["--admin-token", "short"],
    ["--timeout", "soon"], ["--threads", "0"], ["--timeout", "0"], ["--max-body", "0"],
    ["--auth-window", "0"],
])
def test_serve_refuses_bad_options(tmp_path, args):
    r = serve(tmp_path, "--listen", f"127.0.0.1:{free_port()}", *args)
    assert r.returncode == 2, (args, r.stderr)
    assert r.stderr.strip()


def test_serve_refuses_unusable_address(tmp_path):
    r = serve(tmp_path, "--listen", "not-an-ip:8080")
    assert r.returncode != 0 and r.stderr.strip()


def test_serve_refuses_a_port_in_use(tmp_path):
    """A second server on a busy port fails at once instead of silently sharing it."""
    s = Server().start()
    try:
        r = serve(tmp_path, "--listen", f"127.0.0.1:{s.port}")
        assert r.returncode == 1, r.stderr
        assert "listen" in r.stderr.lower(), r.stderr
        # every request still reaches the first server
        v = new_vendor(s)
        for _ in range(20):
            assert v.rest("GET", "/leads/").status_code == 200
    finally:
        s.stop()


def test_serve_stops_on_sigterm():
    s = Server().start()
    v = new_vendor(s)
    assert v.rest("GET", "/leads/").status_code == 200
    t0 = time.monotonic()
    s.stop(signal.SIGTERM)  # asserts exit status 0 (the sanitizer build fails on leaks)
    assert time.monotonic() - t0 < 20
    log = s.read_log()
    assert "SIGTERM received" in log and "stopped" in log, log[-2000:]
    with pytest.raises(requests.ConnectionError):
        requests.get(s.base + "/healthz", timeout=5)


def test_serve_stops_on_sigint():
    s = Server().start()
    v = new_vendor(s)
    assert v.rest("GET", "/leads/").status_code == 200
    rc = s.stop(signal.SIGINT)
    assert rc == 0, s.read_log()[-4000:]
    assert "SIGINT received" in s.read_log()


def test_serve_restarts_on_the_same_port():
    """The data survives a restart, and the port can be taken again at once."""
    s = Server().start()
    v = new_vendor(s)
    r = v.rest("POST", "/leads/", {"Currency": "EUR", "Items": [{"Code": "P", "Quantity": 1}],
                                   "BillingDetails": {"FirstName": "A", "LastName": "B",
                                                      "Email": "a@b.example",
                                                      "CountryCode": "DE"}})
    assert r.status_code == 201, r.text
    code = r.json()["LeadCode"]
    s.stop()
    s.start()
    try:
        g = v.rest("GET", f"/leads/{code}")
        assert g.status_code == 200, g.text
        assert g.json()["Currency"] == "EUR"
    finally:
        s.stop()


def test_request_in_flight_finishes_on_sigterm():
    """A request that has started when SIGTERM arrives still gets its answer; then the server
    exits cleanly. `Expect: 100-continue` tells us exactly when the server has taken the
    request: from then on it is in flight."""
    s = Server().start()
    try:
        v = new_vendor(s)
        body = json.dumps({"Currency": "USD", "Items": [{"Code": "P1", "Quantity": 2}],
                           "BillingDetails": {"FirstName": "In", "LastName": "Flight",
                                              "Email": "in@flight.example",
                                              "CountryCode": "US"}}).encode()
        c = socket.create_connection(("127.0.0.1", s.port), timeout=60)
        # a first request on the keep-alive connection
        c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert read_response(c)[0] == 200
        # the second one: headers, then the body only after SIGTERM
        c.sendall(("POST /rest/6.0/leads/ HTTP/1.1\r\nHost: x\r\n"
                   f"X-Avangate-Authentication: {auth_header(v.code, v.secret)}\r\n"
                   "Content-Type: application/json\r\nExpect: 100-continue\r\n"
                   f"Content-Length: {len(body)}\r\n\r\n").encode())
        c.settimeout(60)
        cont = c.recv(4096)
        assert cont.startswith(b"HTTP/1.1 100"), cont
        s.proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 30
        while "SIGTERM received" not in s.read_log() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert s.proc.poll() is None, "exited with a request in flight"
        # new connections are soon no longer accepted
        deadline = time.monotonic() + 20
        while True:
            try:
                requests.get(s.base + "/healthz", timeout=5)
            except requests.ConnectionError:
                break
            assert time.monotonic() < deadline, "still accepting connections"
            time.sleep(0.05)
        assert s.proc.poll() is None, "exited with a request in flight"
        c.sendall(body)
        status, out = read_response(c)
        c.close()
        assert status == 201, out
        code = json.loads(out)["LeadCode"]
        assert s.proc.wait(timeout=60) == 0, s.read_log()[-4000:]
        s.log.close()
        # the lead answered during the shutdown was committed: it is there after a restart
        s.start()
        g = v.rest("GET", f"/leads/{code}")
        assert g.status_code == 200, g.text
        assert g.json()["BillingDetails"]["LastName"] == "Flight"
    finally:
        s.stop()


def test_request_sent_just_before_sigterm_is_answered():
    """The simple form of the above: a request on a keep-alive connection, SIGTERM right
    after it is sent; the answer arrives whole and the exit status is 0."""
    s = Server().start()
    try:
        v = new_vendor(s)
        c = socket.create_connection(("127.0.0.1", s.port), timeout=60)
        c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert read_response(c)[0] == 200
        c.sendall(("GET /rest/6.0/leads/ HTTP/1.1\r\nHost: x\r\n"
                   f"X-Avangate-Authentication: {auth_header(v.code, v.secret)}\r\n\r\n")
                  .encode())
        s.proc.send_signal(signal.SIGTERM)
        status, body = read_response(c)
        assert status == 200, body
        assert json.loads(body)["Pagination"]["Page"] == 1
        c.close()
        assert s.proc.wait(timeout=60) == 0, s.read_log()[-4000:]
    finally:
        s.stop()


def test_idle_keep_alive_connections_do_not_delay_the_stop():
    s = Server().start()
    try:
        sessions = [requests.Session() for _ in range(5)]
        for sess in sessions:
            assert sess.get(s.base + "/healthz", timeout=30).status_code == 200
        # a client that opened a connection and sent nothing
        idle = socket.create_connection(("127.0.0.1", s.port), timeout=60)
        t0 = time.monotonic()
        s.proc.send_signal(signal.SIGTERM)
        assert s.proc.wait(timeout=60) == 0, s.read_log()[-4000:]
        assert time.monotonic() - t0 < 10, "idle connections held the shutdown"
        idle.close()
    finally:
        s.stop()
