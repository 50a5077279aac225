"""The job queue end to end: lead follow-up emails fall due as the sandbox clock moves, are
"sent" to the sandbox mailbox (GET /control/mailbox/), and survive kill -9 of the server,
sent exactly once.

The clock is global to a database, so these tests run on servers of their own, never on the
session's shared one; each test still uses a fresh vendor and looks only at its own mail.
"""
import datetime
import threading
import time

import pytest
import requests

from conftest import ADMIN_TOKEN, Server, admin_headers, new_vendor


@pytest.fixture(scope="module")
def jserver():
    s = Server().start()
    yield s
    s.stop()


def lead(email="jane@example.com", first="Jane", last="Doe"):
    """A lead with a catalog and a dynamic item; with a name and an email it gets follow-ups."""
    billing = {"FirstName": first, "LastName": last, "Email": email, "CountryCode": "DE",
               "City": "Berlin"}
    return {"Currency": "EUR", "Language": "en",
            "Items": [{"Code": "PROD1", "Quantity": 2},
                      {"IsDynamic": True, "Name": "Support plan", "Quantity": 1,
                       "Price": {"Amount": 19.99, "Type": "CUSTOM"}}],
            "BillingDetails": {k: v for k, v in billing.items() if v is not None}}


def add(vendor, body):
    r = vendor.rest("POST", "/leads/", body)
    assert r.status_code == 201, r.text
    return r.json()["LeadCode"]


def get(vendor, code):
    r = vendor.rest("GET", f"/leads/{code}")
    assert r.status_code == 200, r.text
    return r.json()


def mark(vendor, marks):
    r = vendor.rest("PUT", "/leads/", marks)
    assert r.status_code == 200, r.text


def advance(server, **by):
    r = requests.post(server.base + "/control/clock/advance/", headers=admin_headers(),
                      json=by, timeout=600)
    assert r.status_code == 200, r.text
    return r.json()


def mailbox(server, vendor_code, **params):
    r = requests.get(server.base + "/control/mailbox/", headers=admin_headers(),
                     params={"Vendor": vendor_code, **params}, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def statuses(vendor, code):
    return [f["Status"] for f in get(vendor, code)["FollowUps"]]


def test_first_follow_up_after_21_minutes(jserver):
    v = new_vendor(jserver)
    code = add(v, lead())
    quiet = add(v, lead(email=None))  # no email: no follow-up
    assert mailbox(jserver, v.code)["Items"] == []
    advance(jserver, Minutes=21)
    box = mailbox(jserver, v.code)
    assert box["Pagination"] == {"Page": 1, "Limit": 10, "Count": 1}
    mail = box["Items"][0]
    got = get(v, code)
    assert [f["Status"] for f in got["FollowUps"]] == ["SENT"] + ["SCHEDULED"] * 4
    assert mail["To"] == "jane@example.com"
    assert mail["SentAt"] == got["FollowUps"][0]["ScheduledAt"]
    assert mail["Subject"]
    body = mail["Body"]
    assert body.startswith("Hello Jane Doe,")
    assert "2 x PROD1\n" in body
    assert "1 x Support plan, 19.99 EUR\n" in body
    link = f"{jserver.base}/checkout/buy?merchant={v.code}&lead={code}"
    assert link in body
    assert get(v, quiet)["FollowUps"] == []


def test_ninety_days_send_all_five(jserver):
    v = new_vendor(jserver)
    code = add(v, lead(email="five@example.com"))
    other = add(v, lead(email="other@example.com"))
    advance(jserver, Days=90, Minutes=1)
    got = get(v, code)
    assert [f["Status"] for f in got["FollowUps"]] == ["SENT"] * 5
    box = mailbox(jserver, v.code, To="FIVE@example.com", Limit=200)
    assert box["Pagination"]["Count"] == 5
    # newest first, each sent at its follow-up's own time
    assert [m["SentAt"] for m in box["Items"]] == \
        [f["ScheduledAt"] for f in reversed(got["FollowUps"])]
    assert all(m["To"] == "five@example.com" for m in box["Items"])
    assert statuses(v, other) == ["SENT"] * 5
    assert mailbox(jserver, v.code)["Pagination"]["Count"] == 10
    page = mailbox(jserver, v.code, Page=3, Limit=4)
    assert page["Pagination"] == {"Page": 3, "Limit": 4, "Count": 10}
    assert len(page["Items"]) == 2


def test_stopped_lead_gets_no_mail(jserver):
    v = new_vendor(jserver)
    code = add(v, lead(email="stopped@example.com"))
    mark(v, [{"LeadCode": code, "StopFollowups": True}])
    advance(jserver, Days=91)
    assert mailbox(jserver, v.code)["Pagination"]["Count"] == 0
    assert statuses(v, code) == ["CANCELED"] * 5


def test_used_lead_gets_no_mail(jserver):
    v = new_vendor(jserver)
    code = add(v, lead(email="used@example.com"))
    advance(jserver, Minutes=30)  # the first one goes out
    mark(v, [{"LeadCode": code, "Used": True}])
    assert statuses(v, code) == ["SENT"] + ["CANCELED"] * 4
    advance(jserver, Days=91)
    assert mailbox(jserver, v.code)["Pagination"]["Count"] == 1
    assert statuses(v, code) == ["SENT"] + ["CANCELED"] * 4


def test_restarted_follow_ups_resume_with_what_is_ahead(jserver):
    v = new_vendor(jserver)
    code = add(v, lead(email="restart@example.com"))
    mark(v, [{"LeadCode": code, "StopFollowups": True}])
    advance(jserver, Days=2)
    mark(v, [{"LeadCode": code, "StopFollowups": False}])
    assert statuses(v, code) == ["CANCELED"] * 2 + ["SCHEDULED"] * 3
    advance(jserver, Days=90)
    assert statuses(v, code) == ["CANCELED"] * 2 + ["SENT"] * 3
    assert mailbox(jserver, v.code)["Pagination"]["Count"] == 3


def test_update_adding_an_email_plans_the_mails(jserver):
    v = new_vendor(jserver)
    code = add(v, lead(email=None))
    r = v.rest("PUT", f"/leads/{code}", lead(email="later@example.com"))
    assert r.status_code == 200, r.text
    assert statuses(v, code) == ["SCHEDULED"] * 5
    advance(jserver, Minutes=21)
    assert statuses(v, code) == ["SENT"] + ["SCHEDULED"] * 4
    assert mailbox(jserver, v.code)["Items"][0]["To"] == "later@example.com"


def test_mailbox_errors(jserver):
    url = jserver.base + "/control/mailbox/"
    r = requests.get(url, headers=admin_headers(), timeout=30)
    assert r.status_code == 400 and r.json()["error_code"] == "PARAMETER_MISSING", r.text
    r = requests.get(url, headers=admin_headers(), params={"Vendor": "NOSUCHVENDOR"}, timeout=30)
    assert r.status_code == 404 and r.json()["error_code"] == "VENDOR_NOT_FOUND", r.text
    v = new_vendor(jserver)
    for bad in ({"Limit": 201}, {"Page": 0}, {"Limit": "x"}):
        r = requests.get(url, headers=admin_headers(), params={"Vendor": v.code, **bad},
                         timeout=30)
        assert r.status_code == 400 and r.json()["error_code"] == "INVALID_PAGINATION", (bad,
                                                                                        r.text)
    r = requests.get(url, headers=admin_headers(), params={"Vendor": v.code, "To": "x@"},
                     timeout=30)
    assert r.status_code == 400 and r.json()["error_code"] == "INVALID_EMAIL", r.text
    r = requests.get(url, params={"Vendor": v.code}, timeout=30)
    assert r.status_code in (401, 403), r.text
    # the mailbox is not an API operation of the vendor
    r = v.rest("GET", "/mailbox/")
    assert r.status_code == 404, r.text


def test_workers_send_what_falls_due_in_real_time(jserver):
    """The clock stops two seconds short of the first follow-up; real time brings it due, and
    a worker thread of the server sends it."""
    v = new_vendor(jserver)
    code = add(v, lead(email="worker@example.com"))
    advance(jserver, Minutes=19, Seconds=58)
    assert statuses(v, code)[0] == "SCHEDULED"
    deadline = time.time() + 15
    while time.time() < deadline and statuses(v, code)[0] != "SENT":
        time.sleep(0.05)
    assert statuses(v, code)[0] == "SENT"
    assert mailbox(jserver, v.code)["Pagination"]["Count"] == 1


def test_cli_advance_runs_the_jobs(jserver):
    """Another process (the CLI) moving the clock runs the jobs on its way, like the server."""
    v = new_vendor(jserver)
    code = add(v, lead(email="cli@example.com"))
    r = jserver.cli("clock", "advance", "--minutes", "25", "--public-url", "https://shop.test")
    assert r.returncode == 0, r.stderr
    # it tells how far it came (at least once a second, and at the end)
    assert "clock advance: " in r.stderr and "jobs run: 1\n" in r.stderr, r.stderr
    assert statuses(v, code) == ["SENT"] + ["SCHEDULED"] * 4
    box = mailbox(jserver, v.code)
    assert box["Pagination"]["Count"] == 1
    assert f"https://shop.test/checkout/buy?merchant={v.code}&lead={code}" in \
        box["Items"][0]["Body"]


# enough follow-ups that the advance is still running when it is killed, even on a fast run
LEADS = 200


def test_kill_9_while_jobs_run_sends_each_mail_once():
    """kill -9 in the middle of a clock advance that runs 300 follow-ups: after a restart the
    jobs held by the dead server are taken over when their lease ends, and every follow-up is
    mailed exactly once."""
    s = Server(extra_args=["--job-lease", "2"]).start()
    try:
        v = new_vendor(s)
        codes = [add(v, lead(email=f"shopper{i}@example.com")) for i in range(LEADS)]
        total = LEADS * 5

        def run():
            try:
                requests.post(s.base + "/control/clock/advance/", headers=admin_headers(),
                              json={"Days": 91}, timeout=600)
            except requests.RequestException:
                pass  # the server died under it

        t = threading.Thread(target=run)
        t.start()
        deadline = time.time() + 120
        sent = 0
        while time.time() < deadline:
            # a new connection each time, given up quickly: one accepted by the HTTP thread
            # that is about to serve the advance would wait for the whole advance
            try:
                r = requests.get(s.base + "/control/mailbox/", headers=admin_headers(),
                                 params={"Vendor": v.code}, timeout=0.5)
            except requests.Timeout:
                continue
            sent = r.json()["Pagination"]["Count"]
            if sent >= 20:
                break
            time.sleep(0.005)
        s.kill()
        t.join()
        assert 0 < sent < total, f"the advance was not caught in the middle ({sent} sent)"

        s.start()
        before = mailbox(s, v.code)["Pagination"]["Count"]
        assert before < total
        # the clock stopped where the dead server's steps had taken it: move it on; the jobs
        # it held are taken over once their 2 s lease ends
        advance(s, Days=91)
        box = mailbox(s, v.code, Limit=200)
        mails = list(box["Items"])
        for page in range(2, (total + 199) // 200 + 1):
            mails += mailbox(s, v.code, Limit=200, Page=page)["Items"]
        assert box["Pagination"]["Count"] == total
        assert len(mails) == total
        assert len({(m["To"], m["SentAt"]) for m in mails}) == total  # no mail twice
        for i in (0, LEADS // 2, LEADS - 1):
            assert statuses(v, codes[i]) == ["SENT"] * 5
            assert mailbox(s, v.code, To=f"shopper{i}@example.com")["Pagination"]["Count"] == 5
    finally:
        s.stop()


def test_sigterm_lets_the_workers_finish():
    s = Server(extra_args=["--workers", "2"]).start()
    v = new_vendor(s)
    add(v, lead())
    advance(s, Minutes=21)
    assert s.stop() == 0
    assert "2 job workers" in s.read_log()


def test_workers_option_checked():
    for bad in (["--workers", "17"], ["--job-lease", "0"], ["--workers", "-1"]):
        s = Server(extra_args=bad)
        with pytest.raises(RuntimeError):
            s.start()
