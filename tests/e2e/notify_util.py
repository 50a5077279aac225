"""A webhook listener in the test process, and an independent implementation of the platform's
IPN/LCN signatures and read receipts (docs/notifications.md), written from the documentation,
not from Kassa's code."""
import hashlib
import hmac
import http.server
import threading
import time
import urllib.parse

import requests

from conftest import admin_headers

ALGOS = {"HASH": hashlib.md5, "SIGNATURE_SHA2_256": hashlib.sha256,
         "SIGNATURE_SHA3_256": hashlib.sha3_256}


def len_prefixed(values):
    """Every value as its byte length then itself; an empty value as 0."""
    out = b""
    for v in values:
        b = v.encode()
        out += str(len(b)).encode() + b if b else b"0"
    return out


def signature_ok(fields, secret):
    """fields: [(name, value)] as received. Checks every signature present; returns their names."""
    src = len_prefixed(v for k, v in fields if k not in ALGOS)
    seen = []
    for name, algo in ALGOS.items():
        got = [v for k, v in fields if k == name]
        if got:
            want = hmac.new(secret.encode(), src, algo).hexdigest()
            assert got[0] == want, (name, got[0], want)
            seen.append(name)
    return seen


def first(fields, name):
    return next((v for k, v in fields if k == name), None)


def receipt(fields, secret, algo="sha256", date="20250101120000", lcn=False):
    if lcn:
        base = [first(fields, "LICENSE_CODE"), first(fields, "EXPIRATION_DATE")]
    else:
        base = [first(fields, "IPN_PID[]"), first(fields, "IPN_PNAME[]"), first(fields, "IPN_DATE")]
    src = len_prefixed(base + [date])
    if algo == "md5":
        return f"<EPAYMENT>{date}|{hmac.new(secret.encode(), src, hashlib.md5).hexdigest()}</EPAYMENT>"
    fn = hashlib.sha3_256 if algo == "sha3-256" else hashlib.sha256
    return f'<sig algo="{algo}" date="{date}">{hmac.new(secret.encode(), src, fn).hexdigest()}</sig>'


class Listener:
    """An HTTP listener on 127.0.0.1. mode[path] says how each path answers:
    ok (a valid receipt, sha256 or the algo given by ok:md5 ...), slow (the same, a moment
    later), bad (a wrong hash), 500,
    hang (holds the answer until released or the client gives up), huge (an endless answer),
    redirect (a redirect to itself)."""

    def __init__(self, secret):
        self.secret = secret
        self.mode = {}
        self.received = []  # (path, [(name, value)])
        self.cv = threading.Condition()
        self.release = threading.Event()
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_GET(self):
                self.answer(200, b"listener")

            def do_POST(self):
                n = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(n).decode()
                fields = urllib.parse.parse_qsl(body, keep_blank_values=True)
                with listener.cv:
                    listener.received.append((self.path, fields))
                    listener.cv.notify_all()
                mode = listener.mode.get(self.path, "ok")
                lcn = self.path.startswith("/lcn")
                if mode == "slow":  # a valid receipt, after a moment
                    listener.release.wait(0.1)
                    mode = "ok"
                if mode.startswith("ok"):
                    algo = mode.split(":")[1] if ":" in mode else "sha256"
                    text = "<html>thanks " + receipt(fields, listener.secret, algo, lcn=lcn) + "</html>"
                    self.answer(200, text.encode())
                elif mode == "bad":
                    self.answer(200, b'<sig algo="sha256" date="20250101120000">' + b"0" * 64
                                + b"</sig>")
                elif mode == "500":
                    self.answer(500, b"oops")
                elif mode == "hang":
                    listener.release.wait(30)
                    try:
                        self.answer(200, b"late")
                    except OSError:
                        pass
                elif mode == "huge":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.end_headers()
                    try:
                        for _ in range(100000):  # 100 MB unless the client hangs up
                            self.wfile.write(b"x" * 1024)
                    except OSError:
                        pass
                    self.close_connection = True
                elif mode == "redirect":
                    self.send_response(302)
                    self.send_header("Location", self.path)
                    self.send_header("Content-Length", "0")
                    self.end_headers()

            def answer(self, status, data):
                self.send_response(status)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_for(self, pred, timeout=30):
        """Waits until pred(received) is true; returns the messages."""
        deadline = time.time() + timeout
        with self.cv:
            while not pred(self.received):
                left = deadline - time.time()
                assert left > 0, f"listener: condition not met; got {len(self.received)} messages"
                self.cv.wait(left)
            return list(self.received)

    def on(self, path):
        return [f for p, f in self.received if p == path]

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def control(server, method, path, **kw):
    r = requests.request(method, server.base + "/control" + path, headers=admin_headers(),
                         timeout=600, **kw)
    return r


def set_urls(v, **settings):
    r = control(v.server, "PUT", f"/vendors/{v.code}/", json=settings)
    assert r.status_code == 200, r.text
    return r.json()


def notices(v, **params):
    r = control(v.server, "GET", "/notifications/", params={"Vendor": v.code, "Limit": 200,
                                                             **params})
    assert r.status_code == 200, r.text
    return r.json()["Items"]


def notice(v, nid):
    r = control(v.server, "GET", f"/notifications/{nid}/", params={"Vendor": v.code})
    assert r.status_code == 200, r.text
    return r.json()


def wait_notices(v, pred, timeout=30):
    """Waits until pred(notices) holds (workers deliver in the background)."""
    deadline = time.time() + timeout
    while True:
        items = notices(v)
        if pred(items):
            return items
        assert time.time() < deadline, items
        time.sleep(0.05)


def advance(server, **by):
    r = control(server, "POST", "/clock/advance/", json=by)
    assert r.status_code == 200, r.text
    return r.json()
