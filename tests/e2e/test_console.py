"""The sandbox console's HTTP rules: nothing without a session, the login with the admin token
(and only it), the session cookie and its flags, sessions shared by the servers of one
database, a CSRF token on every POST, and logout. What the pages show is walked in a browser
(tests/browser/console.test.mjs)."""
import re

import pytest
import requests

from conftest import ADMIN_TOKEN, Server
from orders_util import catalog_order, seeded_vendor
from test_partners import Partner, product_ids


def login_form(base, session=None):
    s = session or requests.Session()
    r = s.get(base + "/console/", timeout=30)
    m = re.search(r'name="csrf" value="([0-9a-f]+)"', r.text)
    return s, r, m.group(1) if m else None


def login(base, token=ADMIN_TOKEN):
    s, _, csrf = login_form(base)
    r = s.post(base + "/console/login", data={"token": token, "csrf": csrf},
               allow_redirects=False, timeout=30)
    return s, r


def csrf_of(session, url):
    r = session.get(url, timeout=30)
    assert r.status_code == 200, r.text
    return re.search(r'name="csrf" value="([0-9a-f]+)"', r.text).group(1)


@pytest.fixture
def vendor(server):
    return seeded_vendor(server)


@pytest.fixture
def other_vendor(server):
    return seeded_vendor(server)


def place(vendor, **over):
    r = vendor.rest("POST", "/orders/", catalog_order(**over))
    assert r.status_code == 201, r.text
    return r.json()


def test_console_address_shows_the_login_page(server):
    _, r, csrf = login_form(server.base)
    assert r.status_code == 200
    assert 'action="/console/login"' in r.text and 'name="token"' in r.text
    assert csrf and len(csrf) == 64
    assert "default-src 'none'" in r.headers["Content-Security-Policy"]
    assert r.headers["Cache-Control"] == "no-store"


def test_no_page_without_a_session(server, vendor):
    for path in ["/console/v/%s/" % vendor.code, "/console/v/%s/orders" % vendor.code,
                 "/console/v/%s/clock" % vendor.code, "/console/pick?vendor=X"]:
        r = requests.get(server.base + path, allow_redirects=False, timeout=30)
        assert r.status_code == 401, path
        assert 'action="/console/login"' in r.text
        assert vendor.code not in r.text.replace("/console/v/%s" % vendor.code, "")


def test_no_action_without_a_session(server, vendor):
    order = place(vendor)
    for path, data in [("/console/v/%s/orders/%s/refund" % (vendor.code, order["RefNo"]), {}),
                       ("/console/v/%s/clock/advance" % vendor.code, {"seconds": "3600"}),
                       ("/console/logout", {})]:
        r = requests.post(server.base + path, data=data, allow_redirects=False, timeout=30)
        assert r.status_code == 401, path
        assert 'data-code="INVALID_SESSION"' in r.text
    assert vendor.rest("GET", "/orders/%s/" % order["RefNo"]).json()["Status"] == "COMPLETE"


def test_static_files_need_no_session(server):
    css = requests.get(server.base + "/console/assets/console.css", timeout=30)
    assert css.status_code == 200 and css.headers["Content-Type"].startswith("text/css")
    assert ":focus-visible" in css.text
    js = requests.get(server.base + "/console/assets/console.js", timeout=30)
    assert js.status_code == 200 and "javascript" in js.headers["Content-Type"]
    assert requests.get(server.base + "/console/assets/nope.css", timeout=30).status_code == 404


def test_a_wrong_token_is_refused(server):
    s, r = login(server.base, token="not-the-token")
    assert r.status_code == 401
    assert "That is not the admin token" in r.text
    assert "kassa_console=" not in r.headers.get("Set-Cookie", "").replace(
        "kassa_console_login=", "")
    assert s.get(server.base + "/console/v/X/", timeout=30).status_code == 401


def test_login_needs_its_form_token(server):
    # no form token, or one that is not the cookie's: another site's form
    s, _, csrf = login_form(server.base)
    r = s.post(server.base + "/console/login", data={"token": ADMIN_TOKEN},
               allow_redirects=False, timeout=30)
    assert r.status_code == 403
    r = requests.post(server.base + "/console/login", data={"token": ADMIN_TOKEN, "csrf": csrf},
                      allow_redirects=False, timeout=30)
    assert r.status_code == 403
    r = s.post(server.base + "/console/login", data={"token": ADMIN_TOKEN, "csrf": "0" * 64},
               allow_redirects=False, timeout=30)
    assert r.status_code == 403


def test_login_sets_a_strict_http_only_session_cookie(server, vendor):
    s, r = login(server.base)
    assert r.status_code == 303 and r.headers["Location"] == "/console/"
    cookies = r.raw.headers.getlist("Set-Cookie")
    session = [c for c in cookies if c.startswith("kassa_console=")]
    assert len(session) == 1
    assert "HttpOnly" in session[0] and "SameSite=Strict" in session[0]
    assert "Path=/console" in session[0]
    home = s.get(server.base + "/console/", timeout=30)
    assert home.status_code == 200 and vendor.code in home.text
    page = s.get(server.base + "/console/v/%s/" % vendor.code, timeout=30)
    assert page.status_code == 200 and "<h1>%s</h1>" % vendor.code in page.text


def test_sessions_are_shared_by_the_servers_of_a_database(server):
    s, r = login(server.base)
    assert r.status_code == 303
    other = Server()
    other.db = server.db
    other.start()
    try:
        r = requests.get(other.base + "/console/", timeout=30,
                         cookies={"kassa_console": s.cookies["kassa_console"]})
        assert r.status_code == 200 and "Vendors" in r.text
        r = requests.get(other.base + "/console/", timeout=30,
                         cookies={"kassa_console": "f" * 64})
        assert 'action="/console/login"' in r.text
    finally:
        other.stop()


def test_every_post_needs_the_csrf_token(server, vendor):
    order = place(vendor, Items=[{"Code": "CLOUD-BASIC", "Quantity": 1, "PriceOptions": ["USERS=2"]}])
    ref = order["RefNo"]
    s, _ = login(server.base)
    base = server.base + "/console/v/%s" % vendor.code
    csrf = csrf_of(s, base + "/orders/" + ref)
    sub = vendor.rest("GET", "/orders/%s/" % ref).json()["Items"][0]["ProductDetails"][
        "Subscriptions"][0]["SubscriptionReference"]
    clock = requests.get(server.base + "/control/clock/",
                         headers={"Authorization": "Bearer " + ADMIN_TOKEN}).json()
    posts = [(base + "/orders/%s/refund" % ref, {}),
             (base + "/subscriptions/%s/set" % sub, {"flag": "enabled", "on": "0"}),
             (base + "/clock/advance", {"seconds": "3600"}),
             (base + "/notifications/1/replay", {}),
             (server.base + "/console/logout", {})]
    for url, data in posts:
        for bad in [None, "", "0" * 64, csrf[:-1]]:
            form = dict(data)
            if bad is not None:
                form["csrf"] = bad
            r = s.post(url, data=form, allow_redirects=False, timeout=30)
            assert r.status_code == 403, (url, bad)
            assert 'data-code="FORBIDDEN"' in r.text
    # nothing changed
    assert vendor.rest("GET", "/orders/%s/" % ref).json()["Status"] == "COMPLETE"
    assert vendor.rest("GET", "/subscriptions/%s/" % sub).json()["SubscriptionEnabled"] is True
    after = requests.get(server.base + "/control/clock/",
                         headers={"Authorization": "Bearer " + ADMIN_TOKEN}).json()
    assert after["OffsetSeconds"] == clock["OffsetSeconds"]
    # with the token, the refund goes through the domain as issueRefund does
    r = s.post(base + "/orders/%s/refund" % ref, data={"csrf": csrf, "reason": "Other"},
               allow_redirects=False, timeout=30)
    assert r.status_code == 303
    assert r.headers["Location"] == "/console/v/%s/orders/%s?done=refund" % (vendor.code, ref)
    assert vendor.rest("GET", "/orders/%s/" % ref).json()["Status"] == "REFUND"
    # and a second refund is refused with the API's code
    r = s.post(base + "/orders/%s/refund" % ref, data={"csrf": csrf}, timeout=30)
    assert r.status_code == 400 and "ORDER_REFUND_NOT_ALLOWED" in r.text


def test_logout_ends_the_session(server, vendor):
    s, _ = login(server.base)
    cookie = s.cookies["kassa_console"]
    csrf = csrf_of(s, server.base + "/console/")
    r = s.post(server.base + "/console/logout", data={"csrf": csrf}, allow_redirects=False,
               timeout=30)
    assert r.status_code == 303 and r.headers["Location"] == "/console/"
    assert "Max-Age=0" in r.headers["Set-Cookie"]
    # the old cookie opens nothing any more, on any server
    r = requests.get(server.base + "/console/v/%s/" % vendor.code, timeout=30,
                     cookies={"kassa_console": cookie}, allow_redirects=False)
    assert r.status_code == 401


def test_a_vendor_sees_only_its_own_orders(server, vendor, other_vendor):
    mine = place(vendor)["RefNo"]
    theirs = place(other_vendor)["RefNo"]
    s, _ = login(server.base)
    page = s.get(server.base + "/console/v/%s/orders" % vendor.code, timeout=30).text
    assert mine in page and theirs not in page
    r = s.get(server.base + "/console/v/%s/orders/%s" % (vendor.code, theirs), timeout=30)
    assert r.status_code == 404 and "ORDER_NOT_FOUND" in r.text
    r = s.get(server.base + "/console/v/NO-SUCH-VENDOR/", timeout=30)
    assert r.status_code == 404 and "VENDOR_NOT_FOUND" in r.text


def test_a_vendor_sees_only_its_own_partners_and_proformas(server, vendor, other_vendor):
    # both vendors have a partner DEMO-PARTNER (seed-demo); the other one's orders it
    p = Partner(other_vendor, "rpc", "6.0").login()
    assert p.set_partner("DEMO-PARTNER") is True
    assert p.add(product_ids(p)["USB-KEY"], 1, None, "DEMO-LIST") is True
    assert p.external_ref("THEIRS-1") is True
    theirs = p.place()["RefNo"]
    number = p.create_proforma([theirs])["Number"]
    s, _ = login(server.base)
    own = server.base + "/console/v/%s" % other_vendor.code
    page = s.get(own + "/partners/DEMO-PARTNER", timeout=30).text
    assert theirs in page and number in page and "THEIRS-1" in page
    assert s.get(own + "/proformas/" + number, timeout=30).status_code == 200
    base = server.base + "/console/v/%s" % vendor.code
    r = s.get(base + "/partners/DEMO-PARTNER", timeout=30)
    assert r.status_code == 200
    assert theirs not in r.text and number not in r.text and "THEIRS-1" not in r.text
    r = s.get(base + "/proformas/" + number, timeout=30)
    assert r.status_code == 404 and 'data-code="INVALID_PROFORMA_NUMBER"' in r.text
    assert theirs not in r.text and "THEIRS-1" not in r.text


def test_bad_filters_get_a_page_not_a_crash(server, vendor):
    s, _ = login(server.base)
    base = server.base + "/console/v/%s" % vendor.code
    for path, code in [("/orders?status=NOPE", "PARAMETER_INVALID"),
                       ("/orders?from=2025-13-45", "PARAMETER_INVALID"),
                       ("/orders?from=2025-02-01&to=2025-01-01", "ORDER_SEARCH_DATE_RANGE"),
                       ("/leads?type=Nope", "PARAMETER_INVALID"),
                       ("/orders?refno=000000000", "ORDER_NOT_FOUND"),
                       ("/subscriptions/NOPE", "SUBSCRIPTION_NOT_FOUND"),
                       ("/leads/NOPE", "LEAD_NOT_FOUND"),
                       ("/partners/NOPE", "NOT_FOUND_PARTNER"),
                       ("/proformas/NOPE", "INVALID_PROFORMA_NUMBER"),
                       ("/notifications/999999", "NOTIFICATION_NOT_FOUND"),
                       ("/notifications/x1", "NOTIFICATION_NOT_FOUND"),
                       ("/notifications?state=NOPE", "PARAMETER_INVALID"),
                       ("/nowhere", "NOT_FOUND")]:
        r = s.get(base + path, timeout=30)
        assert r.status_code in (400, 404), path
        assert 'data-code="%s"' % code in r.text, path
    r = s.get(base + "/orders?page=99999999999999999999&status=COMPLETE", timeout=30)
    assert r.status_code == 200


def test_the_console_is_off_without_an_admin_token():
    s = Server(admin_token=None).start()
    try:
        r = requests.get(s.base + "/console/", timeout=30)
        assert r.status_code == 404 and "--admin-token" in r.text
    finally:
        s.stop()
