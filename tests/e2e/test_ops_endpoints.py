"""Operational endpoints (/healthz, /metrics, the OpenAPI document, the control API) and the
hygiene of the request log: no secret, hash, session id or card number ever reaches it."""
import glob
import json
import re
import time

import pytest
import requests

from conftest import (ADMIN_TOKEN, Server, Vendor, admin_headers, auth_header,
                      login_params, metric_value, soap_call, soap_login)

CARD = "4111111111111111"
CCID = "987"


def lead_with_card():
    return {"Currency": "USD", "Language": "en",
            "Items": [{"Code": "PROD1", "Quantity": 1}],
            "BillingDetails": {"FirstName": "Ada", "LastName": "Lovelace",
                               "Email": "ada@example.com", "CountryCode": "GB"},
            "PaymentDetails": {"Type": "TEST", "Currency": "USD",
                               "PaymentMethod": {"CardNumber": CARD, "CardType": "VISA",
                                                 "ExpirationYear": "2030",
                                                 "ExpirationMonth": "12", "CCID": CCID,
                                                 "HolderName": "Ada Lovelace"}}}


# --- /healthz -------------------------------------------------------------------------------

def test_healthz(server):
    r = requests.get(server.base + "/healthz", timeout=30)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/json")
    assert r.json() == {"status": "ok"}


def test_root_page(server):
    r = requests.get(server.base + "/", timeout=30)
    assert r.status_code == 200
    assert "/rest/6.0/" in r.text and "/soap/6.0/" in r.text


# --- /metrics -------------------------------------------------------------------------------

def metrics(server):
    r = requests.get(server.base + "/metrics", timeout=30)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/plain")
    return r.text


SAMPLE = re.compile(r'^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="[^"]*"'
                    r'(,[a-zA-Z_][a-zA-Z0-9_]*="[^"]*")*\})? [0-9.eE+-]+$')


def test_metrics_is_prometheus_text(server, vendor):
    vendor.rest("GET", "/leads/")
    text = metrics(server)
    assert "# TYPE kassa_requests_total counter" in text
    assert "# TYPE kassa_request_duration_seconds histogram" in text
    for line in text.splitlines():
        if line and not line.startswith("#"):
            assert SAMPLE.match(line), line


def wait_metric(server, name, at_least, **labels):
    """Counters are updated when a request completes, just after its answer is sent."""
    deadline = time.monotonic() + 10
    while True:
        v = metric_value(metrics(server), name, **labels)
        if v >= at_least or time.monotonic() > deadline:
            return v
        time.sleep(0.05)


def test_request_counters_grow(server, vendor):
    before = metrics(server)
    ok0 = metric_value(before, "kassa_requests_total", operation="searchLeads", status="200")
    unauth0 = metric_value(before, "kassa_requests_total", operation="searchLeads",
                           status="401")
    nf0 = metric_value(before, "kassa_requests_total", operation="getLead", status="404")
    login0 = metric_value(before, "kassa_requests_total", operation="login", status="200")
    for _ in range(3):
        assert vendor.rest("GET", "/leads/").status_code == 200
    assert requests.get(server.base + "/rest/6.0/leads/", timeout=30).status_code == 401
    assert vendor.rest("GET", "/leads/NOPE").status_code == 404
    vendor.login()
    assert wait_metric(server, "kassa_requests_total", ok0 + 3, operation="searchLeads",
                       status="200") >= ok0 + 3
    assert wait_metric(server, "kassa_requests_total", unauth0 + 1, operation="searchLeads",
                       status="401") >= unauth0 + 1
    assert wait_metric(server, "kassa_requests_total", nf0 + 1, operation="getLead",
                       status="404") >= nf0 + 1
    assert wait_metric(server, "kassa_requests_total", login0 + 1, operation="login",
                       status="200") >= login0 + 1


def test_non_api_requests_counted_as_other(server):
    before = metric_value(metrics(server), "kassa_requests_total", operation="other",
                          status="404")
    requests.get(server.base + "/nosuch", timeout=30)
    assert wait_metric(server, "kassa_requests_total", before + 1, operation="other",
                       status="404") >= before + 1


def test_duration_histogram(server, vendor):
    vendor.rest("GET", "/leads/")
    text = metrics(server)
    buckets = []
    for line in text.splitlines():
        m = re.match(r'^kassa_request_duration_seconds_bucket\{le="([^"]+)"\} (\d+)$', line)
        if m:
            le = float("inf") if m.group(1) == "+Inf" else float(m.group(1))
            buckets.append((le, int(m.group(2))))
    assert len(buckets) >= 5, text
    les = [b[0] for b in buckets]
    assert les == sorted(les) and les[-1] == float("inf")
    counts = [b[1] for b in buckets]
    assert counts == sorted(counts), "buckets are cumulative"
    count = metric_value(text, "kassa_request_duration_seconds_count")
    total = metric_value(text, "kassa_request_duration_seconds_sum")
    assert count == counts[-1] and count > 0
    assert total > 0
    # it grows with each request
    n = count
    requests.get(server.base + "/healthz", timeout=30)
    assert wait_metric(server, "kassa_request_duration_seconds_count", n + 1) >= n + 1


# --- OpenAPI --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def openapi(server):
    r = requests.get(server.base + "/rest/6.0/openapi.json", timeout=30)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/json")
    return r.json()


def test_openapi_document(openapi):
    assert openapi["openapi"].startswith("3.")
    assert openapi["info"]["title"] and openapi["info"]["version"]
    paths = openapi["paths"]
    assert "/leads/" in paths and "/leads/{LeadCode}" in paths, list(paths)
    assert {"get", "post", "put"} <= set(paths["/leads/"])
    assert {"get", "put"} <= set(paths["/leads/{LeadCode}"])
    assert paths["/leads/"]["get"]["operationId"] == "searchLeads"
    assert paths["/leads/"]["post"]["operationId"] == "addLead"
    assert paths["/leads/{LeadCode}"]["get"]["operationId"] == "getLead"
    params = paths["/leads/{LeadCode}"]["get"]["parameters"]
    assert any(p["name"] == "LeadCode" and p["in"] == "path" and p["required"] for p in params)
    assert "201" in paths["/leads/"]["post"]["responses"]
    # the control API and login (RPC/SOAP only) are not REST operations
    assert not any(p.startswith("/vendors") or p.startswith("/clock") for p in paths)
    ops = {o["operationId"] for item in paths.values() for o in item.values()}
    assert "login" not in ops


def test_openapi_security_scheme(openapi):
    scheme = openapi["components"]["securitySchemes"]["avangate"]
    assert scheme["type"] == "apiKey" and scheme["in"] == "header"
    assert scheme["name"] == "X-Avangate-Authentication"


def test_openapi_refs_resolve(openapi):
    schemas = openapi["components"]["schemas"]
    refs = set()

    def walk(v):
        if isinstance(v, dict):
            if "$ref" in v:
                refs.add(v["$ref"])
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(openapi)
    assert refs
    for ref in refs:
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.split("/")[-1] in schemas, ref
    lead = schemas["Lead"]
    assert {"Currency", "Items", "BillingDetails"} <= set(lead["required"])
    card = schemas["PaymentMethod"]["properties"]["CardNumber"]
    assert card.get("writeOnly") is True


# --- control API ----------------------------------------------------------------------------

def clock_offset(server):
    r = requests.get(server.base + "/control/clock/", headers=admin_headers(), timeout=30)
    assert r.status_code == 200, r.text
    return r.json()["OffsetSeconds"]


def test_control_api_wrong_token(server):
    before = clock_offset(server)
    for h in ({"Authorization": "Bearer wrong-token-123"}, {},
              {"Authorization": ADMIN_TOKEN}, {"Authorization": f"Basic {ADMIN_TOKEN}"},
              {"Authorization": f"Bearer {ADMIN_TOKEN}x"},
              {"Authorization": f"Bearer {ADMIN_TOKEN[:-1]}"}):
        for method, path, body in (("GET", "/control/clock/", None),
                                   ("POST", "/control/vendors/", {"Code": "NEVERMADE"}),
                                   ("POST", "/control/clock/advance/", {"Days": 1})):
            r = requests.request(method, server.base + path, json=body, headers=h, timeout=30)
            assert r.status_code == 401, (h, path, r.text)
            assert r.json()["error_code"] == "AUTHENTICATION_ERROR"
    # nothing was changed by the refused calls
    assert clock_offset(server) == before
    r = requests.post(server.base + "/control/vendors/", headers=admin_headers(),
                      json={"Code": "NEVERMADE"}, timeout=30)
    assert r.status_code == 201, "the refused calls created the vendor"


def test_control_api_vendor_secret_not_a_token(server, vendor):
    r = requests.get(server.base + "/control/clock/",
                     headers={"Authorization": f"Bearer {vendor.secret}"}, timeout=30)
    assert r.status_code == 401


def test_control_api_creates_vendors(server):
    r = requests.post(server.base + "/control/vendors/", headers=admin_headers(),
                      json={"Code": "CTRLVENDOR1", "Secret": "ctrl-secret-1234",
                            "Model": "PSP"}, timeout=30)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["Code"] == "CTRLVENDOR1" and body["Secret"] == "ctrl-secret-1234"
    assert body["Model"] == "PSP"
    again = requests.post(server.base + "/control/vendors/", headers=admin_headers(),
                          json={"Code": "CTRLVENDOR1"}, timeout=30)
    assert again.status_code == 409, again.text
    assert again.json()["error_code"] == "VENDOR_EXISTS"
    for bad in ({"Code": "has space"}, {"Code": ""}, {"Code": "OK1", "Secret": ""},
                {}, {"Code": "X" * 65}):
        r = requests.post(server.base + "/control/vendors/", headers=admin_headers(),
                          json=bad, timeout=30)
        assert r.status_code == 400, (bad, r.text)
    # a short secret given explicitly is taken, as SDK suites' fixtures need
    r = requests.post(server.base + "/control/vendors/", headers=admin_headers(),
                      json={"Code": "CTRLSHORT1", "Secret": "bar"}, timeout=30)
    assert r.status_code == 201 and r.json()["Secret"] == "bar", r.text
    r = requests.get(server.base + "/rest/6.0/leads/", timeout=30, headers={
        "X-Avangate-Authentication": auth_header("CTRLSHORT1", "bar")})
    assert r.status_code == 200, r.text
    # the new vendor authenticates right away
    r = requests.get(server.base + "/rest/6.0/leads/", timeout=30, headers={
        "X-Avangate-Authentication": auth_header("CTRLVENDOR1", "ctrl-secret-1234")})
    assert r.status_code == 200, r.text


def test_control_clock_read(server):
    r = requests.get(server.base + "/control/clock/", headers=admin_headers(), timeout=30)
    assert r.status_code == 200, r.text
    body = r.json()
    assert re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", body["Now"]), body
    assert isinstance(body["OffsetSeconds"], int)


def test_control_clock_refuses_going_back(server):
    before = clock_offset(server)
    r = requests.post(server.base + "/control/clock/advance/", headers=admin_headers(),
                      json={"Minutes": -5}, timeout=30)
    assert r.status_code == 400, r.text
    assert r.json()["error_code"] == "PARAMETER_INVALID"
    assert clock_offset(server) == before


def test_control_api_off_without_admin_token():
    s = Server(admin_token=None).start()
    try:
        for method, path, h in (("GET", "/control/clock/", admin_headers()),
                                ("POST", "/control/vendors/", admin_headers()),
                                ("GET", "/control/clock/", {}),
                                ("POST", "/control/clock/advance/", admin_headers())):
            r = requests.request(method, s.base + path, json={"Code": "X1"}, headers=h,
                                 timeout=30)
            assert r.status_code == 404, (path, r.text)
            assert r.json()["error_code"] == "NOT_FOUND"
        assert requests.get(s.base + "/healthz", timeout=30).status_code == 200
        # vendors made from the command line still work on this server
        out = s.cli("vendor", "add", "--code", "OFFLINE1", "--secret", "offline-secret-1")
        assert out.returncode == 0, out.stderr
        r = requests.get(s.base + "/rest/6.0/leads/", timeout=30, headers={
            "X-Avangate-Authentication": auth_header("OFFLINE1", "offline-secret-1")})
        assert r.status_code == 200, r.text
    finally:
        s.stop()


# --- log hygiene ----------------------------------------------------------------------------

def test_request_log_keeps_no_secrets():
    """The vendor secret, request hashes, session ids and the card number never reach the
    log; the card number reaches neither a response nor the database file."""
    s = Server().start()
    try:
        r = requests.post(s.base + "/control/vendors/", headers=admin_headers(),
                          json={"Code": "HYGIENE1"}, timeout=30)
        assert r.status_code == 201, r.text
        code, secret = "HYGIENE1", r.json()["Secret"]
        hashes, sids = [], []

        # REST with a secret-derived hash (the header carries it)
        hdr = auth_header(code, secret, "sha256")
        hashes.append(re.search(r'hash="([0-9a-f]+)"', hdr).group(1))
        h = {"X-Avangate-Authentication": hdr, "Content-Type": "application/json"}
        r = requests.post(s.base + "/rest/6.0/leads/", data=json.dumps(lead_with_card()),
                          headers=h, timeout=30)
        assert r.status_code == 201, r.text
        lead_code = r.json()["LeadCode"]
        assert CARD not in r.text
        g = requests.get(s.base + f"/rest/6.0/leads/{lead_code}", headers=h, timeout=30)
        assert g.status_code == 200, g.text
        assert CARD not in g.text
        pm = g.json()["PaymentDetails"]["PaymentMethod"]
        assert "CardNumber" not in pm and "CCID" not in pm, pm
        assert pm["HolderName"] == "Ada Lovelace"
        # a wrong hash, a hash in the query string and the card in the query string
        bad = auth_header(code, secret + "x")
        hashes.append(re.search(r'hash="([0-9a-f]+)"', bad).group(1))
        requests.get(s.base + "/rest/6.0/leads/", headers={"X-Avangate-Authentication": bad},
                     timeout=30)
        requests.get(s.base + f"/rest/6.0/leads/?Email={CARD}&hash={hashes[0]}", headers=h,
                     timeout=30)

        # JSON-RPC login, then a lead with the card, then a bad call quoting it
        params = login_params(code, secret, "sha256")
        hashes.append(params[2])
        r = requests.post(s.base + "/rpc/6.0/", json={"jsonrpc": "2.0", "id": 1,
                                                      "method": "login", "params": params},
                          timeout=30)
        sid = r.json()["result"]
        sids.append(sid)
        r = requests.post(s.base + "/rpc/6.0/", json={
            "jsonrpc": "2.0", "id": 2, "method": "addLead", "params": [sid, lead_with_card()]},
            timeout=30)
        assert "result" in r.json(), r.text
        assert CARD not in r.text
        r = requests.post(s.base + "/rpc/6.0/", data='{"jsonrpc":"2.0","id":3,'
                          f'"method":"addLead","params":["{sid}",{{"x":"{CARD}"', timeout=30)
        assert "error" in r.json()

        # SOAP login and a lead with the card
        v = Vendor(s, code, secret)
        ssid = soap_login(v)
        sids.append(ssid)
        res = soap_call(v, "addLead", [("sessionID", ssid), ("Lead", lead_with_card())])
        assert len(res["LeadCode"]) > 0
        got = soap_call(v, "getLead", [("sessionID", ssid), ("LeadCode", res["LeadCode"])])
        assert CARD not in json.dumps(got)

        # the log lines are written when each request completes: wait for the last one
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and s.read_log().count("vendor=HYGIENE1") < 8:
            time.sleep(0.05)
        log = s.read_log()
        assert log.count("vendor=HYGIENE1") >= 8, log
        secrets = {"vendor secret": secret, "card number": CARD}
        for i, x in enumerate(hashes):
            secrets[f"hash {i}"] = x
        for i, x in enumerate(sids):
            secrets[f"session {i}"] = x
        for what, value in secrets.items():
            assert value not in log, f"{what} found in the request log"
    finally:
        s.stop()
    # the database (and its WAL) does not hold the card number
    for path in glob.glob(s.db + "*"):
        with open(path, "rb") as f:
            data = f.read()
        assert CARD.encode() not in data, f"card number stored in {path}"


def test_request_log_cannot_be_forged(server):
    """The path arrives URL-decoded and the vendor code of a refused header is unverified:
    neither can split a log line or add a field to it."""
    forged = "1999-01-01T00:00:00.000Z WARN kassa: forged"
    requests.get(server.base + "/nosuch%0A" + forged.replace(" ", "%20") + "%0D%0Aagain",
                 timeout=30)
    requests.get(server.base + "/rest/6.0/leads/", timeout=30, headers={
        "X-Avangate-Authentication": 'code="EVIL vendor=ROOT" date="x" hash="y"'})
    requests.get(server.base + "/rest/6.0/leads/", timeout=30, headers={
        "X-Avangate-Authentication": 'code="EVIL\tTAB" date="x" hash="y"'})
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "vendor=EVIL%09TAB" not in server.read_log():
        time.sleep(0.05)
    log = server.read_log()
    assert "vendor=EVIL%09TAB" in log, log[-3000:]
    assert "vendor=EVIL%20vendor=ROOT" in log, log[-3000:]
    assert "vendor=EVIL vendor=ROOT" not in log
    for line in log.splitlines():
        assert not line.startswith("1999-01-01"), line
        assert not line.startswith("again"), line
    assert "/nosuch%0A1999-01-01T00:00:00.000Z%20WARN%20kassa:%20forged%0D%0Aagain" in log
