"""The three protocol envelopes: what real REST clients send (reference section 11), JSON-RPC 2.0
(login, sessions, errors, batches) and SOAP 1.1 (WSDL, login, faults, hostile XML)."""
import json
import time
import xml.etree.ElementTree as ET

import pytest
import requests

from conftest import (KASSA_SOAP_NS, Server, SoapFault, admin_headers, auth_header,
                      login_params, new_vendor, soap_call, soap_envelope, soap_fault_of,
                      soap_login, soap_parse)

WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
FOUNDATION_OPS = {"login", "addLead", "getLead", "updateLead", "searchLeads", "markLeads"}


def lead_body(**extra):
    body = {"Currency": "USD", "Language": "en",
            "Items": [{"Code": "PROD1", "Quantity": 1}],
            "BillingDetails": {"FirstName": "Ada", "LastName": "Lovelace",
                               "Email": "ada@example.com", "CountryCode": "GB",
                               "City": "London", "Address1": "1 Street", "Zip": "N1"}}
    body.update(extra)
    return body


# --- REST: what real clients send -----------------------------------------------------------

@pytest.mark.parametrize("body", ["null", "{}", ""])
def test_rest_get_with_a_body(vendor, body):
    """Python SDK sends null, Ruby samples {}, PHP samples an empty body with a JSON type."""
    r = vendor.rest("GET", "/leads/", raw=body)
    assert r.status_code == 200, r.text
    assert "Items" in r.json()


@pytest.mark.parametrize("body", ["null", "{}", ""])
def test_rest_get_one_with_a_body(vendor, body):
    r = vendor.rest("GET", "/leads/NOSUCHLEAD", raw=body)
    assert r.status_code == 404, r.text
    assert r.json()["error_code"] == "LEAD_NOT_FOUND"


@pytest.mark.parametrize("path", ["/leads", "/leads/", "/leads//", "//leads/"])
def test_rest_path_variants(vendor, path):
    r = vendor.rest("GET", path)
    assert r.status_code == 200, (path, r.text)
    assert "Pagination" in r.json()


def test_rest_path_without_slash_after_version(vendor):
    """The PHP SDK's refund goes to /rest/6.0orders/...: the same routing applies."""
    h = {"X-Avangate-Authentication": auth_header(vendor.code, vendor.secret)}
    r = requests.get(vendor.server.base + "/rest/6.0leads/", headers=h, timeout=30)
    assert r.status_code == 200, r.text
    assert "Items" in r.json()


def test_rest_one_lead_path_variants(vendor):
    r = vendor.rest("POST", "/leads/", lead_body())
    assert r.status_code == 201, r.text
    code = r.json()["LeadCode"]
    for path in (f"/leads/{code}", f"/leads/{code}/", f"/leads//{code}//"):
        g = vendor.rest("GET", path)
        assert g.status_code == 200, (path, g.text)
        assert g.json()["LeadCode"] == code


@pytest.mark.parametrize("path", ["/nosuch/", "/leads/A/B/", "/invoices/", "/"])
def test_rest_unknown_route(vendor, path):
    r = vendor.rest("GET", path)
    assert r.status_code == 404, r.text
    assert r.json()["error_code"] == "NOT_FOUND"


def test_unknown_route_outside_surfaces(server):
    for path in ("/nosuch", "/rest/7.0/leads/", "/rpc/5.0/", "/soapy/6.0/", "/healthz/x"):
        r = requests.get(server.base + path, timeout=30)
        assert r.status_code == 404, (path, r.text)
        assert r.json()["error_code"] == "NOT_FOUND"


def test_rest_unknown_route_needs_no_auth(server):
    r = requests.get(server.base + "/rest/6.0/nosuch/", timeout=30)
    assert r.status_code == 404, r.text
    assert r.json()["error_code"] == "NOT_FOUND"


@pytest.mark.parametrize("method,path,allowed", [
    ("DELETE", "/leads/", {"GET", "POST", "PUT"}),
    ("PATCH", "/leads/", {"GET", "POST", "PUT"}),
    ("DELETE", "/leads/ABC1234567", {"GET", "PUT"}),
    ("POST", "/leads/ABC1234567", {"GET", "PUT"}),
])
def test_rest_wrong_method(vendor, method, path, allowed):
    r = vendor.rest(method, path)
    assert r.status_code == 405, r.text
    assert r.json()["error_code"] == "METHOD_NOT_ALLOWED"
    got = {m.strip() for m in r.headers["Allow"].split(",")}
    assert got == allowed, r.headers["Allow"]


def test_rest_malformed_json_body(vendor):
    r = vendor.rest("POST", "/leads/", raw='{"Currency": "USD",')
    assert r.status_code == 400, r.text
    assert r.json()["error_code"] == "MALFORMED_REQUEST"


def test_rest_duplicate_keys_refused(vendor):
    r = vendor.rest("POST", "/leads/", raw='{"Currency": "USD", "Currency": "EUR"}')
    assert r.status_code == 400, r.text
    assert r.json()["error_code"] == "MALFORMED_REQUEST"


def test_rest_body_not_an_object(vendor):
    for raw in ("[]", "5", '"lead"', "true"):
        r = vendor.rest("POST", "/leads/", raw=raw)
        assert r.status_code == 400, (raw, r.text)
        body = r.json()
        assert set(body) == {"error_code", "message"}, body


def test_rest_non_utf8_body(vendor):
    r = vendor.rest("POST", "/leads/", raw=b'{"Currency": "\xff\xfe"}')
    assert r.status_code == 400, r.text
    assert r.json()["error_code"] == "MALFORMED_REQUEST"


def test_rest_error_bodies_are_json(vendor):
    """Every error the REST surface gives has exactly error_code and message."""
    for r in (vendor.rest("GET", "/nosuch/"), vendor.rest("DELETE", "/leads/"),
              vendor.rest("POST", "/leads/", raw="{"),
              requests.get(vendor.server.base + "/rest/6.0/leads/", timeout=30)):
        assert r.headers["Content-Type"].startswith("application/json"), r.headers
        assert set(r.json()) == {"error_code", "message"}, r.text


# --- JSON-RPC -------------------------------------------------------------------------------

def rpc(server, payload, path="/rpc/6.0/", raw=None):
    data = raw if raw is not None else json.dumps(payload)
    r = requests.post(server.base + path, data=data,
                      headers={"Content-Type": "application/json"}, timeout=30)
    return r


def rpc_json(server, payload, path="/rpc/6.0/", raw=None):
    r = rpc(server, payload, path, raw)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/json")
    return r.json()


def call(method, params, id=1):
    return {"jsonrpc": "2.0", "id": id, "method": method, "params": params}


def assert_sid(sid):
    assert isinstance(sid, str) and len(sid) == 32, sid
    assert all(c.isalnum() for c in sid), sid


def assert_rpc_error(body, code=None, error_code=None, id=None):
    assert "result" not in body, body
    assert body["jsonrpc"] == "2.0"
    err = body["error"]
    assert isinstance(err["code"], int) and isinstance(err["message"], str), body
    if code is not None:
        assert err["code"] == code, body
    if error_code is not None:
        assert err["data"]["error_code"] == error_code, body
    assert body["id"] == id, body


@pytest.mark.parametrize("algo", [None, "sha256", "sha3-256"])
def test_rpc_login_positional(server, vendor, algo):
    params = login_params(vendor.code, vendor.secret, algo)
    assert len(params) == (3 if algo is None else 4)
    body = rpc_json(server, call("login", params, id=42))
    assert body["id"] == 42 and body["jsonrpc"] == "2.0"
    assert "error" not in body
    assert_sid(body["result"])


def test_rpc_login_named_params(server, vendor):
    code, date, h, algo = login_params(vendor.code, vendor.secret, "sha256")
    body = rpc_json(server, call("login", {"merchantCode": code, "date": date, "hash": h,
                                           "algo": algo}))
    assert_sid(body["result"])
    code, date, h = login_params(vendor.code, vendor.secret, None)
    body = rpc_json(server, call("login", {"merchantCode": code, "date": date, "hash": h}))
    assert_sid(body["result"])


def test_rpc_each_login_is_a_new_session(server, vendor):
    a, b = vendor.login(), vendor.login()
    assert a != b
    for sid in (a, b):
        body = vendor.rpc("searchLeads", {"Page": 1, "Limit": 5}, session=sid)
        assert body["result"]["Pagination"]["Limit"] == 5, body


def test_rpc_string_id_echoed(server, vendor):
    body = rpc_json(server, call("login", login_params(vendor.code, vendor.secret), id="abc"))
    assert body["id"] == "abc"
    assert_sid(body["result"])


@pytest.mark.parametrize("case", ["wrong hash", "wrong algo", "old date", "unknown vendor",
                                  "too few params", "hash not a string"])
def test_rpc_login_refused(server, vendor, case):
    code, date, h, algo = login_params(vendor.code, vendor.secret, "sha256")
    params = {
        "wrong hash": [code, date, "0" * 64, algo],
        "wrong algo": [code, date, h, "sha3-256"],
        "old date": [code, "2010-05-13 12:12:12", h, algo],
        "unknown vendor": ["X" + code, date, h, algo],
        "too few params": [code, date],
        "hash not a string": [code, date, 12345, algo],
    }[case]
    body = rpc_json(server, call("login", params, id=3))
    assert_rpc_error(body, error_code="AUTHENTICATION_FAILED", id=3)


def test_rpc_login_failures_say_the_same(server, vendor):
    code, date, h, algo = login_params(vendor.code, vendor.secret, "sha256")
    msgs = set()
    for params in ([code, date, "0" * 64, algo], ["X" + code, date, h, algo],
                   [code, "2010-05-13 12:12:12", h, algo], [code, date, h, "md4"]):
        body = rpc_json(server, call("login", params))
        msgs.add((body["error"]["code"], body["error"]["message"]))
    assert len(msgs) == 1, msgs


@pytest.mark.parametrize("sid", ["0" * 32, "nope", "", None, 12345, "A" * 33])
def test_rpc_invalid_session(server, vendor, sid):
    body = rpc_json(server, call("searchLeads", [sid, {"Page": 1, "Limit": 10}], id=9))
    assert_rpc_error(body, code=10001, error_code="INVALID_SESSION", id=9)


def test_rpc_missing_session(server):
    for params in ([], None, {}):
        payload = call("getLead", params, id=5)
        if params is None:
            del payload["params"]
        body = rpc_json(server, payload)
        assert_rpc_error(body, code=10001, error_code="INVALID_SESSION", id=5)


def test_rpc_session_named_param(server, vendor):
    sid = vendor.login()
    body = rpc_json(server, call("searchLeads", {"sessionID": sid,
                                                 "SearchOptions": {"Page": 1, "Limit": 3}}))
    assert body["result"]["Pagination"] == {"Page": 1, "Limit": 3, "Count": 0}, body


def test_rpc_session_belongs_to_its_vendor(server, vendor, other_vendor):
    r = vendor.rest("POST", "/leads/", lead_body())
    assert r.status_code == 201, r.text
    code = r.json()["LeadCode"]
    assert vendor.rpc("getLead", code)["result"]["LeadCode"] == code
    body = other_vendor.rpc("getLead", code)
    assert body["error"]["data"]["error_code"] == "LEAD_NOT_FOUND", body


@pytest.mark.parametrize("raw", ['{"jsonrpc": "2.0", "method": "login", "params": [',
                                 "not json at all", '{"a": 1} trailing', "\x00\x01"])
def test_rpc_parse_error(server, raw):
    body = rpc_json(server, None, raw=raw)
    assert_rpc_error(body, code=-32700, error_code="MALFORMED_REQUEST", id=None)


def test_rpc_unknown_method(server, vendor):
    sid = vendor.login()
    for method in ("noSuchMethod", "getOrderz", ""):
        body = rpc_json(server, call(method, [sid], id=11))
        if method == "":
            assert body["error"]["code"] in (-32601, -32600), body
        else:
            assert_rpc_error(body, code=-32601, error_code="UNKNOWN_METHOD", id=11)


def test_rpc_method_name_case_tolerated(server, vendor):
    """SoapClient and some RPC clients do not keep the case of method names."""
    body = rpc_json(server, call("LOGIN", login_params(vendor.code, vendor.secret)))
    assert_sid(body["result"])


@pytest.mark.parametrize("payload", [
    {"jsonrpc": "2.0", "id": 1, "method": "login", "params": 5},
    {"jsonrpc": "2.0", "id": 1, "method": "login", "params": "abc"},
    {"jsonrpc": "2.0", "id": 1, "method": "login", "params": True},
    {"jsonrpc": "2.0", "id": 1, "params": []},
    {"jsonrpc": "2.0", "id": 1, "method": 7, "params": []},
])
def test_rpc_invalid_request(server, payload):
    body = rpc_json(server, payload)
    assert_rpc_error(body, code=-32600, error_code="INVALID_REQUEST", id=1)


@pytest.mark.parametrize("raw", ["5", '"login"', "true", "null", "", "   "])
def test_rpc_non_object_request(server, raw):
    body = rpc_json(server, None, raw=raw)
    assert_rpc_error(body, code=-32600, error_code="INVALID_REQUEST", id=None)


def test_rpc_batch_mixed(server, vendor):
    sid = vendor.login()
    batch = [
        call("login", login_params(vendor.code, vendor.secret), id=1),
        call("noSuchMethod", [sid], id=2),
        call("searchLeads", [sid, {"Page": 1, "Limit": 2}], id=3),
        {"jsonrpc": "2.0", "method": "login",
         "params": login_params(vendor.code, vendor.secret)},  # notification: no entry
        call("searchLeads", ["0" * 32, {}], id=4),
        5,  # not a call
    ]
    out = rpc_json(server, batch)
    assert isinstance(out, list), out
    by_id = {}
    for r in out:
        by_id.setdefault(r["id"], []).append(r)
    assert len(out) == 5, out
    assert_sid(by_id[1][0]["result"])
    assert_rpc_error(by_id[2][0], code=-32601, id=2)
    assert by_id[3][0]["result"]["Pagination"]["Limit"] == 2
    assert_rpc_error(by_id[4][0], code=10001, error_code="INVALID_SESSION", id=4)
    assert_rpc_error(by_id[None][0], code=-32600, id=None)


def test_rpc_batch_of_one(server, vendor):
    out = rpc_json(server, [call("login", login_params(vendor.code, vendor.secret), id=8)])
    assert isinstance(out, list) and len(out) == 1, out
    assert out[0]["id"] == 8
    assert_sid(out[0]["result"])


def test_rpc_empty_batch(server):
    body = rpc_json(server, [])
    assert isinstance(body, dict), body
    assert_rpc_error(body, code=-32600, error_code="INVALID_REQUEST", id=None)


def test_rpc_batch_too_long(server, vendor):
    body = rpc_json(server, [call("noSuchMethod", [], id=i) for i in range(1000)])
    assert isinstance(body, dict), str(body)[:300]
    assert_rpc_error(body, code=-32600, id=None)


def test_rpc_notifications_only(server, vendor):
    """Notifications are not answered: no JSON-RPC response object comes back."""
    note = {"jsonrpc": "2.0", "method": "login",
            "params": login_params(vendor.code, vendor.secret)}
    for payload in (note, [note, note]):
        r = rpc(server, payload)
        assert r.status_code in (200, 204), r.text
        assert r.content.strip() == b"", r.text


def test_rpc_every_response_is_json(server, vendor):
    """Clients decode every response as JSON, errors included."""
    payloads = ['{"bad json', "[]", "{}", "[1, 2]", json.dumps(call("x", 5)),
                json.dumps(call("login", [])), json.dumps(call("getLead", ["x", "y", "z", "w",
                                                                           "v", "u"]))]
    for raw in payloads:
        r = rpc(server, None, raw=raw)
        assert r.status_code == 200, (raw, r.text)
        body = r.json()
        entries = body if isinstance(body, list) else [body]
        for e in entries:
            assert e["jsonrpc"] == "2.0" and ("result" in e) != ("error" in e), (raw, e)


def test_rpc_wrong_http_method(server):
    for path in ("/rpc/6.0/", "/rpc/6.0"):
        r = requests.get(server.base + path, timeout=30)
        assert r.status_code == 405, r.text
        assert "POST" in r.headers["Allow"]
        assert r.json()["error"]["data"]["error_code"] == "METHOD_NOT_ALLOWED"


def test_rpc_without_trailing_slash(server, vendor):
    body = rpc_json(server, call("login", login_params(vendor.code, vendor.secret)),
                    path="/rpc/6.0")
    assert_sid(body["result"])


def test_channel_manager_rpc_login(server, vendor):
    for algo in (None, "sha256"):
        body = rpc_json(server, call("login", login_params(vendor.code, vendor.secret, algo)),
                        path="/channel-manager/2.1/rpc/")
        assert_sid(body["result"])
    body = rpc_json(server, call("login", [vendor.code, "2010-05-13 12:12:12", "00"]),
                    path="/channel-manager/2.1/rpc/")
    assert_rpc_error(body, error_code="AUTHENTICATION_FAILED", id=1)


def test_rpc_session_works_across_endpoints(server, vendor):
    """A session is not tied to the endpoint it was opened on: RPC and SOAP share it, and the
    Channel Manager's endpoint serves its own methods with it (not the vendor API's)."""
    sid = vendor.login()
    body = rpc_json(server, call("searchPartners", [sid, {}]),
                    path="/channel-manager/2.1/rpc/")
    assert body["result"] == [], body
    body = rpc_json(server, call("searchLeads", [sid, {"Page": 1, "Limit": 1}]),
                    path="/channel-manager/2.1/rpc/")
    assert_rpc_error(body, error_code="UNKNOWN_METHOD", id=1)
    res = soap_call(vendor, "searchLeads", [("sessionID", sid),
                                            ("SearchOptions", {"Page": 1, "Limit": 4})])
    assert res["Pagination"]["Limit"] == 4, res


def test_rpc_too_many_params(server, vendor):
    sid = vendor.login()
    body = rpc_json(server, call("getLead", [sid, "A", "B", "C"], id=2))
    assert_rpc_error(body, id=2)
    assert body["error"]["data"]["error_code"] == "PARAMETER_INVALID"


def test_rpc_session_expires_after_ten_minutes():
    """Sessions last 10 minutes of business time: a 9-minute jump keeps it, 2 more end it. A
    server of its own, because the sandbox clock is shared by everything on a server."""
    s = Server().start()
    try:
        v = new_vendor(s)
        sid = v.login()
        assert "result" in v.rpc("searchLeads", {}, session=sid)

        def advance(minutes):
            r = requests.post(s.base + "/control/clock/advance/", headers=admin_headers(),
                              json={"Minutes": minutes}, timeout=30)
            assert r.status_code == 200, r.text
            return r.json()

        assert advance(9)["OffsetSeconds"] == 540
        assert "result" in v.rpc("searchLeads", {}, session=sid)
        assert advance(2)["OffsetSeconds"] == 660
        body = v.rpc("searchLeads", {}, session=sid)
        assert_rpc_error(body, code=10001, error_code="INVALID_SESSION", id=7)
        # SOAP sees the same expiry
        with pytest.raises(SoapFault) as e:
            soap_call(v, "searchLeads", [("sessionID", sid), ("SearchOptions", {})])
        assert e.value.faultcode == "INVALID_SESSION"
        # the request date is checked against real time, so clients can log in again
        sid2 = v.login()
        assert sid2 != sid
        assert "result" in v.rpc("searchLeads", {}, session=sid2)
        # REST is unaffected by the business clock too
        assert v.rest("GET", "/leads/").status_code == 200
    finally:
        s.stop()


# --- SOAP -----------------------------------------------------------------------------------

def soap_post(server, xml, path="/soap/6.0/"):
    data = xml.encode() if isinstance(xml, str) else xml
    return requests.post(server.base + path, data=data,
                         headers={"Content-Type": "text/xml; charset=utf-8"}, timeout=30)


def assert_fault(r, code):
    assert r.status_code == 500, r.text
    assert r.headers["Content-Type"].startswith("text/xml"), r.headers
    faultcode, faultstring = soap_fault_of(r)
    assert faultcode == code, (faultcode, faultstring)
    assert faultstring
    return faultstring


CM_OPS = {"login", "setPartner", "addProduct", "setExternalRef", "placeOrder", "getOrder",
          "createProforma", "getProforma"}


@pytest.mark.parametrize("path", ["/soap/6.0/?wsdl", "/soap/6.0?wsdl", "/soap/6.0/?WSDL",
                                  "/channel-manager/2.1/soap/?wsdl"])
def test_wsdl(server, path):
    """Each endpoint's WSDL declares its own operations: the Channel Manager's has the partner
    methods and none of the vendor API's (docs/partners.md)."""
    cm = path.startswith("/channel-manager/")
    ops = CM_OPS if cm else FOUNDATION_OPS
    r = requests.get(server.base + path, timeout=30)
    assert r.status_code == 200, r.text
    assert "xml" in r.headers["Content-Type"]
    root = ET.fromstring(r.content)
    assert root.tag == f"{{{WSDL_NS}}}definitions"
    port_ops = {o.get("name") for pt in root.iter(f"{{{WSDL_NS}}}portType")
                for o in pt.iter(f"{{{WSDL_NS}}}operation")}
    assert ops <= port_ops, port_ops
    if cm:
        assert not port_ops & (FOUNDATION_OPS - {"login"}), port_ops
    binding_ops = {o.get("name") for b in root.iter(f"{{{WSDL_NS}}}binding")
                   for o in b.findall(f"{{{WSDL_NS}}}operation")}
    assert ops <= binding_ops, binding_ops
    messages = {m.get("name") for m in root.iter(f"{{{WSDL_NS}}}message")}
    for op in ops:
        assert f"{op}Input" in messages and f"{op}Output" in messages, (op, messages)
    # the service address is where the WSDL was fetched from
    addr = [a.get("location") for a in root.iter() if a.tag.endswith("address")]
    assert addr and all(a.startswith(f"http://127.0.0.1:{server.port}/") for a in addr), addr
    # no control operation leaks into the public WSDL
    assert not port_ops & {"createVendor", "getClock", "advanceClock"}


def test_wsdl_declares_login_parts(server):
    root = ET.fromstring(requests.get(server.base + "/soap/6.0/?wsdl", timeout=30).content)
    msg = next(m for m in root.iter(f"{{{WSDL_NS}}}message") if m.get("name") == "loginInput")
    assert [p.get("name") for p in msg] == ["merchantCode", "date", "hash", "algo"]


@pytest.mark.parametrize("algo", [None, "sha256", "sha3-256"])
def test_soap_login(server, vendor, algo):
    p = login_params(vendor.code, vendor.secret, algo)
    names = ["merchantCode", "date", "hash", "algo"]
    r = soap_post(server, soap_envelope("login", list(zip(names, p))))
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("text/xml")
    assert_sid(soap_parse(r.text))
    root = ET.fromstring(r.content)
    resp = root.find(".//{http://schemas.xmlsoap.org/soap/envelope/}Body")[0]
    assert resp.tag == f"{{{KASSA_SOAP_NS}}}loginResponse"


def test_soap_login_positional_parts(server, vendor):
    """Parts are matched by name first and by position otherwise (SoapClient without WSDL
    names them param0, param1...)."""
    p = login_params(vendor.code, vendor.secret, "sha256")
    xml = soap_envelope("login", [(f"param{i}", v) for i, v in enumerate(p)])
    assert_sid(soap_parse(soap_post(server, xml).text))


def test_soap_channel_manager_login(server, vendor):
    assert_sid(soap_call(vendor, "login",
                         list(zip(["merchantCode", "date", "hash", "algo"],
                                  login_params(vendor.code, vendor.secret))),
                         path="/channel-manager/2.1/soap/"))


def test_soap_login_refused(server, vendor):
    code, date, h, algo = login_params(vendor.code, vendor.secret, "sha256")
    r = soap_post(server, soap_envelope("login", [("merchantCode", code), ("date", date),
                                                  ("hash", "0" * 64), ("algo", algo)]))
    assert_fault(r, "AUTHENTICATION_FAILED")


def test_soap_session_roundtrip(server, vendor):
    sid = soap_login(vendor)
    assert_sid(sid)
    res = soap_call(vendor, "searchLeads", [("sessionID", sid),
                                            ("SearchOptions", {"Page": 1, "Limit": 7})])
    assert res["Pagination"]["Page"] == 1 and res["Pagination"]["Limit"] == 7, res
    # the same session serves JSON-RPC
    assert vendor.rpc("searchLeads", {}, session=sid)["result"]["Pagination"]["Page"] == 1


@pytest.mark.parametrize("sid", ["0" * 32, "", None])
def test_soap_invalid_session(server, vendor, sid):
    r = soap_post(server, soap_envelope("getLead", [("sessionID", sid), ("LeadCode", "X")]))
    assert_fault(r, "INVALID_SESSION")


def test_soap_no_session_part(server):
    r = soap_post(server, soap_envelope("searchLeads", []))
    assert_fault(r, "INVALID_SESSION")


@pytest.mark.parametrize("xml", [
    "<SOAP-ENV:Envelope",
    "this is not xml",
    '<?xml version="1.0"?><a><b></a>',
    soap_envelope("login", [("merchantCode", "X")]).replace("</SOAP-ENV:Envelope>", ""),
    "",
])
def test_soap_malformed(server, xml):
    assert_fault(soap_post(server, xml), "MALFORMED_REQUEST")


def test_soap_unknown_operation(server, vendor):
    r = soap_post(server, soap_envelope("fooBar", [("sessionID", vendor.login())]))
    assert_fault(r, "UNKNOWN_METHOD")


@pytest.mark.parametrize("xml", [
    '<?xml version="1.0"?><root><child/></root>',
    '<?xml version="1.0"?><Envelope><Header/></Envelope>',
    f'<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">'
    f'<SOAP-ENV:Body></SOAP-ENV:Body></SOAP-ENV:Envelope>',
])
def test_soap_not_an_envelope(server, xml):
    r = soap_post(server, xml)
    assert r.status_code == 500, r.text
    code, _ = soap_fault_of(r)
    assert code in ("INVALID_REQUEST", "MALFORMED_REQUEST"), code


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"
  xmlns:ns1="urn:kassa:soap:6.0"><SOAP-ENV:Body><ns1:login>
<merchantCode>&lol9;</merchantCode><date>&lol9;</date><hash>&lol9;</hash>
</ns1:login></SOAP-ENV:Body></SOAP-ENV:Envelope>"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"
  xmlns:ns1="urn:kassa:soap:6.0"><SOAP-ENV:Body><ns1:fooBar>
<merchantCode>&xxe;</merchantCode></ns1:fooBar></SOAP-ENV:Body></SOAP-ENV:Envelope>"""

EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE Envelope SYSTEM "http://127.0.0.1:1/evil.dtd">
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"
  xmlns:ns1="urn:kassa:soap:6.0"><SOAP-ENV:Body><ns1:login/></SOAP-ENV:Body>
</SOAP-ENV:Envelope>"""


PARAMETER_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY % x SYSTEM "file:///dev/zero"> %x;]>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"
  xmlns:ns1="urn:kassa:soap:6.0"><SOAP-ENV:Body><ns1:login/></SOAP-ENV:Body>
</SOAP-ENV:Envelope>"""

ENDLESS_EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE foo SYSTEM "file:///dev/zero">
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"
  xmlns:ns1="urn:kassa:soap:6.0"><SOAP-ENV:Body><ns1:login/></SOAP-ENV:Body>
</SOAP-ENV:Envelope>"""


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, XXE, EXTERNAL_DTD, PARAMETER_ENTITY,
                                 ENDLESS_EXTERNAL_DTD],
                         ids=["billion-laughs", "xxe", "external-dtd", "parameter-entity",
                              "endless-external-dtd"])
def test_soap_dtd_refused(server, xml):
    t0 = time.monotonic()
    r = soap_post(server, xml)
    elapsed = time.monotonic() - t0
    assert r.status_code == 500, r.text
    code, msg = soap_fault_of(r)
    assert code == "MALFORMED_REQUEST", (code, msg)
    assert "root:" not in r.text and "lollol" not in r.text
    assert elapsed < 10, elapsed
    assert requests.get(server.base + "/healthz", timeout=10).status_code == 200


def test_soap_billion_laughs_many_times(server, vendor):
    """Repeated attacks neither slow the server nor leak: it still logs in right after."""
    for _ in range(20):
        assert soap_post(server, BILLION_LAUGHS).status_code == 500
    assert_sid(soap_login(vendor))


def test_soap_deep_nesting(server, vendor):
    sid = vendor.login()
    deep = "<x>" * 5000 + "</x>" * 5000
    xml = soap_envelope("addLead", [("sessionID", sid)]).replace(
        "</ns1:addLead>", f"<Lead>{deep}</Lead></ns1:addLead>")
    r = soap_post(server, xml)
    assert r.status_code == 500, r.text[:300]
    soap_fault_of(r)
    assert requests.get(server.base + "/healthz", timeout=10).status_code == 200


def test_soap_wrong_http_method(server):
    r = requests.put(server.base + "/soap/6.0/", data=b"<x/>", timeout=30)
    assert r.status_code == 405, r.text
    assert "POST" in r.headers["Allow"]
    soap_fault_of(r)


def test_soap_header_skipped(server, vendor):
    p = login_params(vendor.code, vendor.secret, "sha256")
    xml = soap_envelope("login", list(zip(["merchantCode", "date", "hash", "algo"], p)))
    xml = xml.replace("<SOAP-ENV:Body>",
                      "<SOAP-ENV:Header><ns1:trace>1</ns1:trace></SOAP-ENV:Header>"
                      "<SOAP-ENV:Body>")
    assert_sid(soap_parse(soap_post(server, xml).text))


def test_soap_fault_escapes_text(server):
    """The faultstring carries the operation name the client sent, escaped."""
    xml = soap_envelope("x", []).replace("ns1:x", "ns1:a_b")
    r = soap_post(server, xml)
    code, msg = soap_fault_of(r)
    assert code == "UNKNOWN_METHOD" and "a_b" in msg


# --- one operation, three protocols, one outcome --------------------------------------------

def test_same_error_on_three_protocols(server, vendor):
    r = vendor.rest("GET", "/leads/NOSUCHLEAD")
    assert r.status_code == 404 and r.json()["error_code"] == "LEAD_NOT_FOUND", r.text
    body = vendor.rpc("getLead", "NOSUCHLEAD")
    assert body["error"]["data"]["error_code"] == "LEAD_NOT_FOUND", body
    assert body["error"]["message"] == r.json()["message"]
    with pytest.raises(SoapFault) as e:
        soap_call(vendor, "getLead", [("sessionID", soap_login(vendor)),
                                      ("LeadCode", "NOSUCHLEAD")])
    assert e.value.faultcode == "LEAD_NOT_FOUND"
    assert e.value.faultstring == r.json()["message"]


def test_same_lead_on_three_protocols(server, vendor):
    r = vendor.rest("POST", "/leads/", lead_body(ExternalReference="three-protocols"))
    assert r.status_code == 201, r.text
    code = r.json()["LeadCode"]
    rest = vendor.rest("GET", f"/leads/{code}").json()
    rpc_ = vendor.rpc("getLead", code)["result"]
    soap = soap_call(vendor, "getLead", [("sessionID", soap_login(vendor)), ("LeadCode", code)])
    for lead in (rest, rpc_, soap):
        assert lead["LeadCode"] == code
        assert lead["Currency"] == "USD"
        assert lead["ExternalReference"] == "three-protocols"
        assert lead["BillingDetails"]["Email"] == "ada@example.com"
    assert rest == rpc_


# --- the sandbox control operations stay behind the admin token ----------------------------

@pytest.mark.parametrize("method", ["createVendor", "getClock", "advanceClock"])
def test_control_operations_not_on_rpc_or_soap(server, vendor, method):
    def clock():
        r = requests.get(server.base + "/control/clock/", headers=admin_headers(), timeout=30)
        return r.json()["OffsetSeconds"]

    before = clock()
    code = f"SNEAKY{method}"
    sid = vendor.login()
    body = rpc_json(server, call(method, [sid, {"Code": code, "Days": 1}], id=6))
    assert_rpc_error(body, code=-32601, error_code="UNKNOWN_METHOD", id=6)
    body = rpc_json(server, call(method, [{"Code": code, "Days": 1}], id=6))
    assert_rpc_error(body, code=-32601, error_code="UNKNOWN_METHOD", id=6)
    r = soap_post(server, soap_envelope(method, [("sessionID", sid),
                                                 ("Vendor", {"Code": code})]))
    assert_fault(r, "UNKNOWN_METHOD")
    assert clock() == before
    r = requests.post(server.base + "/control/vendors/", headers=admin_headers(),
                      json={"Code": code}, timeout=30)
    assert r.status_code == 201, "a refused call created the vendor"


def test_control_operations_not_on_rest(server, vendor):
    for method, path in (("POST", "/vendors/"), ("GET", "/clock/"), ("POST", "/clock/advance/")):
        r = vendor.rest(method, path, {"Code": "SNEAKY4", "Days": 1})
        assert r.status_code == 404, (path, r.text)
        assert r.json()["error_code"] == "NOT_FOUND"
    # and the REST operations are not under /control
    r = requests.get(server.base + "/control/leads/", headers=admin_headers(), timeout=30)
    assert r.status_code == 404, r.text
