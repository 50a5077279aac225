"""ConvertPlus buy-link signatures: POST /checkout/api/encrypt/generate/signature as the official
SDKs send it (PHP, Python, Node, Ruby), the merchant-token (JWT HS512 signed with the buy-link
secret word) and its refusals, and signed links opened at /checkout/buy.

Signatures and JWTs are computed here, independently of Kassa, from the platform's documented
algorithm."""
import base64
import hashlib
import hmac
import json
import time
import uuid

import pytest
import requests

from conftest import ADMIN_TOKEN

SIG_PATH = "/checkout/api/encrypt/generate/signature"
SIGNED = {"return-url", "return-type", "expiration", "order-ext-ref", "item-ext-ref",
          "customer-ref", "customer-ext-ref", "lock", "currency", "prod", "price", "qty",
          "tangible", "type", "opt", "description", "recurrence", "duration", "renewal-price",
          "coupon"}


def link_text(v):
    if isinstance(v, bool):
        return "1" if v else "0"
    return str(v)


def expected_signature(word, params):
    """The platform's algorithm: signed parameters sorted by name, each value prefixed with
    its length in bytes, concatenated, HMAC-SHA256 with the buy-link secret word."""
    src = ""
    for k in sorted(k for k in params if k in SIGNED and params[k] is not None):
        val = link_text(params[k])
        src += f"{len(val.encode())}{val}"
    return hmac.new(word.encode(), src.encode(), hashlib.sha256).hexdigest()


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(word, claims, header=None, sep=(",", ":"), alg="sha512"):
    h = b64url(json.dumps(header or {"alg": "HS512", "typ": "JWT"}, separators=sep).encode())
    p = b64url(json.dumps(claims, separators=sep).encode())
    digest = {"sha512": hashlib.sha512, "sha256": hashlib.sha256}[alg]
    s = b64url(hmac.new(word.encode(), f"{h}.{p}".encode(), digest).digest())
    return f"{h}.{p}.{s}"


@pytest.fixture
def merchant(server):
    code = "BL" + uuid.uuid4().hex[:8].upper()
    word = "word-" + uuid.uuid4().hex
    r = requests.post(server.base + "/control/vendors/",
                      headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
                      json={"Code": code, "SecretWord": word}, timeout=30)
    assert r.status_code == 201, r.text
    assert r.json()["SecretWord"] == word
    return code, word


def dynamic_params(code):
    """The Node SDK's example link (examples/testBuyLinkSignature.js), for this merchant."""
    return {
        "address": "Test Address", "city": "LA", "country": "US", "name": "Customer 2Checkout",
        "phone": "0770678987", "zip": "12345", "email": "testcustomer@2Checkout.com",
        "company-name": "Verifone", "state": "California", "ship-name": "Customer 2Checkout",
        "ship-address": "Test Address", "ship-city": "LA", "ship-country": "US",
        "ship-email": "testcustomer@2Checkout.com", "ship-state": "California",
        "prod": "Buy link Dynamic product test product from API", "price": 1, "qty": 1,
        "type": "PRODUCT", "tangible": 0, "src": "NodeJsLibrary",
        "return-url": "http://tcoLib.example/paymentCallback.php", "return-type": "redirect",
        "expiration": int(time.time()) + 3600 * 5, "order-ext-ref": "CustOrd100",
        "item-ext-ref": "20230614145657", "customer-ext-ref": "testcustomer@2Checkout.com",
        "currency": "usd", "language": "en", "test": 1, "merchant": code, "dynamic": 1,
    }


def post(server, path, token, body, headers=None, raw=None):
    h = {"Content-Type": "application/json", "Accept": "application/json"}
    if token is not None:
        h["merchant-token"] = token
    h.update(headers or {})
    return requests.post(server.base + path, headers=h,
                         data=raw if raw is not None else json.dumps(body), timeout=30)


# --- the algorithm, with vectors computed here ------------------------------------------------

def test_known_vector(server):
    """A fixed vector: word, parameters and signature all fixed in the test."""
    code, word = "BLVECTOR" + uuid.uuid4().hex[:4].upper(), "s3cr3t-w0rd"
    r = requests.post(server.base + "/control/vendors/",
                      headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
                      json={"Code": code, "SecretWord": word}, timeout=30)
    assert r.status_code == 201
    params = {"merchant": code, "prod": "Product A;Product B", "price": "9.99;5",
              "qty": "1;2", "currency": "USD", "type": "PRODUCT;PRODUCT", "tangible": "0;1",
              "return-url": "https://example.com/thanks?x=1&y=ü", "language": "en"}
    # serialized: currency, price, prod, qty, return-url, tangible, type (sorted); the
    # return-url has a two-byte character: 34 characters, 35 bytes
    src = ("3USD" "6" "9.99;5" "19" "Product A;Product B" "3" "1;2"
           "35" "https://example.com/thanks?x=1&y=ü" "3" "0;1" "15" "PRODUCT;PRODUCT")
    want = hmac.new(word.encode(), src.encode(), hashlib.sha256).hexdigest()
    assert want == expected_signature(word, params)
    now = int(time.time())
    r = post(server, SIG_PATH, jwt(word, {"sub": code, "iat": now, "exp": now + 600}), params)
    assert r.status_code == 200, r.text
    assert r.json() == {"signature": want}


def test_unsigned_parameters_do_not_change_the_signature(server, merchant):
    code, word = merchant
    now = int(time.time())
    tok = jwt(word, {"sub": code, "iat": now, "exp": now + 600})
    a = post(server, SIG_PATH, tok, {"merchant": code, "prod": "X", "price": 3, "qty": 1})
    b = post(server, SIG_PATH, tok, {"merchant": code, "prod": "X", "price": 3, "qty": 1,
                                     "name": "Jane", "email": "j@example.com", "src": "x"})
    c = post(server, SIG_PATH, tok, {"merchant": code, "prod": "X", "price": 4, "qty": 1})
    assert a.json()["signature"] == b.json()["signature"]
    assert a.json()["signature"] != c.json()["signature"]
    assert a.json()["signature"] == expected_signature(word, {"prod": "X", "price": 3, "qty": 1})


# --- the SDKs' requests, as they send them -----------------------------------------------------

def test_php_sdk_request(server, merchant):
    """PHP SDK (AuthBuyLink + ApiCore::call): no trailing slash, header names in lower case with
    cache-control, {sub, iat, exp} as integers (exp = iat + 30 minutes by default), the body
    json_encode'd with JSON_UNESCAPED_UNICODE."""
    code, word = merchant
    now = int(time.time())
    params = dynamic_params(code)
    params["prod"] = "Cafe Crème"
    raw = json.dumps(params, ensure_ascii=False, separators=(",", ":")).encode()
    r = post(server, SIG_PATH, jwt(word, {"sub": code, "iat": now, "exp": now + 1800}), None,
             headers={"content-type": "application/json", "cache-control": "no-cache"}, raw=raw)
    assert r.status_code == 200, r.text
    assert r.json()["signature"] == expected_signature(word, params)


def test_python_sdk_request(server, merchant):
    """Python SDK: iat and exp as numeric strings, as the platform's JWT guide writes them."""
    code, word = merchant
    now = int(time.time())
    params = dynamic_params(code)
    tok = jwt(word, {"sub": code, "iat": str(now), "exp": str(now + 3600)},
              sep=(", ", ": "))
    r = post(server, SIG_PATH, tok, params)
    assert r.status_code == 200, r.text
    assert r.json()["signature"] == expected_signature(word, params)


@pytest.mark.parametrize("claims", ["sub", "merchant", "none"])
@pytest.mark.parametrize("path", [SIG_PATH, SIG_PATH + "/"])
def test_node_sdk_request(server, merchant, claims, path):
    """Node SDK (lib/buy-link-signature.js): jsonwebtoken with HS512 and expiresIn, src added to
    the parameters; the merchant named by sub, by a merchant claim, or only in the link's own
    merchant parameter."""
    code, word = merchant
    now = int(time.time())
    body = {"iat": now, "exp": now + 20 * 60}
    if claims == "sub":
        body["sub"] = code
    elif claims == "merchant":
        body["merchant"] = code
    params = dynamic_params(code)
    r = post(server, path, jwt(word, body), params)
    assert r.status_code == 200, r.text
    assert r.json()["signature"] == expected_signature(word, params)


def test_ruby_sdk_request(server, merchant):
    """Ruby SDK (TwocheckoutClient::Signature): trailing slash, exp = iat + 3600000."""
    code, word = merchant
    now = int(time.time())
    params = dynamic_params(code)
    r = post(server, SIG_PATH + "/", jwt(word, {"sub": code, "iat": now, "exp": now + 3600000}),
             params)
    assert r.status_code == 200, r.text
    assert r.json()["signature"] == expected_signature(word, params)


# --- refusals -------------------------------------------------------------------------------------

def refused(r, code="MERCHANT_TOKEN_INVALID", status=401):
    assert r.status_code == status, r.text
    assert r.json()["error_code"] == code, r.text
    return r.json()["message"]


def test_token_refusals(server, merchant, other_vendor):
    code, word = merchant
    now = int(time.time())
    params = {"merchant": code, "prod": "X", "price": 1, "qty": 1}
    refused(post(server, SIG_PATH, None, params))
    refused(post(server, SIG_PATH, "not-a-jwt", params))
    refused(post(server, SIG_PATH, "a.b.c.d", params))
    refused(post(server, SIG_PATH, "!!!.???.sig", params))
    # expired, and exp absent with an old iat (30 minutes by default)
    assert "expired" in refused(post(server, SIG_PATH,
                                     jwt(word, {"sub": code, "iat": now - 100, "exp": now - 5}),
                                     params))
    refused(post(server, SIG_PATH, jwt(word, {"sub": code, "iat": now - 3600}), params))
    # issued in the future, or with no iat
    refused(post(server, SIG_PATH, jwt(word, {"sub": code, "iat": now + 7200}), params))
    refused(post(server, SIG_PATH, jwt(word, {"sub": code, "exp": now + 60}), params))
    refused(post(server, SIG_PATH, jwt(word, {"sub": code, "iat": "yesterday"}), params))
    # signed with another word, with the secret key, or with HS256
    refused(post(server, SIG_PATH, jwt("wrong-word", {"sub": code, "iat": now}), params))
    refused(post(server, SIG_PATH, jwt(word, {"sub": code, "iat": now},
                                       header={"alg": "HS256", "typ": "JWT"}, alg="sha256"),
                 params))
    refused(post(server, SIG_PATH, jwt(word, {"sub": code, "iat": now},
                                       header={"alg": "none", "typ": "JWT"}), params))
    # a tampered payload keeps the old signature
    good = jwt(word, {"sub": code, "iat": now, "exp": now + 60})
    h, _, s = good.split(".")
    forged = b64url(json.dumps({"sub": code, "iat": now, "exp": now + 99999}).encode())
    refused(post(server, SIG_PATH, f"{h}.{forged}.{s}", params))
    # an unknown merchant; a token of one merchant for another's link
    refused(post(server, SIG_PATH, jwt(word, {"sub": "NOSUCHMERCHANT", "iat": now}), params))
    refused(post(server, SIG_PATH, jwt(word, {"sub": code, "iat": now}),
                 {**params, "merchant": other_vendor.code}))
    refused(post(server, SIG_PATH, jwt(word, {"iat": now}), {"prod": "X"}))


def test_body_refusals(server, merchant):
    code, word = merchant
    now = int(time.time())
    tok = jwt(word, {"sub": code, "iat": now})
    refused(post(server, SIG_PATH, tok, None, raw=b"{not json"), "MALFORMED_REQUEST", 400)
    refused(post(server, SIG_PATH, tok, [1, 2]), "MALFORMED_REQUEST", 400)
    refused(post(server, SIG_PATH, tok, {"prod": ["a", "b"]}), "PARAMETER_INVALID", 400)
    r = requests.get(server.base + SIG_PATH, timeout=30)
    assert r.status_code == 405
    assert r.json()["error_code"] == "METHOD_NOT_ALLOWED"


def test_vendor_cli_secret_word(server):
    code = "CLI" + uuid.uuid4().hex[:6].upper()
    r = server.cli("vendor", "add", "--code", code, "--secret-word", "my-secret-word")
    assert r.returncode == 0, r.stderr
    assert "secret word:   my-secret-word" in r.stdout
    shown = json.loads(server.cli("vendor", "show", "--code", code, "--reveal-secret").stdout)
    assert shown["SecretWord"] == "my-secret-word"
    masked = json.loads(server.cli("vendor", "show", "--code", code).stdout)
    assert "my-secret-word" not in json.dumps(masked)
    r = requests.post(server.base + "/control/vendors/",
                      headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
                      json={"Code": code + "X", "SecretWord": ""}, timeout=30)
    assert r.status_code == 400 and r.json()["error_code"] == "PARAMETER_INVALID", r.text
    # generated when absent
    r = requests.post(server.base + "/control/vendors/",
                      headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
                      json={"Code": code + "G"}, timeout=30)
    assert r.status_code == 201
    assert len(r.json()["SecretWord"]) >= 16
