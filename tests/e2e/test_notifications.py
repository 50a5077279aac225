"""Notifications end to end: a listener in the test process receives the IPNs of every order
status change and the LCNs of every subscription change, checks their three signatures with its
own implementation of the documented algorithm, answers with a valid receipt, an invalid one, a
500 or nothing at all, and watches the retries follow the platform's schedule as the sandbox
clock moves. Also: follow-up mail over SMTP, kill -9 in the middle of deliveries, and a bad
listener that never slows the API.

The clock is global to a database: every test runs a Server of its own."""
import datetime
import os
import signal
import sqlite3
import subprocess
import threading
import time

import pytest
import requests

from conftest import Server, free_port, new_vendor
from notify_util import (Listener, advance, control, first, notice, notices, set_urls,
                         signature_ok, wait_notices)
from orders_util import (CANCEL_URL, RETURN_URL, THREEDS, card, catalog_order, dynamic_order,
                         follow_3ds, place_ok, seeded_vendor)

SCHEDULE = [0, 150, 300, 1200, 2100, 3000, 3900]  # then hourly up to 2 days after the first


def schedule():
    out = list(SCHEDULE)
    while out[-1] + 3600 <= 2 * 86400:
        out.append(out[-1] + 3600)
    return out


@pytest.fixture
def own():
    s = Server(["--notify-timeout", "2"]).start()
    yield s
    s.stop()


@pytest.fixture
def listener():
    holder = {}

    def make(secret):
        holder["l"] = Listener(secret)
        return holder["l"]
    yield make
    if "l" in holder:
        holder["l"].close()


def parse_time(s):
    return datetime.datetime.strptime(s, "%Y-%m-%d %H:%M:%S")


def ipns_of(lst, ref):
    return [f for f in lst.on("/ipn") if first(f, "REFNO") == ref]


# --- IPN -------------------------------------------------------------------------------------

def test_ipn_for_each_status_of_a_placed_order(own, listener):
    v = seeded_vendor(own)
    lst = listener(v.secret)
    got = set_urls(v, IpnUrls=[lst.url("/ipn")])
    assert got["IpnUrls"] == [lst.url("/ipn")] and got["NotifyTestOrders"] is True
    assert got["NotifySignatures"] == ["md5", "sha256", "sha3-256"]
    o = place_ok(v, catalog_order(items=[{"Code": "CLOUD-BASIC", "Quantity": 1,
                                          "PriceOptions": ["USERS=2"]}]))
    lst.wait_for(lambda r: len(r) >= 3)
    ipns = ipns_of(lst, o["RefNo"])
    assert [first(f, "ORDERSTATUS") for f in ipns] == ["PENDING", "AUTHRECEIVED", "COMPLETE"]
    for f in ipns:
        # all three signatures, verified independently, and they come last
        assert signature_ok(f, v.secret) == ["HASH", "SIGNATURE_SHA2_256", "SIGNATURE_SHA3_256"]
        names = [k for k, _ in f]
        assert names[:8] == ["GIFT_ORDER", "SALEDATE", "PAYMENTDATE", "REFNO", "REFNOEXT",
                             "SHOPPER_REFERENCE_NUMBER", "ORDERNO", "ORDERSTATUS"]
        assert names[-3:] == ["HASH", "SIGNATURE_SHA2_256", "SIGNATURE_SHA3_256"]
        assert first(f, "ORDERNO") == str(o["OrderNo"])
        assert first(f, "TEST_ORDER") == "1" and first(f, "VENDOR_CODE") == v.code
        assert first(f, "IPN_PCODE[]") == "CLOUD-BASIC"
        assert first(f, "CURRENCY") == "USD"
        assert first(f, "AVANGATE_CUSTOMER_REFERENCE") == str(o["AvangateCustomerReference"]) \
            if "AvangateCustomerReference" in o else True
    complete = ipns[-1]
    assert first(complete, "IPN_TOTALGENERAL") == "%.2f" % o["GrossPrice"]
    sub = o["Items"][0]["ProductDetails"]["Subscriptions"][0]["SubscriptionReference"]
    assert first(complete, "IPN_LICENSE_REF[]") == sub
    # a MESSAGE_ID per message; each delivered once, with one attempt
    assert len({first(f, "MESSAGE_ID") for f in ipns}) == 3
    items = wait_notices(v, lambda it: len(it) == 3 and all(i["State"] == "DELIVERED"
                                                            for i in it))
    assert all(i["Attempts"] == 1 and i["Channel"] == "IPN" for i in items)
    one = notice(v, items[0]["Id"])
    assert one["AttemptList"][0]["Outcome"] == "DELIVERED"
    assert one["AttemptList"][0]["HttpStatus"] == 200


def test_ipn_signatures_and_groups_follow_the_settings(own, listener):
    v = new_vendor(own)
    lst = listener(v.secret)
    set_urls(v, IpnUrls=[lst.url("/ipn"), lst.url("/ipn2")], NotifySignatures=["sha3-256"],
             IpnGroups=["CARD"])
    lst.mode["/ipn"] = "ok:sha3-256"
    lst.mode["/ipn2"] = "ok:md5"
    place_ok(v, dynamic_order())
    lst.wait_for(lambda r: len(r) >= 6)
    for path in ("/ipn", "/ipn2"):
        for f in lst.on(path):
            assert signature_ok(f, v.secret) == ["SIGNATURE_SHA3_256"]
            names = {k for k, _ in f}
            assert "CARD_LAST_DIGITS" in names and first(f, "CARD_LAST_DIGITS") == "1111"
            assert not names & {"FIRSTNAME_D", "IPN_LICENSE_REF[]", "FX_RATE", "IPN_PARTNER_CODE"}
    # the same MESSAGE_ID to both listeners, and both receipts (sha3-256, md5) are accepted
    assert [first(f, "MESSAGE_ID") for f in lst.on("/ipn")] == \
        [first(f, "MESSAGE_ID") for f in lst.on("/ipn2")]
    wait_notices(v, lambda it: len(it) == 6 and all(i["State"] == "DELIVERED" for i in it))


def test_test_orders_can_stay_silent(own, listener):
    v = new_vendor(own)
    lst = listener(v.secret)
    set_urls(v, IpnUrls=[lst.url("/ipn")], NotifyTestOrders=False)
    place_ok(v, dynamic_order())
    assert notices(v) == []


@pytest.mark.parametrize("result,statuses", [("pass", ["PENDING", "AUTHRECEIVED", "COMPLETE"]),
                                             ("fail", ["PENDING", "CANCELED"])])
def test_ipn_on_3ds_outcomes(own, listener, result, statuses):
    v = seeded_vendor(own)
    lst = listener(v.secret)
    set_urls(v, IpnUrls=[lst.url("/ipn")])
    o = place_ok(v, catalog_order(PaymentDetails=card(THREEDS)))
    lst.wait_for(lambda r: len(r) >= 1)
    action, token = follow_3ds(o)
    r = requests.post(action, data={"avng8apitoken": token, "result": result},
                      allow_redirects=False, timeout=30)
    assert r.status_code == 302
    assert r.headers["Location"] == (RETURN_URL if result == "pass" else CANCEL_URL)
    lst.wait_for(lambda r: len(r) >= len(statuses))
    ipns = ipns_of(lst, o["RefNo"])
    assert [first(f, "ORDERSTATUS") for f in ipns] == statuses
    for f in ipns:
        signature_ok(f, v.secret)


def test_ipn_on_refund(own, listener):
    v = new_vendor(own)
    lst = listener(v.secret)
    set_urls(v, IpnUrls=[lst.url("/ipn")])
    o = place_ok(v, dynamic_order())
    r = v.rest("POST", f"/orders/{o['RefNo']}/refund/", {"amount": o["GrossPrice"],
                                                           "reason": "Other"})
    assert r.status_code == 200, r.text
    lst.wait_for(lambda r: len(r) >= 4)
    refund = ipns_of(lst, o["RefNo"])[-1]
    assert first(refund, "ORDERSTATUS") == "REFUND"
    assert first(refund, "REFUND_TYPE") == "TOTAL"
    signature_ok(refund, v.secret)


# --- read receipts and the retry schedule ----------------------------------------------------

@pytest.mark.parametrize("mode,outcome", [("bad", "BAD_RECEIPT"), ("500", "HTTP_ERROR"),
                                          ("hang", "TIMEOUT")])
def test_failed_receipts_are_retried_on_schedule_until_one_is_valid(own, listener, mode,
                                                                     outcome):
    v = new_vendor(own)
    lst = listener(v.secret)
    set_urls(v, IpnUrls=[lst.url("/ipn")])
    lst.mode["/ipn"] = mode
    o = place_ok(v, dynamic_order())
    items = wait_notices(v, lambda it: len(it) == 3 and all(i["Attempts"] == 1 for i in it))
    first_id = min(i["Id"] for i in items)
    n = notice(v, first_id)
    assert n["State"] == "PENDING" and n["AttemptList"][0]["Outcome"] == outcome
    t0 = parse_time(n["AttemptList"][0]["At"])
    assert parse_time(n["NextTry"]) - t0 == datetime.timedelta(seconds=150)
    # the second and third tries, 150 s apart, fail the same way
    advance(own, Seconds=300)
    n = notice(v, first_id)
    assert [a["Outcome"] for a in n["AttemptList"]] == [outcome] * 3
    assert [(parse_time(a["At"]) - t0).total_seconds() for a in n["AttemptList"]] == [0, 150, 300]
    # the listener is fixed: the fourth try (15 minutes later) is delivered, then nothing more
    lst.mode["/ipn"] = "ok"
    lst.release.set()
    advance(own, Seconds=900)
    n = notice(v, first_id)
    assert [a["Outcome"] for a in n["AttemptList"]] == [outcome] * 3 + ["DELIVERED"]
    assert (parse_time(n["AttemptList"][3]["At"]) - t0).total_seconds() == 1200
    assert n["State"] == "DELIVERED"
    got = len(ipns_of(lst, o["RefNo"]))
    advance(own, Days=3)
    assert notice(v, first_id)["Attempts"] == 4
    assert len(ipns_of(lst, o["RefNo"])) == got
    assert all(i["State"] == "DELIVERED" for i in notices(v))


def test_the_schedule_runs_out_after_two_days(own, listener):
    v = new_vendor(own)
    lst = listener(v.secret)
    set_urls(v, IpnUrls=[lst.url("/ipn")], NotifyTestOrders=True)
    lst.mode["/ipn"] = "500"
    place_ok(v, dynamic_order())
    items = wait_notices(v, lambda it: len(it) == 3 and all(i["Attempts"] == 1 for i in it))
    nid = min(i["Id"] for i in items)
    advance(own, Days=3)
    n = notice(v, nid)
    t0 = parse_time(n["AttemptList"][0]["At"])
    offsets = [int((parse_time(a["At"]) - t0).total_seconds()) for a in n["AttemptList"]]
    assert offsets == schedule()
    assert n["State"] == "FAILED" and n["NextTry"] is None
    advance(own, Days=3)
    assert notice(v, nid)["Attempts"] == len(schedule())
    # a replay sends the same message again, on a new schedule
    lst.mode["/ipn"] = "ok"
    before = len(lst.on("/ipn"))
    r = control(own, "POST", f"/notifications/{nid}/replay/", params={"Vendor": v.code})
    assert r.status_code == 200, r.text
    advance(own, Seconds=1)
    n2 = notice(v, nid)
    assert n2["State"] == "DELIVERED" and n2["Attempts"] == len(schedule()) + 1
    assert first(lst.on("/ipn")[before], "MESSAGE_ID") == n["MessageId"]
    r = control(own, "POST", "/notifications/999999/replay/", params={"Vendor": v.code})
    assert r.status_code == 404 and r.json()["error_code"] == "NOTIFICATION_NOT_FOUND"


# --- LCN -------------------------------------------------------------------------------------

def lcns(lst, ref):
    return [f for f in lst.on("/lcn") if first(f, "LICENSE_CODE") == ref]


def test_lcn_for_each_subscription_change(own, listener):
    v = seeded_vendor(own)
    lst = listener(v.secret)
    set_urls(v, LcnUrls=[lst.url("/lcn")])
    o = place_ok(v, catalog_order(items=[{"Code": "CLOUD-BASIC", "Quantity": 1,
                                          "PriceOptions": ["USERS=2"]}]))
    ref = o["Items"][0]["ProductDetails"]["Subscriptions"][0]["SubscriptionReference"]
    expected = []

    def check(reason, **fields):
        expected.append(reason)
        got = lst.wait_for(lambda r: len(lcns(lst, ref)) >= len(expected))
        msg = lcns(lst, ref)[len(expected) - 1]
        assert first(msg, "DISPATCH_REASON") == reason, msg
        assert signature_ok(msg, v.secret) == ["HASH", "SIGNATURE_SHA2_256",
                                               "SIGNATURE_SHA3_256"]
        for k, want in fields.items():
            assert first(msg, k) == want, (k, msg)
        return got

    # disabled, enabled (VENDOR)
    assert v.rest("DELETE", f"/subscriptions/{ref}/").status_code == 200
    check("LICENCE_CHANGE", DISABLED="1", CHANGED_BY="VENDOR")
    assert v.rest("POST", f"/subscriptions/{ref}/", []).status_code == 200
    check("LICENCE_CHANGE", DISABLED="0")
    # the renewal a month later (SYSTEM): a new expiration
    exp0 = v.rest("GET", f"/subscriptions/{ref}/").json()["ExpirationDate"]
    advance(own, Days=32)
    check("LICENCE_CHANGE", CHANGED_BY="SYSTEM")
    exp1 = v.rest("GET", f"/subscriptions/{ref}/").json()["ExpirationDate"]
    assert exp1 != exp0 and first(lcns(lst, ref)[-1], "EXPIRATION_DATE").startswith(exp1)
    # an upgrade
    r = v.rest("PUT", f"/subscriptions/{ref}/upgrade/", {"ProductCode": "CLOUD-PRO",
                                                         "Options": "USERS=2"})
    assert r.status_code == 200, r.text
    check("LICENCE_CHANGE", PRODUCT_CODE="CLOUD-PRO")
    # automatic renewal off: at its expiration it lapses
    assert v.rest("DELETE", f"/subscriptions/{ref}/renewal/").status_code == 200
    check("LICENCE_CHANGE", RECURRING="0")
    advance(own, Days=40)
    check("LICENCE_EXPIRATION", DISABLED="1", CHANGED_BY="SYSTEM")
    items = wait_notices(v, lambda it: len(it) == len(expected) and
                         all(i["State"] == "DELIVERED" for i in it))
    assert {i["Channel"] for i in items} == {"LCN"}


def test_lcn_past_due_then_expiration_and_trial_conversion(own, listener):
    v = seeded_vendor(own)
    lst = listener(v.secret)
    set_urls(v, LcnUrls=[lst.url("/lcn")])
    today = datetime.datetime.now(datetime.timezone.utc)
    # a card that expires this month: the renewal a month away is declined, then retried
    o = place_ok(v, catalog_order(items=[{"Code": "CLOUD-BASIC", "Quantity": 1,
                                          "PriceOptions": ["USERS=2"]}],
                                  payment=card(ExpirationYear=str(today.year),
                                               ExpirationMonth=f"{today.month:02d}")))
    ref = o["Items"][0]["ProductDetails"]["Subscriptions"][0]["SubscriptionReference"]
    trial = place_ok(v, catalog_order(items=[{"Code": "CLOUD-BASIC", "Quantity": 1,
                                              "PriceOptions": ["USERS=2"], "Trial": {}}]))
    tref = trial["Items"][0]["ProductDetails"]["Subscriptions"][0]["SubscriptionReference"]
    advance(own, Days=45)
    lst.wait_for(lambda r: len(lcns(lst, ref)) >= 4 and len(lcns(lst, tref)) >= 1)
    reasons = [first(f, "DISPATCH_REASON") for f in lcns(lst, ref)]
    assert reasons == ["LICENCE_PASTDUE"] * 3 + ["LICENCE_EXPIRATION"]
    assert first(lcns(lst, ref)[-1], "DISABLED") == "1"
    conv = lcns(lst, tref)[0]
    assert first(conv, "DISPATCH_REASON") == "LICENCE_CHANGE"
    assert first(conv, "LICENSE_TYPE") == "REGULAR"  # the trial converted
    for f in lst.on("/lcn"):
        signature_ok(f, v.secret)


# --- settings ----------------------------------------------------------------------------------

def test_vendor_settings_on_create_update_and_cli(own):
    r = requests.post(own.base + "/control/vendors/", headers={"Authorization":
                                                               "Bearer e2e-admin-token-0123456789"},
                      json={"Code": "NOTIFYV1", "IpnUrls": ["https://shop.example.com/ipn"],
                            "NotifySignatures": ["md5"], "IpnGroups": []}, timeout=30)
    assert r.status_code == 201, r.text
    assert r.json()["IpnUrls"] == ["https://shop.example.com/ipn"]
    assert r.json()["NotifySignatures"] == ["md5"] and r.json()["IpnGroups"] == []
    r = control(own, "PUT", "/vendors/NOTIFYV1/", json={"IpnUrls": ["ftp://nope"]})
    assert r.status_code == 400 and r.json()["error_code"] == "NOTIFY_URL_INVALID"
    r = control(own, "PUT", "/vendors/NOTIFYV1/", json={"NotifySignatures": ["crc32"]})
    assert r.status_code == 400 and r.json()["error_code"] == "PARAMETER_INVALID"
    r = control(own, "PUT", "/vendors/NOPE/", json={})
    assert r.status_code == 404 and r.json()["error_code"] == "VENDOR_NOT_FOUND"
    r = own.cli("vendor", "set", "--code", "NOTIFYV1", "--lcn-url", "http://127.0.0.1:9/lcn",
                "--lcn-url", "http://127.0.0.1:9/lcn2", "--signatures", "sha256,sha3-256",
                "--test-orders", "no", "--ipn-groups", "FX,CARD")
    assert r.returncode == 0, r.stderr
    r = own.cli("vendor", "show", "--code", "NOTIFYV1")
    assert r.returncode == 0, r.stderr
    import json
    shown = json.loads(r.stdout)
    assert shown["IpnUrls"] == ["https://shop.example.com/ipn"]
    assert shown["LcnUrls"] == ["http://127.0.0.1:9/lcn", "http://127.0.0.1:9/lcn2"]
    assert shown["NotifySignatures"] == ["sha256", "sha3-256"]
    assert shown["NotifyTestOrders"] is False and shown["IpnGroups"] == ["CARD", "FX"]
    r = own.cli("vendor", "set", "--code", "NOTIFYV1", "--ipn-url", "javascript:alert(1)")
    assert r.returncode == 1 and "NOTIFY_URL_INVALID" in r.stderr


def test_notifications_cli_and_metrics(own, listener):
    v = new_vendor(own)
    lst = listener(v.secret)
    set_urls(v, IpnUrls=[lst.url("/ipn")])
    lst.mode["/ipn"] = "500"
    o = place_ok(v, dynamic_order())
    items = wait_notices(v, lambda it: len(it) == 3 and all(i["Attempts"] == 1 for i in it))
    r = own.cli("notifications", "list", "--code", v.code, "--subject", o["RefNo"])
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("\tIPN\t") == 3 and "(3 of 3)" in r.stdout
    nid = str(items[0]["Id"])
    r = own.cli("notifications", "show", "--code", v.code, "--id", nid)
    assert r.returncode == 0 and "HTTP_ERROR" in r.stdout and "HTTP 500" in r.stdout, r.stdout
    lst.mode["/ipn"] = "ok"
    r = own.cli("notifications", "replay", "--code", v.code, "--id", nid)
    assert r.returncode == 0, r.stderr
    wait_notices(v, lambda it: any(i["Id"] == int(nid) and i["State"] == "DELIVERED"
                                   for i in it))
    metrics = requests.get(own.base + "/metrics", timeout=30).text
    assert 'kassa_notification_deliveries_total{outcome="HTTP_ERROR"}' in metrics
    assert 'kassa_notification_deliveries_total{outcome="DELIVERED"} 1' in metrics
    r = own.cli("notifications", "show", "--code", v.code, "--id", "424242")
    assert r.returncode == 1 and "NOTIFICATION_NOT_FOUND" in r.stderr


def test_listener_credentials_stay_out_of_the_log(own, listener):
    v = new_vendor(own)
    lst = listener(v.secret)
    url = f"http://user:pa55word@127.0.0.1:{lst.port}/ipn?token=s3cr3t-token"
    set_urls(v, IpnUrls=[url])
    place_ok(v, dynamic_order())
    wait_notices(v, lambda it: len(it) == 3 and all(i["State"] == "DELIVERED" for i in it))
    log = own.read_log()
    assert f"to http://127.0.0.1:{lst.port}/ipn attempt 1: DELIVERED" in log
    assert "s3cr3t-token" not in log and "pa55word" not in log


# --- a bad listener never slows the API ------------------------------------------------------

def test_bad_listeners_never_slow_the_api(listener):
    s = Server(["--notify-timeout", "3", "--workers", "2"]).start()
    try:
        v = new_vendor(s)
        lst = listener(v.secret)
        for m in ("hang", "huge", "redirect"):
            lst.mode["/" + m] = m
        set_urls(v, IpnUrls=[lst.url("/hang"), lst.url("/huge"), lst.url("/redirect")])
        worst = 0.0
        for _ in range(6):
            t = time.monotonic()
            place_ok(v, dynamic_order())
            worst = max(worst, time.monotonic() - t)
        # the workers are busy with listeners that hang for the whole timeout meanwhile
        lst.wait_for(lambda r: any(p == "/hang" for p, _ in r))
        for _ in range(5):
            t = time.monotonic()
            assert v.rest("GET", "/orders/").status_code == 200
            worst = max(worst, time.monotonic() - t)
        assert worst < 1.5, worst  # well under the 3 s a hanging listener holds a worker
        items = wait_notices(v, lambda it: len(it) == 54 and
                             sum(1 for i in it if i["Attempts"] >= 1) >= 9, timeout=120)
        outcomes = {notice(v, i["Id"])["Url"].rsplit("/", 1)[1]:
                    notice(v, i["Id"])["AttemptList"] for i in items if i["Attempts"]}
        seen = {k: a[0]["Outcome"] for k, a in outcomes.items()}
        assert seen == {"hang": "TIMEOUT", "huge": "TOO_LARGE", "redirect": "HTTP_ERROR"}, seen
        lst.release.set()
    finally:
        s.stop()


# --- kill -9 in the middle of deliveries -----------------------------------------------------

def test_kill_9_during_deliveries_loses_none_and_acknowledges_none_twice(listener):
    """A listener that answers slowly, and kill -9 while the workers deliver: after a restart,
    every notification is delivered, each marked delivered by exactly one attempt."""
    s = Server(["--notify-timeout", "5", "--workers", "2", "--job-lease", "2"]).start()
    try:
        v = new_vendor(s)
        lst = listener(v.secret)
        set_urls(v, IpnUrls=[lst.url("/ipn")])
        lst.mode["/ipn"] = "slow"
        for _ in range(15):
            place_ok(v, dynamic_order())
        lst.wait_for(lambda r: len(r) >= 5, timeout=60)
        s.proc.send_signal(signal.SIGKILL)
        s.proc.wait()
        s.log.close()
        s.start()
        wait_notices(v, lambda it: len(it) == 45 and all(i["State"] == "DELIVERED" for i in it),
                     timeout=120)
        db = sqlite3.connect(s.db)
        twice = db.execute("SELECT notification_id FROM notification_attempts WHERE "
                           "outcome = 'DELIVERED' GROUP BY notification_id HAVING count(*) > 1"
                           ).fetchall()
        assert twice == []
        delivered = db.execute("SELECT count(DISTINCT notification_id) FROM "
                               "notification_attempts WHERE outcome = 'DELIVERED'").fetchone()
        assert delivered == (45,)
        ids = {first(f, "MESSAGE_ID") for f in lst.on("/ipn")}
        stored = {r[0] for r in db.execute("SELECT message_id FROM notifications")}
        assert stored <= ids  # every message reached the listener at least once
        db.close()
    finally:
        s.stop()


# --- mail over SMTP ----------------------------------------------------------------------------

def test_follow_up_mail_over_smtp():
    from aiosmtpd.controller import Controller

    got = []
    cv = threading.Condition()

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            with cv:
                got.append(envelope)
                cv.notify_all()
            return "250 OK"

    port = free_port()
    smtp = Controller(Handler(), hostname="127.0.0.1", port=port)
    smtp.start()
    s = Server(["--smtp", f"smtp://127.0.0.1:{port}", "--mail-from", "shop@example.com"]).start()
    try:
        v = new_vendor(s)
        lead = {"Currency": "USD", "Language": "en",
                "Items": [{"Name": "A product", "Quantity": 1, "IsDynamic": True,
                           "Tangible": False, "PurchaseType": "PRODUCT",
                           "Price": {"Amount": 10, "Type": "CUSTOM"}}],
                "BillingDetails": {"FirstName": "Ann", "LastName": "Lee", "Email":
                                   "ann@example.com", "CountryCode": "US"},
                "DeliveryDetails": {"FirstName": "Ann", "LastName": "Lee", "Email":
                                    "ann@example.com", "CountryCode": "US"}}
        r = v.rest("POST", "/leads/", lead)
        assert r.status_code in (200, 201), r.text
        advance(s, Minutes=21)
        with cv:
            assert cv.wait_for(lambda: got, timeout=30)
        env = got[0]
        assert env.rcpt_tos == ["ann@example.com"] and env.mail_from == "shop@example.com"
        text = env.content.decode()
        assert "Subject:" in text and "/checkout/buy?merchant=" + v.code in text
        # the sandbox mailbox keeps it too
        r = control(s, "GET", "/mailbox/", params={"Vendor": v.code})
        assert r.json()["Pagination"]["Count"] == 1
    finally:
        s.stop()
        smtp.stop()


def test_ipn_for_a_partner_order_held_then_released_by_its_invoice(own, listener):
    """A Channel Manager order notifies like any order: PENDING when the partner places it,
    then AUTHRECEIVED and COMPLETE when its proforma is paid; the PARTNER group names the
    partner."""
    from test_partners import Partner, product_ids
    v = seeded_vendor(own)
    lst = listener(v.secret)
    set_urls(v, IpnUrls=[lst.url("/ipn")], IpnGroups=["PARTNER"])
    p = Partner(v, "rpc", "2.1").login()
    assert p.set_partner("DEMO-PARTNER") is True
    assert p.add(product_ids(p)["USB-KEY"], 1, None, "DEMO-LIST") is True
    assert p.external_ref("PO-IPN-1") is True
    ref = p.place()["RefNo"]
    lst.wait_for(lambda r: len(ipns_of(lst, ref)) >= 1)
    number = p.create_proforma([ref])["Number"]
    assert p.pay(number, card()) is True
    lst.wait_for(lambda r: len(ipns_of(lst, ref)) >= 3)
    ipns = ipns_of(lst, ref)
    assert [first(f, "ORDERSTATUS") for f in ipns] == ["PENDING", "AUTHRECEIVED", "COMPLETE"]
    for f in ipns:
        assert signature_ok(f, v.secret) == ["HASH", "SIGNATURE_SHA2_256", "SIGNATURE_SHA3_256"]
        assert first(f, "IPN_PARTNER_CODE") == "DEMO-PARTNER"
        assert first(f, "REFNOEXT") == "PO-IPN-1"
