"""The same orders over REST, JSON-RPC and SOAP: the same outcome (status, approval, test flag,
totals, Errors, subscriptions) and the same error codes; and the reads (getOrder, searchOrders,
refunds, getCustomerInformation, getSubscription) agree across the three protocols."""
import pytest

from orders_util import (DECLINED, LIVE_VISA, THREEDS, billing, card, catalog_order,
                         dynamic_item, dynamic_order, rest_call, rpc_call, seeded_vendor, soap)


@pytest.fixture(scope="module")
def shop(server):
    return seeded_vendor(server)


def place_rest(v, order):
    return rest_call(v, "POST", "/orders/", order)


def place_rpc(v, order):
    return rpc_call(v, "placeOrder", order)


def place_soap(v, order):
    return soap(v, "placeOrder", [("Order", order)])


PROTOCOLS = [place_rest, place_rpc, place_soap]


def summary(o):
    """What must not depend on the protocol."""
    pm = (o.get("PaymentDetails") or {}).get("PaymentMethod") or {}
    return {
        "Status": o["Status"],
        "ApproveStatus": o["ApproveStatus"],
        "TestOrder": o["TestOrder"],
        "Currency": o["Currency"],
        "GrossPrice": float(o["GrossPrice"]),
        "VAT": float(o["VAT"]),
        "Discount": float(o["Discount"]),
        "Errors": sorted((o.get("Errors") or {}).keys()),
        "Items": [(i["Code"], int(i["Quantity"]), float(i["Price"]["GrossDiscountedPrice"]),
                   len(i["ProductDetails"].get("Subscriptions") or []))
                  for i in o["Items"]],
        "History": [h["Status"] for h in o["StatusHistory"]],
        "LastDigits": pm.get("LastDigits"),
        "Has3DS": "Authorize3DS" in pm,
        "RefNoShape": len(o["RefNo"]) == 9 and o["RefNo"].isdigit(),
    }


OUTCOMES = {
    "catalog": catalog_order(items=[{"Code": "CLOUD-BASIC", "Quantity": 2,
                                     "PriceOptions": ["USERS=3"]},
                                    {"Code": "USB-KEY", "Quantity": 1}],
                             Promotions=["WELCOME10"]),
    "dynamic": dynamic_order(items=[dynamic_item(
        Quantity=2, Price={"Amount": 12.5, "Type": "CUSTOM"},
        RecurringOptions={"CycleLength": 1, "CycleUnit": "MONTH", "CycleAmount": 12.5})]),
    "declined": catalog_order(PaymentDetails=card(DECLINED)),
    "test-card-live": catalog_order(PaymentDetails=card(type_="CC")),
    "live-card": catalog_order(PaymentDetails=card(LIVE_VISA, type_="CC")),
    "3ds": catalog_order(PaymentDetails=card(THREEDS)),
    "vat": catalog_order(BillingDetails=billing(CountryCode="FR", State=None, City="Paris",
                                                Zip="75001")),
    "fraud": catalog_order(LocalTime=None, PaymentDetails=card(HolderNameTime=0.1,
                                                               CardNumberTime=0.1)),
}


@pytest.mark.parametrize("name", sorted(OUTCOMES))
def test_same_outcome_on_every_protocol(shop, name):
    results = []
    for place in PROTOCOLS:
        kind, o = place(shop, OUTCOMES[name])
        assert kind == "ok", (place.__name__, o)
        results.append(summary(o))
    assert results[0] == results[1] == results[2], results


def test_free_order_on_every_protocol(shop):
    free = dynamic_order(items=[dynamic_item(Price={"Amount": 0})])
    free.pop("PaymentDetails")
    for place in PROTOCOLS:
        kind, o = place(shop, free)
        assert kind == "ok", o
        assert o["Status"] == "COMPLETE" and o["PaymentDetails"]["Type"] == "FREE"


ERRORS = [
    ("ORDER_PRODUCTS_EMPTY", catalog_order(items=[])),
    ("ORDER_PRODUCT_CODE_INVALID", catalog_order(items=[{"Code": "NOPE", "Quantity": 1}])),
    ("ORDER_ITEMS_INVALID", catalog_order(items=[{"Code": "USB-KEY", "Quantity": 1},
                                                 dynamic_item()])),
    ("ORDER_PRODUCT_IS_DYNAMIC_INVALID", dynamic_order(items=[dynamic_item(IsDynamic=False)])),
    ("ORDER_PRODUCT_PURCHASE_TYPE_INVALID",
     dynamic_order(items=[dynamic_item(PurchaseType="SHIPPING")])),
    ("ORDER_PRODUCT_RECURRING_OPTIONS_INVALID",
     dynamic_order(items=[dynamic_item(PurchaseType="COUPON",
                                       RecurringOptions={"CycleLength": 1})])),
    ("ORDER_PRODUCT_NAME_INVALID", dynamic_order(items=[dynamic_item(Name="")])),
    ("ORDER_PRODUCT_PRICE_AMOUNT_INVALID",
     dynamic_order(items=[dynamic_item(Price={"Type": "CUSTOM"})])),
    ("ORDER_ITEMS_QUANTITY_INVALID", catalog_order(items=[{"Code": "USB-KEY",
                                                           "Quantity": 100000}])),
    ("ORDER_PRODUCT_SUBSCRIPTION_START_DATE_INVALID",
     dynamic_order(items=[dynamic_item(SubscriptionStartDate="tomorrow")])),
    ("ORDER_EXTERNAL_REFERENCE_INVALID", catalog_order(ExternalReference="x" * 101)),
    ("ORDER_SOURCE_INVALID", catalog_order(Source="x" * 256)),
    ("ORDER_CURRENCY_MISMATCH", catalog_order(Currency="EUR")),
    ("ORDER_BILLING_DETAILS_REQUIRED", catalog_order(BillingDetails=billing(Zip=None))),
    ("ORDER_BILLING_STATE_INVALID", catalog_order(BillingDetails=billing(State="Atlantis"))),
    ("ORDER_BILLING_PHONE_REQUIRED",
     catalog_order(BillingDetails=billing(CountryCode="BR", State="RJ",
                                          FiscalCode="529.982.247-25"))),
    ("ORDER_BILLING_FISCAL_CODE_REQUIRED",
     catalog_order(BillingDetails=billing(Company="ACME Inc"))),
    ("ORDER_BILLING_VAT_ID_INVALID",
     catalog_order(BillingDetails=billing(CountryCode="IT", State=None, Company="ACME SRL",
                                          FiscalCode="IT00743110158"))),
    ("ORDER_DELIVERY_DETAILS_REQUIRED", catalog_order(DeliveryDetails={"FirstName": "J"})),
    ("PAYMENT_CARD_NUMBER_INVALID", catalog_order(PaymentDetails=card("4111111111111121"))),
    ("PAYMENT_CARD_TYPE_INVALID", catalog_order(PaymentDetails=card(CardType="JCB"))),
    ("PAYMENT_HOLDER_NAME_TIME_INVALID", catalog_order(PaymentDetails=card(HolderNameTime=-2))),
    ("PAYMENT_INSTALLMENTS_INVALID", catalog_order(PaymentDetails=card(InstallmentsNumber=6))),
    ("PAYMENT_3DS_URL_REQUIRED", catalog_order(PaymentDetails=card(Vendor3DSCancelURL=None))),
    ("PAYMENT_TYPE_INVALID", catalog_order(PaymentDetails=card(type_="CHEQUE"))),
]


@pytest.mark.parametrize("code,order", ERRORS, ids=[c for c, _ in ERRORS])
def test_same_error_on_every_protocol(shop, code, order):
    for place in PROTOCOLS:
        kind, got = place(shop, order)
        assert (kind, got) == ("err", code), place.__name__


def test_reads_agree_across_protocols(shop):
    _, o = place_rest(shop, catalog_order(
        items=[{"Code": "CLOUD-PRO", "Quantity": 1, "PriceOptions": ["USERS=2"]}],
        CustomerReference=8001, ExternalReference="PARITY-ORDER"))
    ref = o["RefNo"]
    sub = o["Items"][0]["ProductDetails"]["Subscriptions"][0]["SubscriptionReference"]
    cust = o["AvangateCustomerReference"]

    # getOrder
    got = [rest_call(shop, "GET", f"/orders/{ref}/"), rpc_call(shop, "getOrder", ref),
           soap(shop, "getOrder", [("RefNo", ref)])]
    for kind, g in got:
        assert kind == "ok", g
        assert summary(g) == summary(o)
    for call in (rest_call(shop, "GET", "/orders/000000001/"),
                 rpc_call(shop, "getOrder", "000000001"),
                 soap(shop, "getOrder", [("RefNo", "000000001")])):
        assert call == ("err", "ORDER_NOT_FOUND")

    # searchOrders
    filters = {"ExternalRefNo": "PARITY-ORDER", "Status": "COMPLETE"}
    got = [rest_call(shop, "GET", "/orders/", params=filters),
           rpc_call(shop, "searchOrders", filters),
           soap(shop, "searchOrders", [("SearchOptions", filters)])]
    for kind, g in got:
        assert kind == "ok", g
        assert [i["RefNo"] for i in g["Items"]] == [ref]
        assert int(g["Pagination"]["Count"]) == 1

    # getCustomerInformation
    got = [rest_call(shop, "GET", f"/customers/{cust}/"),
           rpc_call(shop, "getCustomerInformation", cust, "8001"),
           soap(shop, "getCustomerInformation", [("AvangateCustomerReference", cust),
                                                 ("ExternalCustomerReference", "8001")])]
    for kind, g in got:
        assert kind == "ok", g
        assert int(g["AvangateCustomerReference"]) == cust
        assert g["ExternalCustomerReference"] == "8001"
    assert rpc_call(shop, "getCustomerInformation", cust, "OTHER") == \
        ("err", "CUSTOMER_NOT_FOUND")

    # getSubscription
    got = [rest_call(shop, "GET", f"/subscriptions/{sub}/"),
           rpc_call(shop, "getSubscription", sub),
           soap(shop, "getSubscription", [("SubscriptionReference", sub)])]
    first = None
    for kind, g in got:
        assert kind == "ok", g
        norm = {k: g[k] for k in ("SubscriptionReference", "StartDate", "ExpirationDate",
                                  "RecurringEnabled", "TestSubscription", "IsTrial",
                                  "MerchantCode")}
        norm["ProductCode"] = g["Product"]["ProductCode"]
        norm["Email"] = g["EndUser"]["Person"]["Email"]
        norm["Customer"] = int(g["AvangateCustomerReference"])
        first = first or norm
        assert norm == first

    # refunds: REST, issueRefund over JSON-RPC and SOAP, then nothing left
    assert rest_call(shop, "POST", f"/orders/{ref}/refund/",
                     {"amount": 5, "comment": "c", "reason": "r"}) == ("ok", True)
    assert rpc_call(shop, "issueRefund", ref, "5", {}, "a comment", "a reason") == ("ok", True)
    kind, ok = soap(shop, "issueRefund", [("RefNo", ref), ("Amount", 5.0), ("Items", None),
                                          ("Comment", "c"), ("Reason", "r")])
    assert kind == "ok" and ok in (True, "true")
    _, g = rest_call(shop, "GET", f"/orders/{ref}/")
    assert [r["Amount"] for r in g["Refunds"]] == [5, 5, 5]
    assert g["Status"] == "COMPLETE"  # 25.00 paid, 15.00 refunded
    assert rpc_call(shop, "issueRefund", ref, 100, [], "", "") == \
        ("err", "ORDER_REFUND_AMOUNT_INVALID")
    assert soap(shop, "issueRefund", [("RefNo", ref), ("Amount", 100.0)]) == \
        ("err", "ORDER_REFUND_AMOUNT_INVALID")
    assert rpc_call(shop, "issueRefund", ref, 10, "", "", "") == ("ok", True)
    _, g = rest_call(shop, "GET", f"/orders/{ref}/")
    assert g["Status"] == "REFUND"


def test_wsdl_declares_the_order_operations(server):
    import requests
    wsdl = requests.get(server.base + "/soap/6.0/?wsdl", timeout=30).text
    for op in ("placeOrder", "getOrder", "searchOrders", "issueRefund", "getCustomerInformation",
               "getSubscription"):
        assert f'<operation name="{op}">' in wsdl, op
    for t in ("OrderInformation", "Subscription", "Customer", "PaymentDetails", "Order"):
        assert f'<xsd:complexType name="{t}">' in wsdl, t
