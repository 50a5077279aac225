"""Limits on what a client can make the server hold: body size (with a Content-Length or
chunked), header size, hostile JSON, slow clients. After each abuse the server keeps serving."""
import json
import socket
import threading
import time

import pytest
import requests

from conftest import (Server, auth_header, new_vendor, raw_request, read_response,
                      soap_fault_of)

TWO_MIB = 2 * 1024 * 1024


def healthy(server):
    r = requests.get(server.base + "/healthz", timeout=30)
    assert r.status_code == 200, r.text
    assert r.json() == {"status": "ok"}


def status_of(raw):
    line = raw.split(b"\r\n", 1)[0]
    assert line.startswith(b"HTTP/1."), raw[:200]
    return int(line.split()[1])


def body_of(raw):
    return raw.split(b"\r\n\r\n", 1)[1]


def assert_too_large(status, body):
    assert status == 413, body[:300]
    err = json.loads(body)
    assert err["error_code"] == "REQUEST_TOO_LARGE", err
    assert isinstance(err["message"], str) and err["message"]


def test_body_too_large_with_content_length(server, vendor):
    r = vendor.rest("POST", "/leads/", raw=b"x" * TWO_MIB)
    assert_too_large(r.status_code, r.content)
    healthy(server)


def test_body_too_large_refused_before_it_is_sent(server, vendor):
    """A client that waits for 100 Continue gets the 413 instead, before any byte of the body."""
    head = ("POST /rest/6.0/leads/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"X-Avangate-Authentication: {auth_header(vendor.code, vendor.secret)}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {TWO_MIB}\r\n"
            "Expect: 100-continue\r\n\r\n").encode()
    raw = raw_request(server, head)
    assert_too_large(status_of(raw), body_of(raw))
    assert b"100 Continue" not in raw
    healthy(server)


@pytest.mark.parametrize("path,form", [("/rest/6.0/leads/", "rest"), ("/rpc/6.0/", "rpc"),
                                       ("/soap/6.0/", "soap")])
def test_413_reaches_a_client_that_sends_its_whole_body_first(server, vendor, path, form):
    """Python's http.client writes the whole body before it reads: the server reads and
    discards the excess before answering, so the client sees the 413 and not a reset."""
    import http.client
    c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    c.request("POST", path, body=b"x" * (3 * 1024 * 1024),
              headers={"Content-Type": "application/json",
                       "X-Avangate-Authentication": auth_header(vendor.code, vendor.secret)})
    r = c.getresponse()
    body = r.read()
    assert r.status == 413, body[:300]
    if form == "rest":
        assert json.loads(body)["error_code"] == "REQUEST_TOO_LARGE"
    elif form == "rpc":
        assert json.loads(body)["error"]["data"]["error_code"] == "REQUEST_TOO_LARGE"
    else:
        assert b"REQUEST_TOO_LARGE" in body and b"Fault" in body
    c.close()
    healthy(server)


def test_body_too_large_chunked(server, vendor):
    def chunks():
        for _ in range(64):
            yield b"y" * 32768

    r = vendor.rest("POST", "/leads/", raw=chunks())
    assert r.request.headers.get("Transfer-Encoding") == "chunked"
    assert_too_large(r.status_code, r.content)
    healthy(server)


def test_body_too_large_on_every_surface(server):
    """Each surface answers 413 in its own error form."""
    r = requests.post(server.base + "/rest/6.0/leads/", data=b" " * TWO_MIB, timeout=60)
    assert_too_large(r.status_code, r.content)
    r = requests.post(server.base + "/nosuch", data=b" " * TWO_MIB, timeout=60)
    assert_too_large(r.status_code, r.content)
    r = requests.post(server.base + "/rpc/6.0/", data=b" " * TWO_MIB, timeout=60)
    assert r.status_code == 413, r.text[:300]
    err = r.json()
    assert err["jsonrpc"] == "2.0" and err["id"] is None
    assert err["error"]["code"] == 413
    assert err["error"]["data"]["error_code"] == "REQUEST_TOO_LARGE"
    r = requests.post(server.base + "/soap/6.0/", data=b" " * TWO_MIB, timeout=60)
    assert r.status_code == 413, r.text[:300]
    fault = soap_fault_of(r)
    assert fault[0] == "REQUEST_TOO_LARGE", fault
    healthy(server)


def test_body_just_under_the_limit_is_read(server, vendor):
    """A big body within the limit reaches the adapter (and fails there as bad JSON)."""
    body = b"[" + b" " * (1024 * 1024 - 16) + b"1"
    r = vendor.rest("POST", "/leads/", raw=body)
    assert r.status_code == 400, r.text
    assert r.json()["error_code"] == "MALFORMED_REQUEST"
    healthy(server)


def test_ten_thousand_headers(server):
    head = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    head += b"".join(b"X-Filler-%d: value-%d\r\n" % (i, i) for i in range(10000)) + b"\r\n"
    raw = raw_request(server, head)
    # libmicrohttpd answers itself, and closes
    assert status_of(raw) == 431, raw[:300]
    assert b"\r\nConnection: close\r\n" in raw, raw[:300]
    healthy(server)


def test_one_huge_header(server):
    head = (b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * (200 * 1024) +
            b"\r\n\r\n")
    raw = raw_request(server, head)
    assert status_of(raw) == 431, raw[:300]
    healthy(server)


def test_huge_url(server):
    raw = raw_request(server, b"GET /" + b"a" * (200 * 1024) + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status_of(raw) == 414, raw[:300]
    healthy(server)


def test_header_flood_does_not_leak_into_log(server):
    marker = "flood-marker-7f3a"
    head = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    head += b"".join(f"X-{marker}-{i}: {marker}\r\n".encode() for i in range(5000)) + b"\r\n"
    raw_request(server, head)
    healthy(server)
    assert marker not in server.read_log()


@pytest.mark.parametrize("depth", [3000, 100000])
def test_deeply_nested_json(server, vendor, depth):
    r = vendor.rest("POST", "/leads/", raw="[" * depth + "]" * depth)
    assert r.status_code == 400, r.text[:300]
    assert r.json()["error_code"] == "MALFORMED_REQUEST"
    r = requests.post(server.base + "/rpc/6.0/", data="[" * depth + "]" * depth, timeout=30)
    assert r.status_code == 200, r.text[:300]
    assert r.json()["error"]["code"] == -32700
    healthy(server)


def test_many_query_arguments_answered(server, vendor):
    """A search with a couple of hundred filters (ProductCode[]=...) is an ordinary request."""
    qs = "&".join(f"ProductCode[]=P{i}" for i in range(200))
    r = requests.get(server.base + "/rest/6.0/leads/?" + qs,
                     headers={"X-Avangate-Authentication":
                              auth_header(vendor.code, vendor.secret)}, timeout=30)
    assert r.status_code == 200, r.text[:300]
    assert r.json()["Pagination"]["Count"] == 0
    healthy(server)


@pytest.fixture(scope="module")
def quick_timeout_server():
    s = Server(extra_args=["--timeout", "2"]).start()
    yield s
    s.stop()


@pytest.fixture(scope="module")
def vendor_q(quick_timeout_server):
    return new_vendor(quick_timeout_server)


@pytest.mark.parametrize("n", [500, 2000])
def test_many_query_arguments_answered_at_once(quick_timeout_server, vendor_q, n):
    """The server parses the query itself: 500 arguments are an ordinary request, 2,000 are
    more than it takes (1,000) and get 414 in the surface's error form — at once, not after a
    timeout."""
    s = quick_timeout_server
    qs = "&".join(f"E{i}=a" for i in range(n))
    with socket.create_connection(("127.0.0.1", s.port), timeout=30) as c:
        c.sendall((f"GET /rest/6.0/leads/?{qs} HTTP/1.1\r\nHost: x\r\n"
                   f"X-Avangate-Authentication: {auth_header(vendor_q.code, vendor_q.secret)}"
                   "\r\n\r\n").encode())
        t0 = time.monotonic()
        status, body = read_response(c)
        assert time.monotonic() - t0 < 1.5, "answered only when the idle timeout closed it"
    if n == 500:
        assert status == 200, body[:300]
    else:
        assert status == 414, body[:300]
        assert json.loads(body)["error_code"] == "URI_TOO_LONG"
    healthy(s)


@pytest.mark.parametrize("data,status", [(b"HELLO\r\n\r\n", None), (b"GET\r\n\r\n", None),
                                         (b"GET / HTTP/9.9\r\n\r\n", 505),
                                         (b"GET / FOO/1.1\r\n\r\n", 400)])
def test_garbage_request_line(server, data, status):
    """A request line that cannot be HTTP is answered with an error (an unknown HTTP version:
    505), or, when there is not even a method and a target, the connection is closed at once
    without an answer (raw_request fails on its timeout rather than return if it is not)."""
    raw = raw_request(server, data, timeout=30)
    if status is None:
        assert raw == b"", (data, raw[:200])
    else:
        assert status_of(raw) == status, (data, raw[:200])
        assert b"\r\nConnection: close\r\n" in raw, (data, raw[:200])
    healthy(server)


def test_binary_garbage_and_blank_lines(quick_timeout_server):
    """Bytes that never form a request line hold nothing: other clients are served, and the
    connection ends at the idle timeout."""
    s = quick_timeout_server
    for data in (b"\x00\x01\x02\x03\r\n\r\n", b"\r\n" * 100, bytes(range(256)) * 4):
        with socket.create_connection(("127.0.0.1", s.port), timeout=30) as c:
            c.sendall(data)
            healthy(s)
            t0 = time.monotonic()
            try:
                out = c.recv(4096)
            except ConnectionResetError:
                out = b""
            assert time.monotonic() - t0 < 30
            if out:
                assert status_of(out) >= 400, out[:200]
    healthy(s)


def test_concurrent_clients(server, vendor):
    """Sixteen clients at once, each with its own connection, all answered."""
    errors = []

    def worker():
        try:
            s = requests.Session()
            for _ in range(10):
                r = s.get(server.base + "/rest/6.0/leads/", timeout=60,
                          headers={"X-Avangate-Authentication":
                                   auth_header(vendor.code, vendor.secret)})
                if r.status_code != 200:
                    errors.append(r.text)
        except Exception as e:  # noqa: BLE001 - report any failure of a worker
            errors.append(repr(e))

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors[:3]
    healthy(server)


def test_slow_client_is_dropped():
    """A client that sends half a request line and stalls is closed after the idle timeout;
    meanwhile other clients are served at once."""
    s = Server(extra_args=["--timeout", "2"]).start()
    try:
        v = new_vendor(s)
        slow = socket.create_connection(("127.0.0.1", s.port), timeout=60)
        slow.sendall(b"GET /heal")
        t0 = time.monotonic()
        # the stalled connection does not hold up anyone else
        for _ in range(5):
            t = time.monotonic()
            healthy(s)
            assert v.rest("GET", "/leads/").status_code == 200
            assert time.monotonic() - t < 10
        try:
            data = slow.recv(4096)
        except ConnectionResetError:
            data = b""
        elapsed = time.monotonic() - t0
        slow.close()
        # closed without an answer, after the timeout and well before the test's own
        assert data == b"" or status_of(data) >= 400, data
        assert 1.0 <= elapsed < 30, elapsed
        healthy(s)

        # a client that stalls in the middle of its body is dropped the same way
        slow = socket.create_connection(("127.0.0.1", s.port), timeout=60)
        slow.sendall(b"POST /rpc/6.0/ HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\"")
        t0 = time.monotonic()
        try:
            data = slow.recv(4096)
        except ConnectionResetError:
            data = b""
        elapsed = time.monotonic() - t0
        slow.close()
        assert data == b"", data
        assert 1.0 <= elapsed < 30, elapsed
        healthy(s)

        # an idle keep-alive connection is closed too, after answering its request
        ka = socket.create_connection(("127.0.0.1", s.port), timeout=60)
        ka.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert read_response(ka)[0] == 200
        t0 = time.monotonic()
        try:
            rest = ka.recv(4096)
        except ConnectionResetError:
            rest = b""
        assert rest == b"" and 1.0 <= time.monotonic() - t0 < 30
        ka.close()
        healthy(s)
        log = s.read_log()
        assert "timeout" in log, log[-2000:]
    finally:
        s.stop()


def test_slow_clients_do_not_exhaust_the_server():
    """Many stalled connections at once: fresh clients are still answered."""
    s = Server(extra_args=["--timeout", "3"]).start()
    socks = []
    try:
        for _ in range(50):
            c = socket.create_connection(("127.0.0.1", s.port), timeout=60)
            c.sendall(b"POST /rpc/6.0/ HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n")
            socks.append(c)
        t = time.monotonic()
        healthy(s)
        assert time.monotonic() - t < 10
    finally:
        for c in socks:
            c.close()
        s.stop()
