"""Fidelity: what the platform's own clients (the official SDKs' suites and fixtures) and every
testable sentence of the seeds expect, on each protocol the operation has (REST, JSON-RPC,
SOAP). Each test here failed before the fix it covers (issue 10)."""
import datetime

import pytest
import requests

from conftest import Server, admin_headers, new_vendor, sandbox_now
from orders_util import (THREEDS, card, catalog_order, dynamic_item, dynamic_order, place_ok, rest_call,
                         rpc_call, seeded_vendor, soap)


@pytest.fixture
def own():
    """A server of its own: these tests move the clock, which is global to a database."""
    s = Server().start()
    yield s
    s.stop()


def advance(server, **by):
    r = requests.post(server.base + "/control/clock/advance/", headers=admin_headers(),
                      json=by, timeout=600)
    assert r.status_code == 200, r.text
    return r.json()


def place_rest(v, order):
    return rest_call(v, "POST", "/orders/", order)


def place_rpc(v, order):
    return rpc_call(v, "placeOrder", order)


def place_soap(v, order):
    return soap(v, "placeOrder", [("Order", order)])


PLACE = {"rest": place_rest, "rpc": place_rpc, "soap": place_soap}


def get_sub(v, proto, ref):
    if proto == "rest":
        return rest_call(v, "GET", f"/subscriptions/{ref}/")
    if proto == "rpc":
        return rpc_call(v, "getSubscription", ref)
    return soap(v, "getSubscription", [("subscriptionReference", ref)])


def history(v, ref):
    r = v.rest("GET", f"/subscriptions/{ref}/history/")
    assert r.status_code == 200, r.text
    return r.json()


def buy_monthly(v, options=("USERS=2",)):
    o = place_ok(v, catalog_order(items=[{"Code": "CLOUD-BASIC", "Quantity": 1,
                                          "PriceOptions": list(options)}]))
    return o["Items"][0]["ProductDetails"]["Subscriptions"][0]["SubscriptionReference"]


# --- 1. an upgrade's options are normalised where they are parsed ------------------------------

def test_upgrade_options_with_spaces_are_stored_normalised_and_renew(own):
    v = seeded_vendor(own)
    refs = {p: buy_monthly(v) for p in ("rest", "rpc", "soap")}
    options = " USERS=7 ; PRIORITY "
    assert rest_call(v, "PUT", f"/subscriptions/{refs['rest']}/upgrade/",
                     {"ProductCode": "CLOUD-PRO", "Options": options}) == ("ok", True)
    assert rpc_call(v, "setSubscriptionUpgrade", refs["rpc"], "CLOUD-PRO", options,
                    None) == ("ok", True)
    assert soap(v, "setSubscriptionUpgrade",
                [("subscriptionReference", refs["soap"]), ("productCode", "CLOUD-PRO"),
                 ("options", options)]) == ("ok", True)
    for proto, ref in refs.items():
        status, s = get_sub(v, proto, ref)
        assert status == "ok", s
        assert s["Product"]["PriceOptionCodes"] == ["USERS=7", "PRIORITY"], (proto, s)
    advance(own, Days=32)
    for proto, ref in refs.items():
        h = history(v, ref)
        assert [x["Type"] for x in h] == ["NEW", "UPGRADE", "RENEWAL"], (proto, h)
        assert h[2]["Status"] == "COMPLETE" and h[2]["Errors"] is None, (proto, h)


# --- 1. a renewal that cannot be priced follows the past-due / expiry path ---------------------

def test_renewal_that_cannot_be_priced_is_failed_retried_then_expires(own):
    v = seeded_vendor(own)
    ref = buy_monthly(v)
    # the product is withdrawn from sale: the renewal cannot be priced any more
    r = v.rest("DELETE", "/products/CLOUD-BASIC/")
    assert r.status_code == 200, r.text
    expiration = datetime.datetime.strptime(
        rest_call(v, "GET", f"/subscriptions/{ref}/")[1]["ExpirationDate"], "%Y-%m-%d")
    start = datetime.datetime.strptime(
        rest_call(v, "GET", f"/subscriptions/{ref}/")[1]["StartDate"], "%Y-%m-%d")
    advance(own, Days=(expiration - start).days, Hours=12)
    h = history(v, ref)
    assert [x["Type"] for x in h] == ["NEW", "RENEWAL"], h
    assert h[1]["Status"] == "CANCELED", h
    assert list(h[1]["Errors"]) == ["ORDER_PRODUCT_DISABLED"], h
    # still enabled while the retries last: visible over every protocol
    for proto in ("rest", "rpc", "soap"):
        status, s = get_sub(v, proto, ref)
        assert status == "ok" and s["SubscriptionEnabled"] is True, (proto, s)
    advance(own, Days=8)
    h = history(v, ref)
    assert [x["Status"] for x in h] == ["COMPLETE", "CANCELED", "CANCELED", "CANCELED",
                                        "CANCELED"], h
    for proto in ("rest", "rpc", "soap"):
        status, s = get_sub(v, proto, ref)
        assert status == "ok" and s["SubscriptionEnabled"] is False, (proto, s)
    # no job was left failing: the renewal ended, it did not give up
    r = requests.get(own.base + "/control/jobs/", params={"Vendor": v.code},
                     headers=admin_headers(), timeout=30)
    assert r.status_code == 200, r.text
    assert [j for j in r.json()["Items"] if j["State"] == "FAILED"] == []


# --- 2. Lifetime: false when the billing cycle is 3 years or less -------------------------------

@pytest.mark.parametrize("proto", ["rest", "rpc", "soap"])
def test_lifetime_is_true_beyond_three_years(server, proto):
    v = seeded_vendor(server)
    cycles = [(36, "MONTH", False), (3, "YEAR", False), (1095, "DAY", False),
              (37, "MONTH", True), (4, "YEAR", True), (1096, "DAY", True)]
    items = [dynamic_item(Name=f"cycle {n} {u}", RecurringOptions={
        "CycleLength": n, "CycleUnit": u, "CycleAmount": 20}) for n, u, _ in cycles]
    status, o = PLACE[proto](v, dynamic_order(items=items))
    assert status == "ok" and o["Errors"] is None, o
    for it, (n, u, lifetime) in zip(o["Items"], cycles):
        sub = it["ProductDetails"]["Subscriptions"][0]
        assert sub["Lifetime"] is lifetime, (n, u, sub)
        status, s = get_sub(v, proto, sub["SubscriptionReference"])
        assert status == "ok" and s["Lifetime"] is lifetime, (n, u, s)
        if lifetime:  # evergreen: never expires, never renewed
            assert s["ExpirationDate"].startswith("9999-12-31") and not s["RecurringEnabled"]


# --- 10. the platform's error codes -----------------------------------------------------------

def test_past_expiration_date_is_invalid_expiration_date(server):
    v = seeded_vendor(server)
    ref = buy_monthly(v)
    past = "2001-01-01"
    assert rest_call(v, "PUT", f"/subscriptions/{ref}/", {"ExpirationDate": past}) == \
        ("err", "INVALID_EXPIRATION_DATE")
    assert rpc_call(v, "updateSubscription", ref, {"ExpirationDate": past}) == \
        ("err", "INVALID_EXPIRATION_DATE")
    assert soap(v, "updateSubscription", [("subscriptionReference", ref),
                                          ("subscription", {"ExpirationDate": past})]) == \
        ("err", "INVALID_EXPIRATION_DATE")
    # a date in the past but after the start is refused as well
    yesterday = (datetime.datetime.strptime(
        rest_call(v, "GET", f"/subscriptions/{ref}/")[1]["StartDate"], "%Y-%m-%d")
        - datetime.timedelta(days=1)).strftime("%Y-%m-%d")
    assert rpc_call(v, "updateSubscription", ref, {"ExpirationDate": yesterday}) == \
        ("err", "INVALID_EXPIRATION_DATE")
    # a malformed date stays INVALID_DATE
    assert rpc_call(v, "updateSubscription", ref, {"ExpirationDate": "tomorrow"}) == \
        ("err", "INVALID_DATE")


def test_enabling_an_enabled_subscription_is_an_invalid_operation(server):
    v = seeded_vendor(server)
    ref = buy_monthly(v)
    assert rest_call(v, "POST", f"/subscriptions/{ref}/") == \
        ("err", "INVALID_SUBSCRIPTION_OPERATION")
    assert rpc_call(v, "enableSubscription", ref) == ("err", "INVALID_SUBSCRIPTION_OPERATION")
    assert soap(v, "enableSubscription", [("subscriptionReference", ref)]) == \
        ("err", "INVALID_SUBSCRIPTION_OPERATION")
    # and disabling a disabled one
    assert rpc_call(v, "cancelSubscription", ref) == ("ok", True)
    assert rest_call(v, "DELETE", f"/subscriptions/{ref}/") == \
        ("err", "INVALID_SUBSCRIPTION_OPERATION")
    assert soap(v, "cancelSubscription", [("subscriptionReference", ref)]) == \
        ("err", "INVALID_SUBSCRIPTION_OPERATION")
    assert rest_call(v, "POST", f"/subscriptions/{ref}/") == ("ok", True)


# --- 7. 3-D Secure URLs as every official SDK's fixture sends them ------------------------------

@pytest.mark.parametrize("proto", ["rest", "rpc", "soap"])
def test_3ds_urls_without_a_scheme_are_completed(server, proto):
    v = seeded_vendor(server)
    pay = card(Vendor3DSReturnURL="www.success.com", Vendor3DSCancelURL="www.fail.com")
    status, o = PLACE[proto](v, catalog_order(PaymentDetails=pay))
    assert status == "ok" and o["Errors"] is None and o["Status"] == "COMPLETE", o
    # a card that asks for 3-D Secure: the shopper is sent back to the completed URLs
    for result, where in (("pass", "http://www.success.com"), ("fail", "http://www.fail.com")):
        status, o = PLACE[proto](v, catalog_order(PaymentDetails=card(
            THREEDS, Vendor3DSReturnURL="www.success.com", Vendor3DSCancelURL="www.fail.com")))
        assert status == "ok" and o["Status"] == "PENDING", o
        a3 = o["PaymentDetails"]["PaymentMethod"]["Authorize3DS"]
        r = requests.post(a3["Href"], data={"avng8apitoken": a3["Params"]["avng8apitoken"],
                                            "result": result},
                          allow_redirects=False, timeout=30)
        assert r.status_code == 302 and r.headers["Location"] == where, (result, r.text)
    for bad in ("javascript:alert(1)", "ftp://example.com", "/relative", "has space.com"):
        status, code = PLACE[proto](v, catalog_order(PaymentDetails=card(
            Vendor3DSReturnURL=bad)))
        assert (status, code) == ("err", "PAYMENT_3DS_URL_REQUIRED"), bad


# --- 4. what the seeds mark required is required -------------------------------------------------

def contents(proto, v, order):
    if proto == "rest":
        return rest_call(v, "PUT", "/orders/0/", order)
    if proto == "rpc":
        return rpc_call(v, "getContents", order)
    return soap(v, "getContents", [("Order", order)])


@pytest.mark.parametrize("proto", ["rest", "rpc", "soap"])
def test_crosssell_parent_code_is_required(server, proto):
    v = seeded_vendor(server)
    r = v.rest("GET", "/crosssells/", params={"CampaignName":
                                               "Demo: USB key with the desktop license"})
    campaign = r.json()["Items"][0]["CampaignCode"]
    for xs in ({"CampaignCode": campaign}, {"CampaignCode": campaign, "ParentCode": ""},
               {"CampaignCode": campaign, "ParentCode": "  "}):
        order = catalog_order(items=[{"Code": "DESKTOP-LICENSE", "Quantity": 1},
                                     {"Code": "USB-KEY", "Quantity": 1, "CrossSell": xs}])
        assert PLACE[proto](v, order) == ("err", "CROSSSELL_PARENT_CODE_REQUIRED"), xs
        assert contents(proto, v, order) == ("err", "CROSSSELL_PARENT_CODE_REQUIRED"), xs
    # with its parent (spaces around it, as the seed's getContents sample has them): discounted
    order = catalog_order(items=[{"Code": "DESKTOP-LICENSE", "Quantity": 1},
                                 {"Code": "USB-KEY", "Quantity": 1, "CrossSell": {
                                     "CampaignCode": campaign, "ParentCode": " DESKTOP-LICENSE "}}])
    status, o = contents(proto, v, order)
    assert status == "ok" and float(o["Items"][1]["Price"]["UnitDiscount"]) == 2.25, o


@pytest.mark.parametrize("proto", ["rest", "rpc", "soap"])
def test_delivery_phone_is_required_for_brazil(server, proto):
    v = seeded_vendor(server)
    br = {"FirstName": "João", "LastName": "Silva", "CountryCode": "BR", "State": "SP",
          "City": "São Paulo", "Address1": "Rua A 1", "Zip": "01000-000",
          "Email": "joao@example.com", "Phone": "+55 11 5555 0000",
          "FiscalCode": "529.982.247-25"}
    delivery = {k: x for k, x in br.items() if k not in ("Phone", "FiscalCode")}
    order = catalog_order(BillingDetails=br, DeliveryDetails=delivery)
    assert PLACE[proto](v, order) == ("err", "ORDER_DELIVERY_PHONE_REQUIRED")
    order["DeliveryDetails"]["Phone"] = "+55 11 5555 0001"
    status, o = PLACE[proto](v, order)
    assert status == "ok" and o["Errors"] is None, o
    # outside Brazil the delivery phone stays optional
    status, o = PLACE[proto](v, catalog_order(DeliveryDetails={"FirstName": "A",
                                                               "LastName": "B"}))
    assert status == "ok" and o["Errors"] is None, o


# --- 6. updateLead: GeneratedFrom is one of the update's parameters ------------------------------

def small_lead(**over):
    body = {"Currency": "USD", "Items": [{"Code": "PROD1", "Quantity": 1}],
            "BillingDetails": {"FirstName": "Jane", "LastName": "Doe",
                               "Email": "jane@example.com", "CountryCode": "RO"}}
    body.update(over)
    return body


@pytest.mark.parametrize("proto", ["rest", "rpc", "soap"])
def test_update_lead_overwrites_generated_from(server, proto):
    v = new_vendor(server)
    status, added = rest_call(v, "POST", "/leads/", small_lead())
    code = added["LeadCode"]
    body = small_lead(GeneratedFrom="ConvertPlus")
    if proto == "rest":
        assert rest_call(v, "PUT", f"/leads/{code}", body) == ("ok", True)
    elif proto == "rpc":
        assert rpc_call(v, "updateLead", code, body) == ("ok", True)
    else:
        assert soap(v, "updateLead", [("LeadCode", code), ("Lead", body)]) == ("ok", True)
    if proto == "soap":
        status, lead = soap(v, "getLead", [("LeadCode", code)])
    else:
        status, lead = rpc_call(v, "getLead", code)
    assert status == "ok" and lead["GeneratedFrom"] == "ConvertPlus", lead
    status, found = rest_call(v, "GET", "/leads/", params={"GeneratedFrom": "ConvertPlus"})
    assert [x["LeadCode"] for x in found["Items"]] == [code]
    # absent from an update, the lead keeps its source
    assert rest_call(v, "PUT", f"/leads/{code}", small_lead()) == ("ok", True)
    assert rest_call(v, "GET", f"/leads/{code}")[1]["GeneratedFrom"] == "ConvertPlus"


# --- 3. types as documented, on every protocol -------------------------------------------------

@pytest.mark.parametrize("proto", ["rest", "rpc", "soap"])
def test_customer_reference_is_an_integer(server, proto):
    v = seeded_vendor(server)
    for sent in (421820775, "421820775"):
        status, o = PLACE[proto](v, catalog_order(CustomerReference=sent))
        assert status == "ok" and o["CustomerReference"] == 421820775, o
        assert isinstance(o["CustomerReference"], int) and not isinstance(
            o["CustomerReference"], bool)
        if proto == "soap":
            status, got = soap(v, "getOrder", [("RefNo", o["RefNo"])])
        else:
            status, got = rpc_call(v, "getOrder", o["RefNo"])
        assert status == "ok" and got["CustomerReference"] == 421820775, got
        assert rest_call(v, "GET", f"/orders/{o['RefNo']}/")[1]["CustomerReference"] == 421820775
    # not an Integer: refused, as the seed types it
    assert PLACE[proto](v, catalog_order(CustomerReference="asdf1")) == \
        ("err", "PARAMETER_INVALID")


@pytest.mark.parametrize("proto", ["rest", "rpc", "soap"])
def test_lead_marketing_campaigns_keep_their_integers(server, proto):
    v = new_vendor(server)
    mc = {"Type": 23, "ParentCode": "m", "CampaignCode": 23}
    lead = small_lead(Items=[{"Code": "PROD1", "Quantity": 1, "MarketingCampaigns": mc}])
    if proto == "rest":
        status, added = rest_call(v, "POST", "/leads/", lead)
    elif proto == "rpc":
        status, added = rpc_call(v, "addLead", lead)
    else:
        status, added = soap(v, "addLead", [("Lead", lead)])
    assert status == "ok", added
    code = added["LeadCode"]
    for status, got in (rest_call(v, "GET", f"/leads/{code}"), rpc_call(v, "getLead", code),
                        soap(v, "getLead", [("LeadCode", code)])):
        assert status == "ok" and got["Items"][0]["MarketingCampaigns"] == mc, got


# --- 5. the seed's card form: PaymentMethod.CardPayment {CardNumber, CardType, ...} ----------------

@pytest.mark.parametrize("proto", ["rest", "rpc", "soap"])
def test_card_nested_in_card_payment_as_the_seed_has_it(server, proto):
    v = seeded_vendor(server)
    nested = {"Type": "TEST", "Currency": "USD", "CustomerIP": "10.10.10.10",
              "PaymentMethod": {
                  "RecurringEnabled": True,
                  "WSOrder": "https://www.example.org",
                  "CardPayment": {"CardNumber": "4111111111111111", "CardType": "visa",
                                  "ExpirationYear": "2035", "ExpirationMonth": "12",
                                  "HolderName": "John Doe", "CCID": "123",
                                  "Vendor3DSReturnURL": "https://shop.example.com/ok",
                                  "Vendor3DSCancelURL": "https://shop.example.com/ko",
                                  "InstallmentsNumber": 1}}}
    status, o = PLACE[proto](v, catalog_order(PaymentDetails=nested))
    assert status == "ok" and o["Errors"] is None and o["Status"] == "COMPLETE", o
    pm = o["PaymentDetails"]["PaymentMethod"]
    assert pm["LastDigits"] == "1111" and pm["CardType"] == "visa", pm
    # WSOrder given in PaymentMethod (the seed's 3-D Secure table) is the order's
    assert o["WSOrder"] == "https://www.example.org", o
    assert "4111111111111111" not in str(o) and "CCID" not in str(o["PaymentDetails"])
    # a nested card is checked like a flat one
    bad = {**nested, "PaymentMethod": {"CardPayment": {
        **nested["PaymentMethod"]["CardPayment"], "CardNumber": "4111111111111112"}}}
    assert PLACE[proto](v, catalog_order(PaymentDetails=bad)) == \
        ("err", "PAYMENT_CARD_NUMBER_INVALID")


# --- 8. a declined card leaves the order PENDING; placeOrder({RefNo, PaymentDetails}) retries it --

@pytest.mark.parametrize("proto", ["rest", "rpc", "soap"])
def test_declined_order_waits_and_its_payment_is_retried(server, proto):
    v = seeded_vendor(server)
    order = catalog_order(items=[{"Code": "CLOUD-BASIC", "Quantity": 1,
                                  "PriceOptions": ["USERS=2"]}],
                          PaymentDetails=card("4000000000000002"))
    status, o = PLACE[proto](v, order)
    assert status == "ok", o
    assert o["Status"] == "PENDING" and o["ApproveStatus"] == "WAITING", o
    assert list(o["Errors"]) == ["PAYMENT_DECLINED"], o
    assert o["Items"][0]["ProductDetails"]["Subscriptions"] == []
    ref = o["RefNo"]
    # retried with another card that is refused too: still PENDING, the new reason
    status, again = PLACE[proto](v, {"RefNo": ref, "PaymentDetails": card("4000000000009995")})
    assert status == "ok" and again["RefNo"] == ref, again
    assert again["Status"] == "PENDING" and list(again["Errors"]) == [
        "PAYMENT_INSUFFICIENT_FUNDS"], again
    # retried with a good card: the same order completes, with its subscription
    status, paid = PLACE[proto](v, {"RefNo": ref, "PaymentDetails": card()})
    assert status == "ok" and paid["RefNo"] == ref, paid
    assert paid["Status"] == "COMPLETE" and paid["Errors"] is None, paid
    assert paid["ApproveStatus"] == "OK" and paid["FinishDate"]
    assert [h["Status"] for h in paid["StatusHistory"]] == ["PENDING", "AUTHRECEIVED",
                                                            "COMPLETE"]
    assert len(paid["Items"][0]["ProductDetails"]["Subscriptions"]) == 1
    assert paid["PaymentDetails"]["PaymentMethod"]["LastDigits"] == "1111"
    got = rest_call(v, "GET", f"/orders/{ref}/")[1]
    assert got["Status"] == "COMPLETE" and got["Errors"] is None
    assert got["BillingDetails"]["FirstName"] == "John"  # the order as placed stands
    # a paid order cannot be paid again; an unknown RefNo is not found
    assert PLACE[proto](v, {"RefNo": ref, "PaymentDetails": card()}) == \
        ("err", "ORDER_PAYMENT_RETRY_NOT_ALLOWED")
    assert PLACE[proto](v, {"RefNo": "999999999", "PaymentDetails": card()}) == \
        ("err", "ORDER_NOT_FOUND")
    # another vendor's order is not found either
    other = seeded_vendor(server)
    assert PLACE[proto](other, {"RefNo": ref, "PaymentDetails": card()}) == \
        ("err", "ORDER_NOT_FOUND")


def test_retry_to_3ds_then_the_shopper_completes_it(server):
    v = seeded_vendor(server)
    status, o = place_rest(v, catalog_order(PaymentDetails=card("4000000000000002")))
    # the platform's own retry sample sends the whole order again, RefNo at its root
    status, w = place_rest(v, catalog_order(RefNo=o["RefNo"], PaymentDetails=card(THREEDS)))
    assert status == "ok" and w["Status"] == "PENDING" and w["Errors"] is None, w
    a3 = w["PaymentDetails"]["PaymentMethod"]["Authorize3DS"]
    r = requests.post(a3["Href"], data={"avng8apitoken": a3["Params"]["avng8apitoken"],
                                        "result": "pass"}, allow_redirects=False, timeout=30)
    assert r.status_code == 302, r.text
    got = rest_call(v, "GET", f"/orders/{o['RefNo']}/")[1]
    assert got["Status"] == "COMPLETE" and got["Errors"] is None


# --- 9. operations real clients call: customers, currencies -------------------------------------

def customer_body(**over):
    c = {"ExternalCustomerReference": "4321", "FirstName": "Ana", "LastName": "Pop",
         "Email": "ana@example.com", "CountryCode": "RO", "City": "Cluj", "Address1": "Str. 1",
         "Zip": "400000", "Language": "ro"}
    c.update(over)
    return c


def create_customer(v, proto, body):
    if proto == "rest":
        return rest_call(v, "POST", "/customers/", body)
    if proto == "rpc":
        return rpc_call(v, "createCustomer", body)
    return soap(v, "createCustomer", [("Customer", body)])


def update_customer(v, proto, ref, body, push=False):
    if proto == "rest":
        return rest_call(v, "PUT", f"/customers/{ref}/", body,
                         params={"UpdateEndUserSubscriptions": "true"} if push else None)
    body = dict(body, AvangateCustomerReference=ref)
    if proto == "rpc":
        return rpc_call(v, "updateCustomerInformation", body, push)
    return soap(v, "updateCustomerInformation", [("Customer", body),
                                                  ("UpdateEndUserSubscriptions", push)])


@pytest.mark.parametrize("proto", ["rest", "rpc", "soap"])
def test_create_read_and_update_a_customer(server, proto):
    v = seeded_vendor(server)
    status, ref = create_customer(v, proto, customer_body())
    assert status == "ok" and isinstance(ref, int) and 100000000 <= ref <= 999999999, ref
    status, c = rest_call(v, "GET", f"/customers/{ref}/")
    assert status == "ok", c
    assert (c["AvangateCustomerReference"], c["ExternalCustomerReference"], c["FirstName"],
            c["Email"], c["CountryCode"], c["Language"]) == (ref, "4321", "Ana",
                                                             "ana@example.com", "RO", "ro")
    # the vendor's reference is unique; the fields the platform requires are required
    assert create_customer(v, proto, customer_body()) == \
        ("err", "CUSTOMER_EXTERNAL_REFERENCE_DUPLICATE")
    assert create_customer(v, proto, customer_body(ExternalCustomerReference="9",
                                                   FirstName=None)) == \
        ("err", "PARAMETER_MISSING")
    # an order with that reference belongs to that customer
    o = place_ok(v, catalog_order(items=[{"Code": "CLOUD-BASIC", "Quantity": 1,
                                          "PriceOptions": ["USERS=2"]}],
                                  CustomerReference=4321))
    assert o["AvangateCustomerReference"] == ref
    sub = o["Items"][0]["ProductDetails"]["Subscriptions"][0]["SubscriptionReference"]
    # updated: the fields given replace the customer's; pushed to its subscriptions on request
    assert update_customer(v, proto, ref, {"Email": "ana.pop@example.com"}) == ("ok", True)
    c = rest_call(v, "GET", f"/customers/{ref}/")[1]
    assert c["Email"] == "ana.pop@example.com" and c["FirstName"] == "Ana"
    s = rest_call(v, "GET", f"/subscriptions/{sub}/")[1]
    assert s["EndUser"]["Person"]["Email"] == "john.doe@example.com"  # not pushed
    assert update_customer(v, proto, ref, {"LastName": "Popescu"}, push=True) == ("ok", True)
    s = rest_call(v, "GET", f"/subscriptions/{sub}/")[1]
    assert s["EndUser"]["Person"]["LastName"] == "Popescu"
    assert s["EndUser"]["Person"]["Email"] == "ana.pop@example.com"
    assert update_customer(v, proto, 123456789, {"Email": "x@example.com"}) == \
        ("err", "CUSTOMER_NOT_FOUND")


@pytest.mark.parametrize("proto", ["rest", "rpc", "soap"])
def test_available_currencies(server, proto):
    v = seeded_vendor(server)
    if proto == "rest":
        status, cur = rest_call(v, "GET", "/currencies/")
    elif proto == "rpc":
        status, cur = rpc_call(v, "getAvailableCurrencies")
    else:
        status, cur = soap(v, "getAvailableCurrencies", [])
    assert status == "ok" and isinstance(cur, list), cur
    assert {"USD", "EUR", "BRL", "JPY"} <= set(cur), cur
    assert cur == sorted(set(cur))
    # countryCode and paymentMethod go together
    if proto == "rest":
        assert rest_call(v, "GET", "/currencies/", params={"countryCode": "RO"}) == \
            ("err", "PARAMETER_MISSING")
        assert rest_call(v, "GET", "/currencies/", params={
            "countryCode": "RO", "paymentMethod": "CC"}) == ("ok", cur)
    elif proto == "rpc":
        assert rpc_call(v, "getAvailableCurrencies", "ro") == ("err", "PARAMETER_MISSING")
        assert rpc_call(v, "getAvailableCurrencies", "ro", "CC") == ("ok", cur)
    else:
        assert soap(v, "getAvailableCurrencies", [("countryCode", "ro")]) == \
            ("err", "PARAMETER_MISSING")
    # every one of them prices an order
    for c in cur:
        status, got = rest_call(v, "PUT", "/orders/0/", catalog_order(
            Currency=c, PaymentDetails=None))
        assert status == "ok" and got["Currency"] == c, (c, got)


# --- 9. addSubscription: a subscription imported, as the SDKs' samples send it -------------------

def import_body(**over):
    """The official Python SDK's example, the product and the dates adapted."""
    b = {"CustomPriceBillingCyclesLeft": 2,
         "DeliveryInfo": {"Codes": [{"Code": "___TEST___CODE____"}]},
         "EndUser": {"Address1": "Test Address", "Address2": "", "City": "LA", "Company": "",
                     "CountryCode": "us", "Email": "customer@2Checkout.com", "Fax": "",
                     "FirstName": "Customer", "Language": "en", "LastName": "2Checkout",
                     "Phone": "", "State": "CA", "Zip": "12345"},
         "ExpirationDate": "2031-12-16", "ExternalSubscriptionReference": "Unique123",
         "NextRenewalPrice": 49.99, "NextRenewalPriceCurrency": "usd", "PartnerCode": "",
         "Payment": {"CCID": "123", "CardNumber": "4111111111111111", "CardType": "VISA",
                     "ExpirationMonth": "12", "ExpirationYear": "2035",
                     "HolderName": "John Doe"},
         "Product": {"PriceOptionCodes": ["USERS=2"], "ProductCode": "CLOUD-BASIC",
                     "ProductId": "24584760", "ProductName": "2Checkout Subscription",
                     "ProductQuantity": 1, "ProductVersion": ""},
         "StartDate": "2031-11-16", "SubscriptionValue": 199,
         "SubscriptionValueCurrency": "usd", "Test": 1}
    b.update(over)
    return b


def add_subscription(v, proto, body):
    if proto == "rest":
        return rest_call(v, "POST", "/subscriptions/", body)
    if proto == "rpc":
        return rpc_call(v, "addSubscription", body)
    return soap(v, "addSubscription", [("Subscription", body)])


@pytest.mark.parametrize("proto", ["rest", "rpc", "soap"])
def test_add_subscription_imports_one(server, proto):
    v = seeded_vendor(server)
    status, ref = add_subscription(v, proto, import_body())
    assert status == "ok" and isinstance(ref, str) and len(ref) == 10, ref
    status, s = get_sub(v, proto, ref)
    assert status == "ok", s
    assert (s["StartDate"], s["ExpirationDate"]) == ("2031-11-16", "2031-12-16"), s
    assert s["Product"]["ProductCode"] == "CLOUD-BASIC"
    assert s["Product"]["PriceOptionCodes"] == ["USERS=2"]
    assert s["EndUser"]["Person"]["Email"] == "customer@2Checkout.com"
    assert s["EndUser"]["Language"] == "en"
    assert s["SubscriptionEnabled"] is True and s["RecurringEnabled"] is True
    assert s["TestSubscription"] is True
    # the card is never kept
    assert "4111111111111111" not in str(rest_call(v, "GET", f"/subscriptions/{ref}/history/"))
    # what the platform requires when importing
    for missing in ("StartDate", "ExpirationDate"):
        body = import_body()
        del body[missing]
        assert add_subscription(v, proto, body) == ("err", "PARAMETER_MISSING"), missing
    assert add_subscription(v, proto, import_body(ExpirationDate="2031-11-01")) == \
        ("err", "INVALID_EXPIRATION_DATE")
    assert add_subscription(v, proto, import_body(Product={"ProductCode": "USB-KEY"})) == \
        ("err", "ORDER_PRODUCT_CODE_INVALID")


def test_imported_subscription_renews_at_its_expiration(own):
    v = seeded_vendor(own)
    now = sandbox_now(own)
    exp = (now + datetime.timedelta(days=10)).strftime("%Y-%m-%d")
    start = (now - datetime.timedelta(days=20)).strftime("%Y-%m-%d")
    status, ref = rest_call(v, "POST", "/subscriptions/", import_body(
        StartDate=start, ExpirationDate=exp))
    assert status == "ok", ref
    advance(own, Days=12)
    h = history(v, ref)
    assert [x["Type"] for x in h] == ["NEW", "RENEWAL"], h
    assert h[1]["Status"] == "COMPLETE", h
    s = rest_call(v, "GET", f"/subscriptions/{ref}/")[1]
    assert s["ExpirationDate"] > exp
