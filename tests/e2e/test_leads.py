"""Leads over REST: addLead, getLead, updateLead, searchLeads and markLeads as the seed
(seeds/000_9e7556daa7d285ca.txt) specifies them, with every filter, paging, each error code,
the follow-up schedule and the isolation of vendors.

Every test uses a fresh vendor, so it sees only the leads it adds, and never moves the sandbox
clock (the server is shared by the whole session). Dates are computed from a lead's CreatedAt,
which is shown in the vendor's API time zone.
"""
import copy
import datetime
import os
import re
import threading
import time

import pytest

from conftest import Server, Vendor, new_vendor

# --- the seed's own example bodies, as they stand --------------------------------------------

SEED_ITEMS = [{
    "Code": "my_subscription_1", "Quantity": "1", "SKU": "df1", "IsDynamic": False,
    "Tangible": False, "PurchaseType": "", "Name": "asd", "Description": "asd",
    "PriceOptions": [{"Name": "sdfsd",
                      "Options": [{"Name": "fsdfsdf", "Value": "fsdfsdf", "Surcharge": 10.36}]}],
    "RecurringOptions": {"CycleLength": 23, "CycleUnit": "m", "CycleAmount": 23,
                         "ContractLength": 23, "ContractUnit": "m"},
    "MarketingCampaigns": {"Type": 23, "ParentCode": "m", "CampaignCode": 23},
    "Price": {"Amount": 23, "Type": "m"},
    "AdditionalFields": [{"Code": "f", "Text": "m", "Value": "m"}],
    "SubscriptionStartDate": "e",
    "Trial": {"Period": 2, "GrossPrice": 5, "VAT": 0.83, "NetPrice": 4.17},
}]
# The seed's Email reads "[email protected]": the page was scraped through an e-mail obfuscator.
# That text is a malformed address (see test_seed_email_placeholder_is_a_malformed_email);
# every other character of the example is kept.
SEED_EMAIL = "customer@avangate.com"
SEED_BILLING = {"FirstName": "Customer", "LastName": "Avangate", "FiscalCode": "32423423",
                "Email": SEED_EMAIL, "Address1": "Test Address", "City": "LA", "Zip": "12345",
                "CountryCode": "us", "State": "CA"}
SEED_DELIVERY = dict(SEED_BILLING)
SEED_DELIVERY_INFORMATION = {"ShippingMethod": {"Code": "sdfsd"}}
SEED_PAYMENT = {"Type": "CC", "Currency": "EUR", "RecurringEnabled": True,
                "PaymentMethod": {"CardPayment": {"InstallmentsNumber": 32}},
                "CustomerIP": "1.2.3.4"}
SEED_PROMOTIONS = ["FJ34JK9", "OIU546KH0"]


def seed_lead(**over):
    """The addLead example of the seed: every field it lists, with its example value."""
    body = {
        "CartId": "du8945jgd", "Currency": "EUR", "Language": "EN",
        "ExternalReference": "REST_API_AVANGTE", "Source": "testAPI.com",
        "CustomerReference": "asdf1", "MachineId": 132, "LocalTime": "2019-01-08 11:46:12",
        "Items": copy.deepcopy(SEED_ITEMS), "BillingDetails": dict(SEED_BILLING),
        "DeliveryDetails": dict(SEED_DELIVERY),
        "DeliveryInformation": copy.deepcopy(SEED_DELIVERY_INFORMATION),
        "PaymentDetails": copy.deepcopy(SEED_PAYMENT), "Promotions": list(SEED_PROMOTIONS),
    }
    body.update(over)
    return body


def lead(code=None, email="shopper@example.com", country="US", language="en",
         products=("PROD1",), first="Jane", last="Doe", **over):
    """A small catalog lead; name and email known, so it gets a follow-up schedule."""
    billing = {"FirstName": first, "LastName": last, "Email": email, "CountryCode": country,
               "Address1": "1 Main St", "City": "Austin", "Zip": "73301", "State": "TX"}
    billing = {k: v for k, v in billing.items() if v is not None}
    body = {"Currency": "USD", "Language": language,
            "Items": [{"Code": p, "Quantity": 1} for p in products],
            "BillingDetails": billing}
    if language is None:
        del body["Language"]
    if code:
        body["LeadCode"] = code
    body.update(over)
    return body


# --- helpers ----------------------------------------------------------------------------------

def add(vendor, body):
    r = vendor.rest("POST", "/leads/", body)
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["Errors"] == []
    return out["LeadCode"]


def get(vendor, code):
    r = vendor.rest("GET", f"/leads/{code}")
    assert r.status_code == 200, r.text
    return r.json()


def search(vendor, **params):
    r = vendor.rest("GET", "/leads/", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def codes_of(result):
    return [x["LeadCode"] for x in result["Items"]]


def mark(vendor, marks):
    return vendor.rest("PUT", "/leads/", marks)


def assert_error(r, status, code, *words):
    assert r.status_code == status, (r.status_code, r.text)
    body = r.json()
    assert body["error_code"] == code, body
    assert body["message"], body
    for w in words:
        assert w in body["message"], body


def when(s):
    return datetime.datetime.strptime(s, "%Y-%m-%d %H:%M:%S")


def day(s, delta=0):
    """The date of a "YYYY-MM-DD HH:MM:SS" time, moved by delta days, as YYYY-MM-DD."""
    return (when(s) + datetime.timedelta(days=delta)).strftime("%Y-%m-%d")


# --- addLead and getLead ----------------------------------------------------------------------

def test_add_generates_a_code_and_get_returns_every_field(vendor):
    body = seed_lead()
    r = vendor.rest("POST", "/leads/", body)
    assert r.status_code == 201, r.text
    out = r.json()
    assert set(out) == {"LeadCode", "Errors"} and out["Errors"] == []
    code = out["LeadCode"]
    # the platform's codes are 10 upper-case hex characters ("60E6C4B574")
    assert re.fullmatch(r"[0-9A-F]{10}", code), code

    got = get(vendor, code)
    assert got["LeadCode"] == code
    assert got["GeneratedFrom"] == "API"
    for k in ("CartId", "Currency", "ExternalReference", "Source", "CustomerReference",
              "LocalTime"):
        assert got[k] == body[k], k
    assert got["Language"].upper() == "EN"
    assert str(got["MachineId"]) == "132"
    assert got["BillingDetails"] == SEED_BILLING
    assert got["DeliveryDetails"] == SEED_DELIVERY
    assert got["DeliveryInformation"] == SEED_DELIVERY_INFORMATION
    assert got["PaymentDetails"] == SEED_PAYMENT
    assert got["Promotions"] == SEED_PROMOTIONS
    assert got["FollowedUp"] is False
    assert got["Used"] is False and got["UsedSuccess"] is False
    assert got["FollowUpsStopped"] is False
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", got["CreatedAt"])


def test_seed_examples_are_accepted_as_they_stand(vendor):
    code = add(vendor, seed_lead())
    item, = get(vendor, code)["Items"]
    sent = SEED_ITEMS[0]
    assert item["Code"] == "my_subscription_1"
    assert item["Quantity"] == 1  # "Quantity": "1" in the seed
    for k in ("SKU", "IsDynamic", "Tangible", "PurchaseType", "Name", "Description",
              "SubscriptionStartDate"):
        assert item[k] == sent[k], k
    assert item["PriceOptions"] == sent["PriceOptions"]
    assert item["RecurringOptions"] == sent["RecurringOptions"]
    assert item["Price"] == sent["Price"]
    assert item["AdditionalFields"] == sent["AdditionalFields"]
    assert item["Trial"] == sent["Trial"]
    mc = item["MarketingCampaigns"]
    assert mc == sent["MarketingCampaigns"]  # integers stay integers, as the seed sends them

    # the update example of the seed: MachineId "7df4s", FollowedUp false
    upd = seed_lead(MachineId="7df4s", FollowedUp=False, LocalTime="2019-01-08 11:46:12",
                    CartId="du8945jgd")
    r = vendor.rest("PUT", f"/leads/{code}", upd)
    assert r.status_code == 200, r.text
    assert r.json() is True
    assert get(vendor, code)["MachineId"] == "7df4s"

    # and its markLeads example shape
    other = add(vendor, seed_lead())
    r = mark(vendor, [{"LeadCode": code, "Used": False, "StopFollowups": True},
                      {"LeadCode": other, "Used": False, "StopFollowups": True}])
    assert r.status_code == 200, r.text
    assert r.json()["Response"] == "2 leads have been marked successfully"


def test_seed_email_placeholder_is_a_malformed_email(vendor):
    billing = dict(SEED_BILLING, Email="[email\u00a0protected]")
    r = vendor.rest("POST", "/leads/", seed_lead(BillingDetails=billing))
    assert_error(r, 400, "INVALID_EMAIL", "BillingDetails.Email")


def test_add_with_a_given_code(vendor):
    r = vendor.rest("POST", "/leads/", lead(code="FD86FD98"))
    assert r.status_code == 201, r.text
    assert r.json() == {"LeadCode": "FD86FD98", "Errors": []}
    assert get(vendor, "FD86FD98")["LeadCode"] == "FD86FD98"
    # letters, digits, '_' and '-' are codes too
    assert add(vendor, lead(code="my-lead_2")) == "my-lead_2"
    assert get(vendor, "my-lead_2")["BillingDetails"]["Email"] == "shopper@example.com"


def test_generated_codes_are_unique(vendor):
    codes = [add(vendor, lead()) for _ in range(6)]
    assert len(set(codes)) == 6
    assert search(vendor, Limit=200)["Pagination"]["Count"] == 6


def test_duplicate_code_is_refused_and_the_first_lead_kept(vendor):
    add(vendor, lead(code="DUP1", email="first@example.com"))
    r = vendor.rest("POST", "/leads/", lead(code="DUP1", email="second@example.com"))
    assert_error(r, 409, "LEAD_CODE_DUPLICATE", "DUP1")
    assert get(vendor, "DUP1")["BillingDetails"]["Email"] == "first@example.com"
    assert search(vendor)["Pagination"]["Count"] == 1


def test_codes_are_unique_per_vendor_not_globally(vendor, other_vendor):
    add(vendor, lead(code="SHARED1", email="mine@example.com"))
    add(other_vendor, lead(code="SHARED1", email="theirs@example.com"))
    assert get(vendor, "SHARED1")["BillingDetails"]["Email"] == "mine@example.com"
    assert get(other_vendor, "SHARED1")["BillingDetails"]["Email"] == "theirs@example.com"


def test_quantity_as_text_and_unknown_fields(vendor):
    body = lead(products=())
    body["Items"] = [{"Code": "P1", "Quantity": "3", "Colour": "red"}]
    body["NoSuchField"] = {"x": 1}
    body["BillingDetails"]["Nickname"] = "JD"
    code = add(vendor, body)
    got = get(vendor, code)
    assert got["Items"] == [{"Code": "P1", "Quantity": 3}]
    assert "NoSuchField" not in got
    assert "Nickname" not in got["BillingDetails"]


def test_dynamic_item(vendor):
    body = lead(products=())
    body["Items"] = [{"IsDynamic": True, "Name": "Custom plan", "Quantity": 2,
                      "Price": {"Amount": "19.99", "Type": "CUSTOM"}}]
    code = add(vendor, body)
    item, = get(vendor, code)["Items"]
    assert item["Name"] == "Custom plan" and item["IsDynamic"] is True
    assert item["Price"] == {"Amount": 19.99, "Type": "CUSTOM"}
    # a dynamic item has no catalog code, so a ProductCode search does not find it
    assert search(vendor, ProductCode="Custom plan")["Pagination"]["Count"] == 0


def test_get_unknown_lead(vendor):
    r = vendor.rest("GET", "/leads/NOSUCHLEAD")
    assert_error(r, 404, "LEAD_NOT_FOUND", "NOSUCHLEAD")


def test_card_number_is_never_echoed_or_stored(vendor, server):
    card, cvv = "4111222233334444", "987"
    body = lead(PaymentDetails={"Type": "CC", "Currency": "USD", "CustomerIP": "10.0.0.1",
                                "PaymentMethod": {"CardNumber": card, "CCID": cvv,
                                                  "ExpirationYear": "2030",
                                                  "ExpirationMonth": "12",
                                                  "HolderName": "Jane Doe"}})
    r = vendor.rest("POST", "/leads/", body)
    assert r.status_code == 201 and card not in r.text
    code = r.json()["LeadCode"]
    r = vendor.rest("GET", f"/leads/{code}")
    assert r.status_code == 200
    assert card not in r.text and "CardNumber" not in r.text and "CCID" not in r.text
    pm = r.json()["PaymentDetails"]["PaymentMethod"]
    assert pm == {"ExpirationYear": "2030", "ExpirationMonth": "12", "HolderName": "Jane Doe"}
    r = vendor.rest("GET", "/leads/", params={"LeadCode": code})
    assert r.status_code == 200 and r.json()["Pagination"]["Count"] == 1
    assert card not in r.text and "CardNumber" not in r.text
    # nor after an update that carries it again
    r = vendor.rest("PUT", f"/leads/{code}", body)
    assert r.status_code == 200
    assert card not in vendor.rest("GET", f"/leads/{code}").text
    # nor in the database or the server's log
    for path in (server.db, server.db + "-wal", server.log_path):
        if os.path.exists(path):
            with open(path, "rb") as f:
                assert card.encode() not in f.read(), path


# --- bad input ----------------------------------------------------------------------------------

def without(body, *path):
    body = copy.deepcopy(body)
    node = body
    for k in path[:-1]:
        node = node[k]
    del node[path[-1]]
    return body


def with_(body, path, value):
    body = copy.deepcopy(body)
    node = body
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value
    return body


BASE = lead()
BAD_LEADS = [
    ("no-currency", without(BASE, "Currency"), 400, "PARAMETER_MISSING", "Currency"),
    ("empty-currency", with_(BASE, ["Currency"], ""), 400, "PARAMETER_MISSING", "Currency"),
    ("no-items", without(BASE, "Items"), 400, "PARAMETER_MISSING", "Items"),
    ("no-billing", without(BASE, "BillingDetails"), 400, "PARAMETER_MISSING", "BillingDetails"),
    ("empty-items", with_(BASE, ["Items"], []), 400, "LEAD_ITEMS_EMPTY", None),
    ("items-not-array", with_(BASE, ["Items"], "PROD1"), 400, "PARAMETER_INVALID", "Items"),
    ("billing-not-object", with_(BASE, ["BillingDetails"], "Jane"), 400, "PARAMETER_INVALID",
     "BillingDetails"),
    ("quantity-not-int", with_(BASE, ["Items", 0, "Quantity"], "two"), 400, "PARAMETER_INVALID",
     "Items[0].Quantity"),
    ("quantity-fraction", with_(BASE, ["Items", 0, "Quantity"], 1.5), 400, "PARAMETER_INVALID",
     "Items[0].Quantity"),
    ("quantity-zero", with_(BASE, ["Items", 0, "Quantity"], 0), 400, "LEAD_ITEM_INVALID",
     "Items[0].Quantity"),
    ("item-without-code", with_(BASE, ["Items"], [{"Quantity": 1}]), 400, "LEAD_ITEM_INVALID",
     "Items[0].Code"),
    ("dynamic-without-price", with_(BASE, ["Items"], [{"IsDynamic": True, "Name": "X"}]), 400,
     "LEAD_ITEM_INVALID", "Items[0].Price"),
    ("followedup-not-bool", with_(BASE, ["FollowedUp"], "maybe"), 400, "PARAMETER_INVALID",
     "FollowedUp"),
    ("unknown-currency", with_(BASE, ["Currency"], "ABC"), 400, "INVALID_CURRENCY", "Currency"),
    ("unknown-payment-currency", with_(BASE, ["PaymentDetails"], {"Currency": "QQQ"}), 400,
     "INVALID_CURRENCY", "PaymentDetails.Currency"),
    ("unknown-language", with_(BASE, ["Language"], "zz"), 400, "INVALID_LANGUAGE", "Language"),
    ("unknown-country", with_(BASE, ["BillingDetails", "CountryCode"], "XX"), 400,
     "INVALID_COUNTRY", "BillingDetails.CountryCode"),
    ("unknown-delivery-country", with_(BASE, ["DeliveryDetails"], {"CountryCode": "ZZ"}), 400,
     "INVALID_COUNTRY", "DeliveryDetails.CountryCode"),
    ("malformed-email", with_(BASE, ["BillingDetails", "Email"], "jane.example.com"), 400,
     "INVALID_EMAIL", "BillingDetails.Email"),
    ("malformed-local-time", with_(BASE, ["LocalTime"], "2019-01-08T11:46"), 400,
     "INVALID_DATE", "LocalTime"),
    ("impossible-local-time", with_(BASE, ["LocalTime"], "2019-02-30 11:46:12"), 400,
     "INVALID_DATE", "LocalTime"),
    ("bad-lead-code", with_(BASE, ["LeadCode"], "no spaces!"), 400, "PARAMETER_INVALID",
     "LeadCode"),
    ("long-lead-code", with_(BASE, ["LeadCode"], "A" * 65), 400, "PARAMETER_TOO_LONG",
     "LeadCode"),
    ("long-cart-id", with_(BASE, ["CartId"], "c" * 256), 400, "PARAMETER_TOO_LONG", "CartId"),
]


@pytest.mark.parametrize("body,status,code,word", [c[1:] for c in BAD_LEADS],
                         ids=[c[0] for c in BAD_LEADS])
def test_add_rejects_bad_input(vendor, body, status, code, word):
    r = vendor.rest("POST", "/leads/", body)
    assert_error(r, status, code, *([word] if word else []))
    assert search(vendor)["Pagination"]["Count"] == 0


def test_add_rejects_a_body_that_is_not_json(vendor):
    r = vendor.rest("POST", "/leads/", raw='{"Currency": "USD",')
    assert_error(r, 400, "MALFORMED_REQUEST")
    r = vendor.rest("POST", "/leads/", raw="")
    assert_error(r, 400, "PARAMETER_MISSING", "Lead")


# --- updateLead ---------------------------------------------------------------------------------

def test_update_replaces_all_data_including_followed_up(vendor):
    full = lead(email="old@example.com", country="DE", language="de", products=("OLD1", "OLD2"),
                CartId="cart-1", ExternalReference="EXT-1", MachineId="m1",
                LocalTime="2019-01-08 11:46:12", FollowedUp=True, Promotions=["PROMO1"],
                DeliveryDetails={"FirstName": "Jane", "CountryCode": "DE"},
                DeliveryInformation={"ShippingMethod": {"Code": "UPS"}},
                PaymentDetails={"Type": "CC", "Currency": "USD"})
    code = add(vendor, full)
    before = get(vendor, code)
    assert before["FollowedUp"] is True and before["CartId"] == "cart-1"

    small = {"Currency": "EUR", "Items": [{"Code": "NEW1", "Quantity": 2}],
             "BillingDetails": {"Email": "new@example.com", "CountryCode": "FR"}}
    r = vendor.rest("PUT", f"/leads/{code}", small)
    assert r.status_code == 200, r.text
    assert r.json() is True

    after = get(vendor, code)
    # what the platform keeps
    assert after["LeadCode"] == code
    assert after["GeneratedFrom"] == "API"
    assert after["CreatedAt"] == before["CreatedAt"]
    # the lead data is exactly the new one
    assert after["Currency"] == "EUR"
    assert after["Items"] == [{"Code": "NEW1", "Quantity": 2}]
    assert after["BillingDetails"] == {"Email": "new@example.com", "CountryCode": "FR"}
    assert after["FollowedUp"] is False
    for gone in ("CartId", "ExternalReference", "MachineId", "LocalTime", "Promotions",
                 "DeliveryDetails", "DeliveryInformation", "PaymentDetails", "Language"):
        assert after.get(gone) is None, gone
    # no name any more: no follow-up schedule
    assert after["FollowUps"] == []

    # the search indexes follow the new data, not the old
    assert search(vendor, Email="old@example.com")["Pagination"]["Count"] == 0
    assert codes_of(search(vendor, Email="new@example.com")) == [code]
    assert search(vendor, ProductCode="OLD1")["Pagination"]["Count"] == 0
    assert codes_of(search(vendor, ProductCode="NEW1")) == [code]
    assert search(vendor, Country="DE")["Pagination"]["Count"] == 0
    assert codes_of(search(vendor, Country="FR")) == [code]
    assert search(vendor, Language="de")["Pagination"]["Count"] == 0

    # FollowedUp can be set by an update, and cleared again
    r = vendor.rest("PUT", f"/leads/{code}", dict(small, FollowedUp=True))
    assert r.status_code == 200
    assert get(vendor, code)["FollowedUp"] is True
    r = vendor.rest("PUT", f"/leads/{code}", dict(small, FollowedUp=False))
    assert r.status_code == 200
    assert get(vendor, code)["FollowedUp"] is False


def test_a_lead_as_returned_can_be_put_back(vendor):
    """A client reads a lead, changes a field and PUTs the whole document back: the fields
    Kassa adds (LeadCode, GeneratedFrom, CreatedAt, FollowUps...) are ignored on the way in."""
    code = add(vendor, seed_lead())
    got = get(vendor, code)
    got["CartId"] = "changed"
    r = vendor.rest("PUT", f"/leads/{code}", got)
    assert r.status_code == 200, r.text
    again = get(vendor, code)
    assert again == got


def test_items_as_the_object_keyed_0_1_that_php_sends(vendor):
    body = lead(products=())
    body["Items"] = {"0": {"Code": "A", "Quantity": 1}, "1": {"Code": "B", "Quantity": "2"}}
    code = add(vendor, body)
    assert get(vendor, code)["Items"] == [{"Code": "A", "Quantity": 1},
                                          {"Code": "B", "Quantity": 2}]
    assert codes_of(search(vendor, ProductCode="B")) == [code]


def test_update_keeps_code_used_and_stopped_state(vendor):
    code = add(vendor, lead())
    assert mark(vendor, [{"LeadCode": code, "Used": True, "StopFollowups": True}]).status_code \
        == 200
    # a LeadCode in the body does not rename the lead
    r = vendor.rest("PUT", f"/leads/{code}", lead(code="RENAMED", email="x@example.com"))
    assert r.status_code == 200, r.text
    got = get(vendor, code)
    assert got["LeadCode"] == code
    assert got["Used"] is True and got["FollowUpsStopped"] is True
    assert [f["Status"] for f in got["FollowUps"]] == ["CANCELED"] * 5
    assert vendor.rest("GET", "/leads/RENAMED").status_code == 404


def test_update_racing_mark_leads_loses_neither(vendor, server):
    """updateLead keeps the used/stopped state; a markLeads that lands while updates of the
    same lead are in flight must not be undone by them (it was: read, then write)."""
    writer = Vendor(server, vendor.code, vendor.secret)  # a connection of its own
    body = lead()
    for _ in range(8):
        code = add(vendor, body)
        stop = threading.Event()

        def put_again_and_again():
            while not stop.is_set():
                assert writer.rest("PUT", f"/leads/{code}", body).status_code == 200

        t = threading.Thread(target=put_again_and_again)
        t.start()
        try:
            time.sleep(0.005)
            r = mark(vendor, [{"LeadCode": code, "Used": True, "StopFollowups": True}])
            assert r.status_code == 200, r.text
            time.sleep(0.005)
        finally:
            stop.set()
            t.join()
        got = get(vendor, code)
        assert (got["Used"], got["FollowUpsStopped"]) == (True, True)
        assert [f["Status"] for f in got["FollowUps"]] == ["CANCELED"] * 5


def test_update_errors_leave_the_lead_untouched(vendor):
    code = add(vendor, lead(email="keep@example.com"))
    r = vendor.rest("PUT", "/leads/NOSUCHLEAD", lead())
    assert_error(r, 404, "LEAD_NOT_FOUND", "NOSUCHLEAD")
    r = vendor.rest("PUT", f"/leads/{code}", without(lead(), "Currency"))
    assert_error(r, 400, "PARAMETER_MISSING", "Currency")
    r = vendor.rest("PUT", f"/leads/{code}", with_(lead(), ["Items"], []))
    assert_error(r, 400, "LEAD_ITEMS_EMPTY")
    r = vendor.rest("PUT", f"/leads/{code}", with_(lead(), ["BillingDetails", "Email"], "x@"))
    assert_error(r, 400, "INVALID_EMAIL")
    got = get(vendor, code)
    assert got["BillingDetails"]["Email"] == "keep@example.com"
    assert got["Currency"] == "USD"


# --- follow-up schedule -------------------------------------------------------------------------

def test_follow_up_schedule(vendor):
    code = add(vendor, lead())
    got = get(vendor, code)
    created = when(got["CreatedAt"])
    fus = got["FollowUps"]
    assert [f["Number"] for f in fus] == [1, 2, 3, 4, 5]
    assert all(f["Status"] == "SCHEDULED" for f in fus)
    due = [when(f["ScheduledAt"]) for f in fus]
    # the first 20 minutes after the cart was abandoned, then four more within 90 days
    assert due[0] - created == datetime.timedelta(minutes=20)
    assert all(a < b for a, b in zip(due, due[1:]))
    assert due[-1] - created <= datetime.timedelta(days=90)
    assert due[-1] - created > datetime.timedelta(days=30)


@pytest.mark.parametrize("first,last,email", [
    (None, None, "anon@example.com"),   # no name
    ("Jane", "Doe", None),               # no email
])
def test_no_follow_ups_without_name_and_email(vendor, first, last, email):
    code = add(vendor, lead(first=first, last=last, email=email))
    assert get(vendor, code)["FollowUps"] == []


def test_one_name_and_an_email_are_enough(vendor):
    code = add(vendor, lead(first=None, last="Doe"))
    assert len(get(vendor, code)["FollowUps"]) == 5


def test_stopping_and_restarting_follow_ups(vendor):
    code = add(vendor, lead())
    before = get(vendor, code)["FollowUps"]
    r = mark(vendor, [{"LeadCode": code, "Used": False, "StopFollowups": True}])
    assert r.status_code == 200, r.text
    got = get(vendor, code)
    assert got["FollowUpsStopped"] is True
    assert [f["Status"] for f in got["FollowUps"]] == ["CANCELED"] * 5
    assert [f["ScheduledAt"] for f in got["FollowUps"]] == [f["ScheduledAt"] for f in before]
    r = mark(vendor, [{"LeadCode": code, "Used": False, "StopFollowups": False}])
    assert r.status_code == 200, r.text
    got = get(vendor, code)
    assert got["FollowUpsStopped"] is False
    assert [f["Status"] for f in got["FollowUps"]] == ["SCHEDULED"] * 5


# --- searchLeads --------------------------------------------------------------------------------

def test_search_defaults_and_stable_order(vendor):
    codes = [add(vendor, lead()) for _ in range(3)]
    res = search(vendor)
    assert res["Pagination"] == {"Page": 1, "Limit": 10, "Count": 3}
    assert codes_of(res) == codes  # creation order
    assert codes_of(search(vendor)) == codes  # and again
    first = res["Items"][0]
    assert first["BillingDetails"]["Email"] == "shopper@example.com"
    assert len(first["FollowUps"]) == 5


def test_search_empty(vendor):
    assert search(vendor) == {"Items": [], "Pagination": {"Page": 1, "Limit": 10, "Count": 0}}


def test_search_paging(vendor):
    codes = [add(vendor, lead()) for _ in range(12)]
    p1, p2, p3 = (search(vendor, Page=p) for p in (1, 2, 3))
    assert p1["Pagination"] == {"Page": 1, "Limit": 10, "Count": 12}
    assert p2["Pagination"] == {"Page": 2, "Limit": 10, "Count": 12}
    assert p3["Pagination"] == {"Page": 3, "Limit": 10, "Count": 12}  # past the end
    assert codes_of(p1) == codes[:10]
    assert codes_of(p2) == codes[10:]
    assert codes_of(p3) == []
    pages = [search(vendor, Page=p, Limit=5) for p in (1, 2, 3, 4)]
    assert [len(p["Items"]) for p in pages] == [5, 5, 2, 0]
    assert sum((codes_of(p) for p in pages), []) == codes
    assert all(p["Pagination"]["Limit"] == 5 and p["Pagination"]["Count"] == 12 for p in pages)
    # the limits themselves
    assert len(search(vendor, Limit=200)["Items"]) == 12
    assert codes_of(search(vendor, Limit=1, Page=12)) == [codes[11]]
    assert codes_of(search(vendor, Limit=1, Page=13)) == []


@pytest.fixture
def own_server():
    """A server of the test's own, for a request that once brought the server down."""
    s = Server().start()
    yield s
    s.stop()


def test_search_page_far_past_the_end(own_server):
    vendor = new_vendor(own_server)
    codes = [add(vendor, lead()) for _ in range(3)]
    # (Page - 1) * Limit overflows a 64-bit integer: still just a page past the end
    for page in (2 ** 63 - 1, 2 ** 62, 46116860184273880):
        assert search(vendor, Page=page, Limit=200) == {
            "Items": [], "Pagination": {"Page": page, "Limit": 200, "Count": 3}}
    assert codes_of(search(vendor)) == codes  # and the server is still there


def test_search_by_lead_code_one_or_many(vendor):
    a, b, c = (add(vendor, lead()) for _ in range(3))
    assert codes_of(search(vendor, LeadCode=b)) == [b]
    # repeated keys, and PHP's LeadCode[] form
    assert codes_of(search(vendor, LeadCode=[a, c])) == [a, c]
    r = vendor.rest("GET", "/leads/", params=[("LeadCode[]", c), ("LeadCode[]", b)])
    assert r.status_code == 200, r.text
    assert codes_of(r.json()) == [b, c]
    res = search(vendor, LeadCode=[a, "UNKNOWN"])
    assert codes_of(res) == [a] and res["Pagination"]["Count"] == 1
    assert search(vendor, LeadCode="UNKNOWN")["Pagination"]["Count"] == 0


def test_search_by_email(vendor):
    a = add(vendor, lead(email="alice@example.com"))
    add(vendor, lead(email="bob@example.com"))
    c = add(vendor, lead(email="alice@example.com"))
    assert codes_of(search(vendor, Email="alice@example.com")) == [a, c]
    # the same address whatever its case
    assert codes_of(search(vendor, Email="Alice@Example.COM")) == [a, c]
    assert search(vendor, Email="carol@example.com")["Pagination"]["Count"] == 0


def test_search_by_type(vendor):
    new, used, stopped, both = (add(vendor, lead()) for _ in range(4))
    r = mark(vendor, [{"LeadCode": used, "Used": True, "StopFollowups": False},
                      {"LeadCode": stopped, "Used": False, "StopFollowups": True},
                      {"LeadCode": both, "Used": True, "StopFollowups": True}])
    assert r.status_code == 200, r.text
    assert r.json() == {"Response": "3 leads have been marked successfully", "Errors": []}
    assert codes_of(search(vendor, Type="New")) == [new, stopped]
    assert codes_of(search(vendor, Type="Used")) == [used, both]
    assert codes_of(search(vendor, Type="Stopped")) == [stopped, both]
    assert codes_of(search(vendor, Type="NotStopped")) == [new, used]
    # no order has been completed from any of these carts
    assert search(vendor, Type="UsedSuccess")["Pagination"]["Count"] == 0
    got = get(vendor, both)
    assert (got["Used"], got["FollowUpsStopped"], got["UsedSuccess"]) == (True, True, False)
    # marking back to not used
    r = mark(vendor, [{"LeadCode": used, "Used": False, "StopFollowups": False}])
    assert r.status_code == 200, r.text
    assert codes_of(search(vendor, Type="Used")) == [both]
    assert codes_of(search(vendor, Type="New")) == [new, used, stopped]


def test_search_by_dates_inclusive(vendor):
    a = add(vendor, lead())
    b = add(vendor, lead())
    created = get(vendor, a)["CreatedAt"]
    today, yesterday, tomorrow = day(created), day(created, -1), day(created, 1)
    assert codes_of(search(vendor, StartDate=today)) == [a, b]
    assert codes_of(search(vendor, EndDate=today)) == [a, b]
    assert codes_of(search(vendor, StartDate=today, EndDate=today)) == [a, b]
    assert codes_of(search(vendor, StartDate=yesterday, EndDate=tomorrow)) == [a, b]
    assert search(vendor, EndDate=yesterday)["Pagination"]["Count"] == 0
    assert search(vendor, StartDate=tomorrow)["Pagination"]["Count"] == 0
    assert search(vendor, StartDate="2018-01-02", EndDate="2019-01-02")["Pagination"][
        "Count"] == 0


def test_search_by_product_code_one_or_many(vendor):
    a = add(vendor, lead(products=("P-A",)))
    b = add(vendor, lead(products=("P-B", "P-A")))
    c = add(vendor, lead(products=("P-C",)))
    assert codes_of(search(vendor, ProductCode="P-A")) == [a, b]
    assert codes_of(search(vendor, ProductCode="P-C")) == [c]
    # a lead with two of the codes is found once
    res = search(vendor, ProductCode=["P-A", "P-B"])
    assert codes_of(res) == [a, b] and res["Pagination"]["Count"] == 2
    assert codes_of(search(vendor, ProductCode=["P-B", "P-C"])) == [b, c]
    assert search(vendor, ProductCode="P-Z")["Pagination"]["Count"] == 0


def test_search_by_language_country_and_origin(vendor):
    a = add(vendor, lead(language="fr", country="RO"))
    b = add(vendor, lead(language="en", country="RO"))
    c = add(vendor, lead(language="fr", country="BG"))
    d = add(vendor, seed_lead())  # Language "EN", CountryCode "us" as the seed writes them
    assert codes_of(search(vendor, Language="fr")) == [a, c]
    assert codes_of(search(vendor, Language="FR")) == [a, c]
    assert codes_of(search(vendor, Language="EN")) == [b, d]
    assert codes_of(search(vendor, Country="RO")) == [a, b]
    assert codes_of(search(vendor, Country="bg")) == [c]
    assert codes_of(search(vendor, Country="US")) == [d]
    assert search(vendor, Country="DE")["Pagination"]["Count"] == 0
    assert codes_of(search(vendor, GeneratedFrom="API")) == [a, b, c, d]
    assert search(vendor, GeneratedFrom="ConvertPlus")["Pagination"]["Count"] == 0
    # the seed's own search example combines filters: all must hold
    assert codes_of(search(vendor, Language="fr", Country="RO", Type="New", Page=1,
                           Limit=200)) == [a]


def test_search_combined_filters(vendor):
    a = add(vendor, lead(email="x@example.com", products=("P1",), country="RO"))
    add(vendor, lead(email="x@example.com", products=("P2",), country="RO"))
    add(vendor, lead(email="y@example.com", products=("P1",), country="RO"))
    created = get(vendor, a)["CreatedAt"]
    res = search(vendor, Email="x@example.com", ProductCode="P1", Country="RO",
                 StartDate=day(created), EndDate=day(created), Type="NotStopped",
                 GeneratedFrom="API", LeadCode=[a, "OTHER"])
    assert codes_of(res) == [a]


BAD_SEARCHES = [
    ("page-zero", {"Page": 0}, "INVALID_PAGINATION", None),
    ("page-negative", {"Page": -1}, "INVALID_PAGINATION", None),
    ("page-not-int", {"Page": "two"}, "INVALID_PAGINATION", "Page"),
    ("limit-zero", {"Limit": 0}, "INVALID_PAGINATION", None),
    ("limit-201", {"Limit": 201}, "INVALID_PAGINATION", None),
    ("limit-negative", {"Limit": -5}, "INVALID_PAGINATION", None),
    ("limit-not-int", {"Limit": "1.5"}, "INVALID_PAGINATION", "Limit"),
    ("dates-reversed", {"StartDate": "2019-01-02", "EndDate": "2018-01-02"},
     "LEAD_SEARCH_DATE_RANGE", None),
    ("start-malformed", {"StartDate": "02/01/2018"}, "INVALID_DATE", "StartDate"),
    ("end-impossible", {"EndDate": "2019-02-30"}, "INVALID_DATE", "EndDate"),
    ("type-unknown", {"Type": "Abandoned"}, "LEAD_TYPE_INVALID", None),
    ("language-unknown", {"Language": "zz"}, "INVALID_LANGUAGE", "Language"),
    ("country-unknown", {"Country": "XX"}, "INVALID_COUNTRY", "Country"),
]


@pytest.mark.parametrize("params,code,word", [c[1:] for c in BAD_SEARCHES],
                         ids=[c[0] for c in BAD_SEARCHES])
def test_search_rejects_bad_input(vendor, params, code, word):
    r = vendor.rest("GET", "/leads/", params=params)
    assert_error(r, 400, code, *([word] if word else []))


def test_search_pages_of_200(vendor):
    codes = [add(vendor, lead()) for _ in range(203)]
    p1 = search(vendor, Limit=200)
    assert codes_of(p1) == codes[:200]
    assert p1["Pagination"] == {"Page": 1, "Limit": 200, "Count": 203}
    p2 = search(vendor, Limit=200, Page=2)
    assert codes_of(p2) == codes[200:]
    assert codes_of(search(vendor)) == codes[:10]
    assert codes_of(search(vendor, Page=21)) == codes[200:]


def test_search_ignores_unknown_parameters(vendor):
    code = add(vendor, lead())
    assert codes_of(search(vendor, Colour="red", OrderBy="Email")) == [code]


def test_search_accepts_the_limits(vendor):
    add(vendor, lead())
    assert search(vendor, Limit=200)["Pagination"] == {"Page": 1, "Limit": 200, "Count": 1}
    assert search(vendor, Limit=1)["Pagination"] == {"Page": 1, "Limit": 1, "Count": 1}


# --- markLeads ----------------------------------------------------------------------------------

def test_mark_leads(vendor):
    a, b = add(vendor, lead()), add(vendor, lead())
    r = mark(vendor, [{"LeadCode": a, "Used": True, "StopFollowups": True},
                      {"LeadCode": b, "Used": True, "StopFollowups": False}])
    assert r.status_code == 200, r.text
    assert r.json()["Response"] == "2 leads have been marked successfully"
    ga, gb = get(vendor, a), get(vendor, b)
    assert (ga["Used"], ga["FollowUpsStopped"]) == (True, True)
    assert (gb["Used"], gb["FollowUpsStopped"]) == (True, False)
    # a used lead (its cart became an order) is not followed up: its mails are canceled
    assert [f["Status"] for f in gb["FollowUps"]] == ["CANCELED"] * 5
    r = mark(vendor, [{"LeadCode": a, "Used": False, "StopFollowups": True}])
    assert r.json()["Response"] == "1 leads have been marked successfully"


def test_mark_leads_is_all_or_nothing(vendor):
    a, b = add(vendor, lead()), add(vendor, lead())
    r = mark(vendor, [{"LeadCode": a, "Used": True, "StopFollowups": True},
                      {"LeadCode": "GHOST42", "Used": True, "StopFollowups": True},
                      {"LeadCode": b, "Used": True, "StopFollowups": True}])
    assert_error(r, 404, "LEAD_NOT_FOUND", "GHOST42")
    for code in (a, b):
        got = get(vendor, code)
        assert (got["Used"], got["FollowUpsStopped"]) == (False, False)
        assert [f["Status"] for f in got["FollowUps"]] == ["SCHEDULED"] * 5
    assert search(vendor, Type="New")["Pagination"]["Count"] == 2


BAD_MARKS = [
    ("empty", [], "PARAMETER_MISSING"),
    ("no-lead-code", [{"Used": True, "StopFollowups": True}], "PARAMETER_MISSING"),
    ("not-array", "ABC", "PARAMETER_INVALID"),
    ("used-not-bool", [{"LeadCode": "X", "Used": "perhaps", "StopFollowups": False}],
     "PARAMETER_INVALID"),
    ("stop-not-bool", [{"LeadCode": "X", "Used": False, "StopFollowups": 2}],
     "PARAMETER_INVALID"),
    ("unknown-code", [{"LeadCode": "NOSUCH", "Used": True, "StopFollowups": True}],
     "LEAD_NOT_FOUND"),
]


@pytest.mark.parametrize("body,code", [c[1:] for c in BAD_MARKS], ids=[c[0] for c in BAD_MARKS])
def test_mark_leads_rejects_bad_input(vendor, body, code):
    keep = add(vendor, lead())
    r = mark(vendor, body)
    assert_error(r, 404 if code == "LEAD_NOT_FOUND" else 400, code)
    assert get(vendor, keep)["Used"] is False


# --- isolation ----------------------------------------------------------------------------------

def test_vendors_never_see_or_change_each_others_leads(vendor, other_vendor):
    mine = add(vendor, lead(email="mine@example.com", products=("ISO1",)))
    theirs = add(other_vendor, lead(email="theirs@example.com", products=("ISO1",)))

    assert_error(other_vendor.rest("GET", f"/leads/{mine}"), 404, "LEAD_NOT_FOUND")
    assert_error(other_vendor.rest("PUT", f"/leads/{mine}", lead(email="evil@example.com")),
                 404, "LEAD_NOT_FOUND")
    r = mark(other_vendor, [{"LeadCode": mine, "Used": True, "StopFollowups": True}])
    assert_error(r, 404, "LEAD_NOT_FOUND", mine)
    # nor through the search, whatever the filter
    for params in ({}, {"LeadCode": [mine, theirs]}, {"ProductCode": "ISO1"},
                   {"Email": "mine@example.com"}, {"GeneratedFrom": "API"}):
        assert codes_of(search(other_vendor, **params)) == ([] if "Email" in params
                                                            else [theirs]), params

    got = get(vendor, mine)
    assert got["BillingDetails"]["Email"] == "mine@example.com"
    assert (got["Used"], got["FollowUpsStopped"]) == (False, False)
    assert codes_of(search(vendor, ProductCode="ISO1")) == [mine]
    # a mixed mark of the other vendor marks nothing of its own either
    r = mark(other_vendor, [{"LeadCode": theirs, "Used": True, "StopFollowups": False},
                            {"LeadCode": mine, "Used": True, "StopFollowups": False}])
    assert_error(r, 404, "LEAD_NOT_FOUND", mine)
    assert get(other_vendor, theirs)["Used"] is False


def test_requests_without_valid_authentication_are_refused(vendor):
    code = add(vendor, lead())
    r = vendor.rest("GET", f"/leads/{code}", headers={"X-Avangate-Authentication": "nonsense"})
    assert r.status_code == 401, r.text
    assert r.json()["error_code"] in ("AUTHENTICATION_ERROR", "AUTHENTICATION_FAILED")
    assert code not in r.text
    wrong_hash = f'code="{vendor.code}" date="2020-01-01 00:00:00" hash="00" algo="sha256"'
    r = vendor.rest("GET", "/leads/", headers={"X-Avangate-Authentication": wrong_hash})
    assert r.status_code == 401, r.text
    assert r.json()["error_code"] in ("AUTHENTICATION_ERROR", "AUTHENTICATION_FAILED")
    assert "Items" not in r.json()


# --- catalog items against the vendor's catalog ----------------------------------------------

def test_catalog_items_must_name_products_once_the_vendor_has_a_catalog(vendor):
    # no catalog yet: the vendor's own codes are recorded as they are
    add(vendor, lead(products=("ANYTHING",)))
    r = vendor.rest("POST", "/products/", {
        "ProductCode": "PROD1", "ProductName": "Product one",
        "PricingConfigurations": [{"PriceType": "NET",
                                   "Prices": {"Regular": [{"Amount": 10, "Currency": "USD"}]}}]})
    assert r.status_code in (200, 201), r.text
    code = add(vendor, lead(products=("PROD1",)))
    r = vendor.rest("POST", "/leads/", lead(products=("PROD1", "NOPE")))
    assert r.status_code == 400, r.text
    assert r.json()["error_code"] == "ORDER_PRODUCT_CODE_INVALID"
    assert "Items[1]" in r.json()["message"] and "NOPE" in r.json()["message"]
    # the same rule on update, and a failed update changes nothing
    r = vendor.rest("PUT", f"/leads/{code}", lead(products=("NOPE",)))
    assert r.json()["error_code"] == "ORDER_PRODUCT_CODE_INVALID", r.text
    assert [i["Code"] for i in get(vendor, code)["Items"]] == ["PROD1"]
    # dynamic items never name the catalog
    add(vendor, lead(products=(), Items=[{"IsDynamic": True, "Name": "Custom", "Quantity": 1,
                                          "Price": {"Amount": 5}}]))
    # and the same error over JSON-RPC
    out = vendor.rpc("addLead", lead(products=("NOPE",)))
    assert out["error"]["data"]["error_code"] == "ORDER_PRODUCT_CODE_INVALID", out
