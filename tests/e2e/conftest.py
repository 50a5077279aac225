"""End-to-end fixtures: start the real kassa binary on 127.0.0.1 with a fresh database, and
talk to it over HTTP as clients of the platform do (REST header auth, JSON-RPC login, SOAP).

The binary is $KASSA_BIN (make test sets it to the sanitizer build), else build/kassa.
"""
import datetime
import hashlib
import hmac
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import uuid

import pytest
import requests

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
KASSA_BIN = os.environ.get("KASSA_BIN") or os.path.join(ROOT, "build", "kassa")
ADMIN_TOKEN = "e2e-admin-token-0123456789"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def auth_header(code, secret, algo="sha256", date=None, quote='"', sep=" "):
    """The X-Avangate-Authentication value, as the official SDKs build it."""
    date = date or datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M:%S")
    msg = f"{len(code.encode())}{code}{len(date.encode())}{date}".encode()
    digest = {"md5": hashlib.md5, "sha256": hashlib.sha256, "sha3-256": hashlib.sha3_256}
    h = hmac.new(secret.encode(), msg, digest[algo or "md5"]).hexdigest()
    q = quote
    parts = [f"code={q}{code}{q}", f"date={q}{date}{q}", f"hash={q}{h}{q}"]
    if algo:
        parts.append(f"algo={q}{algo}{q}")
    return sep.join(parts)


def login_params(code, secret, algo="sha256"):
    date = datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M:%S")
    msg = f"{len(code)}{code}{len(date)}{date}".encode()
    digest = {"md5": hashlib.md5, "sha256": hashlib.sha256, "sha3-256": hashlib.sha3_256}
    h = hmac.new(secret.encode(), msg, digest[algo or "md5"]).hexdigest()
    return [code, date, h] + ([algo] if algo else [])


class Server:
    def __init__(self, extra_args=(), admin_token=ADMIN_TOKEN):
        self.admin_token = admin_token  # None: the control API is off
        self.dir = tempfile.mkdtemp(prefix="kassa-e2e-")
        self.db = os.path.join(self.dir, "kassa.db")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(self.dir, "server.log")
        self.extra_args = list(extra_args)
        self.proc = None

    def share_database(self, other):
        """Serves other's database (several servers over one store)."""
        self.db = other.db
        return self

    def start(self):
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [KASSA_BIN, "serve", "--db", f"sqlite:{self.db}", "--listen",
             f"127.0.0.1:{self.port}"]
            + (["--admin-token", self.admin_token] if self.admin_token else [])
            + self.extra_args,
            stdout=self.log, stderr=self.log, stdin=subprocess.DEVNULL)
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("kassa exited at start:\n" + self.read_log())
            try:
                if requests.get(self.base + "/healthz", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError("kassa did not start:\n" + self.read_log())

    def stop(self, sig=signal.SIGTERM, check=True):
        """Stops the server; with check, a non-zero exit (a sanitizer report) fails the test."""
        if not self.proc or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else 0
        self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        self.log.close()
        if check and sig == signal.SIGTERM:
            assert rc == 0, f"kassa exited with {rc}:\n{self.read_log()[-6000:]}"
        return rc

    def kill(self):
        self.proc.kill()
        self.proc.wait()
        self.log.close()

    def read_log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode(errors="replace")

    def cli(self, *args):
        return subprocess.run([KASSA_BIN, *args, "--db", f"sqlite:{self.db}"],
                              capture_output=True, text=True, timeout=60)


class Vendor:
    """A vendor of its own for a test, with clients for the three protocols."""

    def __init__(self, server, code, secret):
        self.server, self.code, self.secret = server, code, secret
        self.http = requests.Session()

    # REST
    def rest(self, method, path, body=None, params=None, algo="sha256", headers=None, raw=None):
        h = {"X-Avangate-Authentication": auth_header(self.code, self.secret, algo),
             "Accept": "application/json", "Content-Type": "application/json"}
        h.update(headers or {})
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        return self.http.request(method, self.server.base + "/rest/6.0" + path, data=data,
                                 params=params, headers=h, timeout=30)

    # JSON-RPC
    def rpc_raw(self, payload, path="/rpc/6.0/"):
        r = self.http.post(self.server.base + path, data=json.dumps(payload),
                           headers={"Content-Type": "application/json"}, timeout=30)
        return r

    def login(self, algo="sha256"):
        r = self.rpc_raw({"jsonrpc": "2.0", "id": 1, "method": "login",
                          "params": login_params(self.code, self.secret, algo)})
        body = r.json()
        assert "result" in body, body
        return body["result"]

    def rpc(self, method, *params, session=None):
        """Calls method with a fresh session; returns the decoded response object."""
        sid = session or self.login()
        r = self.rpc_raw({"jsonrpc": "2.0", "id": 7, "method": method,
                          "params": [sid, *params]})
        assert r.status_code == 200, r.text
        return r.json()

    # SOAP (raw envelopes; PHP's SoapClient is exercised in tests/compat)
    def soap_raw(self, xml):
        return self.http.post(self.server.base + "/soap/6.0/", data=xml.encode(),
                              headers={"Content-Type": "text/xml; charset=utf-8"}, timeout=30)


@pytest.fixture(scope="session")
def server():
    s = Server().start()
    yield s
    s.stop()


def new_vendor(server, model="MOR", subscription_delay=0):
    """A vendor of its own. Subscriptions are retrievable at once (the platform's 5-minute
    delay is 0 here, as a fast test suite sets it); pass subscription_delay=None for the
    platform's default."""
    code = "V" + uuid.uuid4().hex[:10].upper()
    body = {"Code": code, "Model": model}
    if subscription_delay is not None:
        body["SubscriptionDelaySeconds"] = subscription_delay
    r = requests.post(server.base + "/control/vendors/",
                      headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
                      json=body, timeout=30)
    assert r.status_code == 201, r.text
    return Vendor(server, code, r.json()["Secret"])


@pytest.fixture
def vendor(server):
    return new_vendor(server)


@pytest.fixture
def other_vendor(server):
    return new_vendor(server)


# --- SOAP 1.1 rpc/encoded helpers ---------------------------------------------------------

SOAP_ENV_NS = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP_ENC_NS = "http://schemas.xmlsoap.org/soap/encoding/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
KASSA_SOAP_NS = "urn:kassa:soap:6.0"


def _xml_escape(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _soap_value(name, value):
    """One part or field as PHP's SoapClient encodes it (rpc/encoded, xsi:type on each)."""
    if value is None:
        return f'<{name} xsi:nil="true"/>'
    if isinstance(value, bool):
        return f'<{name} xsi:type="xsd:boolean">{"true" if value else "false"}</{name}>'
    if isinstance(value, int):
        return f'<{name} xsi:type="xsd:int">{value}</{name}>'
    if isinstance(value, float):
        return f'<{name} xsi:type="xsd:double">{value!r}</{name}>'
    if isinstance(value, dict):
        inner = "".join(_soap_value(k, v) for k, v in value.items())
        return f'<{name} xsi:type="SOAP-ENC:Struct">{inner}</{name}>'
    if isinstance(value, (list, tuple)):
        inner = "".join(_soap_value("item", v) for v in value)
        return (f'<{name} SOAP-ENC:arrayType="xsd:anyType[{len(value)}]" '
                f'xsi:type="SOAP-ENC:Array">{inner}</{name}>')
    return f'<{name} xsi:type="xsd:string">{_xml_escape(str(value))}</{name}>'


def soap_envelope(method, parts):
    """A SOAP 1.1 rpc/encoded request envelope for method with the ordered (name, value) parts.
    Values: None (xsi:nil), bool, int, float, str, dict (a struct of elements), list (a
    SOAP-ENC array of <item>), nested freely."""
    body = "".join(_soap_value(n, v) for n, v in parts)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<SOAP-ENV:Envelope xmlns:SOAP-ENV="{SOAP_ENV_NS}" xmlns:ns1="{KASSA_SOAP_NS}" '
            f'xmlns:xsd="{XSD_NS}" xmlns:xsi="{XSI_NS}" xmlns:SOAP-ENC="{SOAP_ENC_NS}" '
            f'SOAP-ENV:encodingStyle="{SOAP_ENC_NS}">'
            f'<SOAP-ENV:Body><ns1:{method}>{body}</ns1:{method}></SOAP-ENV:Body>'
            '</SOAP-ENV:Envelope>')


class SoapFault(Exception):
    def __init__(self, faultcode, faultstring):
        super().__init__(f"{faultcode}: {faultstring}")
        self.faultcode, self.faultstring = faultcode, faultstring


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _soap_decode(el):
    if el.get(f"{{{XSI_NS}}}nil") in ("true", "1"):
        return None
    xtype = (el.get(f"{{{XSI_NS}}}type") or "").split(":")[-1]
    children = list(el)
    is_array = (xtype == "Array" or el.get(f"{{{SOAP_ENC_NS}}}arrayType") is not None)
    if is_array:
        return [_soap_decode(c) for c in children]
    if children:
        return {_local(c.tag): _soap_decode(c) for c in children}
    text = el.text or ""
    if xtype in ("int", "long", "integer", "short"):
        return int(text)
    if xtype in ("double", "float", "decimal"):
        return float(text)
    if xtype == "boolean":
        return text in ("true", "1")
    return text


def soap_parse(text):
    """Decodes a SOAP response: the value of <return>, or raises SoapFault."""
    import xml.etree.ElementTree as ET
    root = ET.fromstring(text.encode() if isinstance(text, str) else text)
    assert _local(root.tag) == "Envelope", text
    body = next(c for c in root if _local(c.tag) == "Body")
    first = list(body)[0]
    if _local(first.tag) == "Fault":
        f = {_local(c.tag): (c.text or "") for c in first}
        raise SoapFault(f.get("faultcode", ""), f.get("faultstring", ""))
    ret = list(first)
    return _soap_decode(ret[0]) if ret else None


def soap_fault_of(resp):
    """The (faultcode, faultstring) of a SOAP response that must be a Fault."""
    try:
        v = soap_parse(resp.text)
    except SoapFault as f:
        return f.faultcode, f.faultstring
    raise AssertionError(f"expected a SOAP Fault, got {v!r}: {resp.text[:500]}")


def soap_call(vendor, method, parts, path="/soap/6.0/"):
    """POSTs soap_envelope(method, parts) for vendor; returns the decoded <return> value or
    raises SoapFault."""
    r = vendor.http.post(vendor.server.base + path, data=soap_envelope(method, parts).encode(),
                         headers={"Content-Type": "text/xml; charset=utf-8",
                                  "SOAPAction": f"{KASSA_SOAP_NS}#{method}"}, timeout=30)
    return soap_parse(r.text)


def soap_login(vendor, algo="sha256"):
    p = login_params(vendor.code, vendor.secret, algo)
    names = ["merchantCode", "date", "hash", "algo"]
    return soap_call(vendor, "login", list(zip(names, p)))


# --- raw HTTP, control API and metrics helpers -----------------------------------------------

def admin_headers(token=ADMIN_TOKEN):
    return {"Authorization": f"Bearer {token}"}


def raw_request(server, data, timeout=30, read_all=True):
    """Sends raw bytes to the server and returns what comes back (until close when read_all,
    else the first chunk). Errors while sending are ignored: the server may answer and close
    before reading everything."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as s:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        out = b""
        while True:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            out += chunk
            if not read_all:
                break
        return out


def sandbox_now(server):
    """The sandbox clock's now (UTC, a datetime): what every time-dependent test reads, never
    the wall clock, so that it agrees with the server whatever the load and the offset."""
    r = requests.get(server.base + "/control/clock/", headers=admin_headers(), timeout=30)
    assert r.status_code == 200, r.text
    return datetime.datetime.strptime(r.json()["Now"], "%Y-%m-%d %H:%M:%S")


def metric_value(text, name, **labels):
    """The value of one Prometheus sample, 0 when absent."""
    want = ",".join(f'{k}="{v}"' for k, v in labels.items())
    key = f"{name}{{{want}}}" if want else name
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        k, _, v = line.rpartition(" ")
        if k == key:
            return float(v)
    return 0.0


def read_response(sock, timeout=60):
    """Reads one HTTP/1.1 response (with a Content-Length) from a raw socket; returns
    (status, body). Raises ConnectionError when the server closes before answering."""
    import re
    sock.settimeout(timeout)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed before an answer: {data!r}")
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    status = int(head.split(b"\r\n", 1)[0].split()[1])
    m = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
    n = int(m.group(1)) if m else 0
    while len(body) < n:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return status, body
