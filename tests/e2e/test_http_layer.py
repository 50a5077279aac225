"""What the HTTP layer refuses before routing, each answered at once and in the error form of
the surface the request was sent to: NUL bytes in the path, query or a header, unsupported
transfer codings, URIs, query strings and headers beyond the limits, bodies that stop coming
(408), and TLS on the plain port (closed at once)."""
import json
import socket
import time
import xml.etree.ElementTree as ET

import pytest

from conftest import ADMIN_TOKEN, Server, auth_header, new_vendor, read_response


@pytest.fixture(scope="module")
def srv():
    s = Server(extra_args=["--header-timeout", "1", "--min-body-rate", "100",
                           "--timeout", "60"]).start()
    yield s
    s.stop()


@pytest.fixture(scope="module")
def v(srv):
    return new_vendor(srv)


def exchange(server, data, timeout=30):
    """Sends data on a fresh connection; returns (seconds, status, body) of the answer."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as c:
        c.sendall(data)
        t0 = time.monotonic()
        status, body = read_response(c, timeout=timeout)
        return time.monotonic() - t0, status, body


def error_code(form, body):
    if form == "rest":
        return json.loads(body)["error_code"]
    if form == "rpc":
        err = json.loads(body)["error"]
        return err["data"]["error_code"]
    root = ET.fromstring(body)
    fault = next(el for el in root.iter() if el.tag.endswith("Fault"))
    return fault.find("faultcode").text.split(":")[-1]


SURFACES = [("/rest/6.0/leads/", "rest"), ("/rpc/6.0/", "rpc"), ("/soap/6.0/", "soap")]


def test_nul_in_a_signed_path_is_refused(srv, v):
    """GET /rest/6.0/leads/%00 was routed as /leads/ and answered the list."""
    head = (f"GET /rest/6.0/leads/%00 HTTP/1.1\r\nHost: x\r\n"
            f"X-Avangate-Authentication: {auth_header(v.code, v.secret)}\r\n\r\n").encode()
    secs, status, body = exchange(srv, head)
    assert status == 400, body
    assert error_code("rest", body) == "BAD_REQUEST"
    assert secs < 5  # answered, not closed at the 1 s header deadline


def test_raw_nul_byte_in_a_signed_path_is_refused(srv, v):
    """The same with the byte itself: GET /rest/6.0/leads/\0junk is not GET /leads/."""
    head = (b"GET /rest/6.0/leads/\x00junk HTTP/1.1\r\nHost: x\r\n"
            b"X-Avangate-Authentication: " + auth_header(v.code, v.secret).encode() +
            b"\r\n\r\n")
    _, status, body = exchange(srv, head)
    assert status == 400, body
    assert error_code("rest", body) == "BAD_REQUEST"
    # and an ordinary signed list still works on the same server
    _, status, body = exchange(srv, (f"GET /rest/6.0/leads/ HTTP/1.1\r\nHost: x\r\n"
                                     f"X-Avangate-Authentication: "
                                     f"{auth_header(v.code, v.secret)}\r\n\r\n").encode())
    assert status == 200, body


@pytest.mark.parametrize("path,form", SURFACES)
def test_nul_in_the_query_is_refused_in_the_surface_form(srv, path, form):
    secs, status, body = exchange(srv, f"POST {path}?a=b%00c HTTP/1.1\r\nHost: x\r\n"
                                       "Content-Length: 2\r\n\r\n{}".encode())
    assert status == 400, body
    assert error_code(form, body) == "BAD_REQUEST"


def test_nul_in_a_header_value_is_refused(srv):
    """Authorization: Bearer <token>\\0junk was accepted as the token."""
    head = (b"GET /control/clock/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
            ADMIN_TOKEN.encode() + b"\x00junk\r\n\r\n")
    _, status, body = exchange(srv, head)
    assert status == 400, body
    assert error_code("rest", body) == "BAD_REQUEST"
    # the same header without the NUL is the token
    _, status, body = exchange(srv, b"GET /control/clock/ HTTP/1.1\r\nHost: x\r\n"
                                    b"Authorization: Bearer " + ADMIN_TOKEN.encode() +
                                    b"\r\n\r\n")
    assert status == 200, body


@pytest.mark.parametrize("path,form", SURFACES)
def test_unsupported_transfer_coding_is_501(srv, path, form):
    secs, status, body = exchange(srv, f"POST {path} HTTP/1.1\r\nHost: x\r\n"
                                       "Transfer-Encoding: gzip\r\n\r\nabc".encode())
    assert status == 501, body
    assert error_code(form, body) == "TRANSFER_ENCODING_UNSUPPORTED"
    assert secs < 5  # answered, not closed at the 1 s header deadline


@pytest.mark.parametrize("path,form", SURFACES)
def test_uri_too_long_is_414_in_the_surface_form(srv, path, form):
    _, status, body = exchange(srv, f"POST {path}?q={'a' * 20000} HTTP/1.1\r\nHost: x\r\n"
                                    "Content-Length: 2\r\n\r\n{}".encode())
    assert status == 414, body[:300]
    assert error_code(form, body) == "URI_TOO_LONG"


@pytest.mark.parametrize("path,form", SURFACES)
def test_headers_too_large_is_431_in_the_surface_form(srv, path, form):
    filler = "".join(f"X-Filler-{i}: {'v' * 60}\r\n" for i in range(600))  # ~45 KiB
    _, status, body = exchange(srv, f"POST {path} HTTP/1.1\r\nHost: x\r\n{filler}"
                                    "Content-Length: 2\r\n\r\n{}".encode())
    assert status == 431, body[:300]
    assert error_code(form, body) == "HEADERS_TOO_LARGE"


@pytest.mark.parametrize("path,form", SURFACES)
def test_a_body_shorter_than_its_content_length_gets_408(srv, path, form):
    """Content-Length: 100 and 3 bytes: the body stops coming; the answer is a 408 once the
    body falls below --min-body-rate (here after the 1 s grace), not silence until --timeout."""
    secs, status, body = exchange(srv, f"POST {path} HTTP/1.1\r\nHost: x\r\n"
                                       "Content-Length: 100\r\n\r\nabc".encode())
    assert status == 408, body
    assert error_code(form, body) == "REQUEST_TIMEOUT"
    assert secs < 10


def test_a_chunk_that_never_comes_gets_408(srv):
    secs, status, body = exchange(srv, b"POST /rest/6.0/leads/ HTTP/1.1\r\nHost: x\r\n"
                                       b"Transfer-Encoding: chunked\r\n\r\n"
                                       b"ffffffffffffffff\r\nabc")
    assert status == 408, body
    assert error_code("rest", body) == "REQUEST_TIMEOUT"
    assert secs < 10


def test_tls_on_the_plain_port_is_closed_at_once():
    """A ClientHello has no line end for the request line: the connection is closed at once,
    not after --header-timeout (30 s here)."""
    s = Server(extra_args=["--header-timeout", "30"]).start()
    try:
        hello = bytes.fromhex("16030100f4010000f00303") + bytes(range(32)) + b"\x00" * 200
        with socket.create_connection(("127.0.0.1", s.port), timeout=30) as c:
            c.sendall(hello)
            t0 = time.monotonic()
            try:
                out = c.recv(4096)
            except ConnectionResetError:
                out = b""
            assert out == b"" and time.monotonic() - t0 < 5
    finally:
        s.stop()
