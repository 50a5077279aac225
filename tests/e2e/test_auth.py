"""REST authentication: the X-Avangate-Authentication header as every official SDK sends it,
and every way of getting it wrong (all answered alike: 401 AUTHENTICATION_ERROR with one
generic message, so that a caller cannot tell which part was wrong)."""
import datetime
import hashlib
import hmac

import pytest
import requests

from conftest import ADMIN_TOKEN, admin_headers, auth_header, new_vendor

LEADS = "/rest/6.0/leads/"
DIGESTS = {"md5": hashlib.md5, "sha256": hashlib.sha256, "sha3-256": hashlib.sha3_256,
           "sha1": hashlib.sha1, "sha512": hashlib.sha512}


def utc(delta_minutes=0):
    t = datetime.datetime.utcnow() + datetime.timedelta(minutes=delta_minutes)
    return t.strftime("%Y-%m-%d %H:%M:%S")


def sign(code, secret, date, algo):
    msg = f"{len(code.encode())}{code}{len(date.encode())}{date}".encode()
    return hmac.new(secret.encode(), msg, DIGESTS[algo]).hexdigest()


def get_leads(server, value, name="X-Avangate-Authentication", extra=None):
    headers = {"Accept": "application/json"}
    if value is not None:
        headers[name] = value
    headers.update(extra or {})
    return requests.get(server.base + LEADS, headers=headers, timeout=30)


def assert_ok(r):
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) >= {"Items", "Pagination"}, body
    assert body["Pagination"]["Page"] == 1


# --- accepted -------------------------------------------------------------------------------

def test_sha256_header_reaches_authenticated_route(server, vendor):
    assert_ok(get_leads(server, auth_header(vendor.code, vendor.secret, "sha256")))


@pytest.mark.parametrize("algo", [None, "sha256", "sha3-256"])
def test_each_algorithm(server, vendor, algo):
    """No algo is the legacy MD5 (REST 5.0, the Node SDK, older samples)."""
    assert_ok(get_leads(server, auth_header(vendor.code, vendor.secret, algo)))


def test_md5_named_explicitly(server, vendor):
    date = utc()
    h = sign(vendor.code, vendor.secret, date, "md5")
    assert_ok(get_leads(server, f'code="{vendor.code}" date="{date}" hash="{h}" algo="md5"'))


@pytest.mark.parametrize("algo", [None, "sha256", "sha3-256"])
def test_single_quotes(server, vendor, algo):
    assert_ok(get_leads(server, auth_header(vendor.code, vendor.secret, algo, quote="'")))


def test_dotnet_sdk_no_space_before_algo(server, vendor):
    date = utc()
    h = sign(vendor.code, vendor.secret, date, "sha256")
    value = f'code="{vendor.code}" date="{date}" hash="{h}"algo="sha256"'
    assert_ok(get_leads(server, value))


def test_node_sdk_single_quotes_no_space(server, vendor):
    date = utc()
    h = sign(vendor.code, vendor.secret, date, "sha256")
    value = f"code='{vendor.code}' date='{date}' hash='{h}'algo='sha256'"
    assert_ok(get_leads(server, value))


def test_parts_in_another_order(server, vendor):
    date = utc()
    h = sign(vendor.code, vendor.secret, date, "sha3-256")
    value = f'algo="sha3-256" hash="{h}" date="{date}" code="{vendor.code}"'
    assert_ok(get_leads(server, value))


def test_lower_case_header_name(server, vendor):
    assert_ok(get_leads(server, auth_header(vendor.code, vendor.secret),
                        name="x-avangate-authentication"))


def test_upper_case_hex_hash(server, vendor):
    date = utc()
    h = sign(vendor.code, vendor.secret, date, "sha256").upper()
    assert_ok(get_leads(server, f'code="{vendor.code}" date="{date}" hash="{h}" algo="sha256"'))


def test_date_inside_window(server, vendor):
    """A few minutes of clock skew either way is tolerated."""
    for minutes in (-9, 9):
        date = utc(minutes)
        h = sign(vendor.code, vendor.secret, date, "sha256")
        assert_ok(get_leads(server,
                            f'code="{vendor.code}" date="{date}" hash="{h}" algo="sha256"'))


def test_each_call_is_independent(server, vendor):
    """REST has no session: the same vendor signs many calls in a row."""
    for algo in (None, "sha256", "sha3-256", "sha256"):
        assert_ok(vendor.rest("GET", "/leads/", algo=algo))


# --- refused --------------------------------------------------------------------------------

def _fail_cases(vendor):
    code, secret = vendor.code, vendor.secret
    date = utc()
    good = sign(code, secret, date, "sha256")
    old, future = utc(-11), utc(11)
    return {
        "wrong hash": f'code="{code}" date="{date}" hash="{sign(code, "x" + secret, date, "sha256")}" algo="sha256"',
        "hash of another date": f'code="{code}" date="{date}" hash="{sign(code, secret, utc(-1), "sha256")}" algo="sha256"',
        "md5 hash sent as sha256": f'code="{code}" date="{date}" hash="{sign(code, secret, date, "md5")}" algo="sha256"',
        "sha256 hash without algo": f'code="{code}" date="{date}" hash="{good}"',
        "date 11 minutes old": f'code="{code}" date="{old}" hash="{sign(code, secret, old, "sha256")}" algo="sha256"',
        "date 11 minutes ahead": f'code="{code}" date="{future}" hash="{sign(code, secret, future, "sha256")}" algo="sha256"',
        "unknown vendor": f'code="NOPE{code}" date="{date}" hash="{sign("NOPE" + code, secret, date, "sha256")}" algo="sha256"',
        "unknown algo sha1": f'code="{code}" date="{date}" hash="{sign(code, secret, date, "sha1")}" algo="sha1"',
        "unknown algo sha512": f'code="{code}" date="{date}" hash="{sign(code, secret, date, "sha512")}" algo="sha512"',
        "empty algo": f'code="{code}" date="{date}" hash="{good}" algo=""',
        "empty hash": f'code="{code}" date="{date}" hash="" algo="sha256"',
        "truncated hash": f'code="{code}" date="{date}" hash="{good[:-2]}" algo="sha256"',
        "hash with extra chars": f'code="{code}" date="{date}" hash="{good}00" algo="sha256"',
        "ISO date with T": (lambda d: f'code="{code}" date="{d}" hash="{sign(code, secret, d, "sha256")}" algo="sha256"')(date.replace(" ", "T")),
        "date not a date": f'code="{code}" date="yesterday" hash="{sign(code, secret, "yesterday", "sha256")}" algo="sha256"',
        "no code": f'date="{date}" hash="{good}" algo="sha256"',
        "no date": f'code="{code}" hash="{good}" algo="sha256"',
        "no hash": f'code="{code}" date="{date}" algo="sha256"',
        "code given twice": f'code="{code}" code="{code}" date="{date}" hash="{good}" algo="sha256"',
        "unterminated quote": f'code="{code}" date="{date}" hash="{good} algo="sha256',
        "unquoted values": f'code={code} date={date} hash={good} algo=sha256',
        "garbage": "Basic dXNlcjpwYXNz",
        "empty header": "",
        "only separators": ", ; ,",
    }


FAIL_NAMES = list(_fail_cases(type("V", (), {"code": "C", "secret": "S" * 8})()).keys())


@pytest.fixture(scope="module")
def generic_message(server):
    """The message of a refusal, which every other refusal must repeat word for word."""
    r = get_leads(server, None)
    assert r.status_code == 401, r.text
    assert r.json()["error_code"] == "AUTHENTICATION_ERROR"
    return r.json()["message"]


def assert_refused(r, message):
    assert r.status_code == 401, r.text
    assert r.headers["Content-Type"].startswith("application/json")
    body = r.json()
    assert body == {"error_code": "AUTHENTICATION_ERROR", "message": message}, body


def test_missing_header(server, generic_message):
    assert_refused(get_leads(server, None), generic_message)
    # nothing in the generic message hints at which part was wrong
    for word in ("hash", "date", "vendor", "algo", "expired"):
        assert word not in generic_message.lower()


@pytest.mark.parametrize("case", FAIL_NAMES)
def test_refused_alike(server, vendor, generic_message, case):
    value = _fail_cases(vendor)[case]
    assert_refused(get_leads(server, value), generic_message)


def test_refused_on_every_rest_route(server, vendor, generic_message):
    """Authentication comes before the arguments: even a bad body is answered 401."""
    bad = auth_header(vendor.code, "not-the-secret")
    h = {"X-Avangate-Authentication": bad, "Content-Type": "application/json"}
    for method, path, body in (("GET", "/leads/ABCDEF1234", None),
                               ("POST", "/leads/", "{not json"),
                               ("PUT", "/leads/ABCDEF1234", "{}"),
                               ("PUT", "/leads/", "[]")):
        r = requests.request(method, server.base + "/rest/6.0" + path, data=body, headers=h,
                             timeout=30)
        assert_refused(r, generic_message)


def test_other_vendors_secret_refused(server, vendor, other_vendor, generic_message):
    """A hash made with another vendor's secret does not open this vendor's account."""
    assert_refused(get_leads(server, auth_header(vendor.code, other_vendor.secret)),
                   generic_message)


def test_reference_vector(server, generic_message):
    """The documented example (AVANGATE, 2010-05-13 12:12:12, SECRET_KEY -> HMAC-MD5
    bf763d...) is computed right, and is refused today because its date is far outside the
    window; the same vendor signing with today's date gets in."""
    code, secret, date = "AVANGATE", "SECRET_KEY", "2010-05-13 12:12:12"
    assert f"{len(code)}{code}{len(date)}{date}" == "8AVANGATE192010-05-13 12:12:12"
    assert sign(code, secret, date, "md5") == "bf763db7d333e9c3038698cf59ada3e6"
    r = requests.post(server.base + "/control/vendors/", headers=admin_headers(),
                      json={"Code": code, "Secret": secret}, timeout=30)
    assert r.status_code in (201, 409), r.text
    assert_refused(get_leads(server, f'code="{code}" date="{date}" '
                                     f'hash="bf763db7d333e9c3038698cf59ada3e6"'),
                   generic_message)
    assert_ok(get_leads(server, auth_header(code, secret, None)))
    assert_ok(get_leads(server, auth_header(code, secret, "sha256")))


def test_vendor_code_with_multibyte_chars_refused(server, generic_message):
    """Lengths are in bytes; a code the server cannot hold is just an unknown vendor."""
    code = "ÄÖÜ"
    date = utc()
    value = f'code="{code}" date="{date}" hash="{sign(code, "whatever1", date, "sha256")}" algo="sha256"'
    r = requests.get(server.base + LEADS, headers={"X-Avangate-Authentication":
                                                   value.encode("utf-8")}, timeout=30)
    assert_refused(r, generic_message)


def test_very_long_header_refused(server, vendor, generic_message):
    date = utc()
    value = f'code="{vendor.code}" date="{date}" hash="{"a" * 4000}" algo="sha256"'
    assert_refused(get_leads(server, value), generic_message)


def test_admin_token_is_not_a_rest_credential(server, generic_message):
    r = requests.get(server.base + LEADS, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
                     timeout=30)
    assert_refused(r, generic_message)


def test_vendor_created_through_control_api_gets_in_at_once(server):
    v = new_vendor(server, model="PSP")
    assert_ok(get_leads(server, auth_header(v.code, v.secret, "sha3-256")))
