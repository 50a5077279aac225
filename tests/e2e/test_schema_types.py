"""Every operation of the table answers with the keys and JSON types its schema declares for its
result (the OpenAPI document's components.x-kassa-results, made from the same declarations), on
REST and JSON-RPC alike; and the seeds' Subscription and Order objects field by field. So a type
can never drift again (issue 10: CustomerReference came back as a string)."""
import os
import re

import pytest
import requests

from conftest import Server, admin_headers, login_params
from orders_util import card, catalog_order, dynamic_item, place_ok, seeded_vendor

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def table_ops():
    with open(os.path.join(ROOT, "src", "api", "operations.def")) as f:
        return re.findall(r"^KS_(?:OP|RPC)\((\w+),", f.read(), re.M)


@pytest.fixture(scope="module")
def openapi(server):
    r = requests.get(server.base + "/rest/6.0/openapi.json", timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def resolve(doc, s):
    while "$ref" in s:
        s = doc["components"]["schemas"][s["$ref"].rsplit("/", 1)[1]]
    return s


def check(doc, value, schema, path, problems):
    """Appends to problems every key the schema does not declare and every JSON type that is
    not the declared one; null is any type's absence."""
    s = resolve(doc, schema)
    if value is None:
        return
    t = s.get("type")
    if t == "object":
        if not isinstance(value, dict):
            problems.append(f"{path}: {type(value).__name__} where an object is declared")
            return
        props = s.get("properties", {})
        for k, v in value.items():
            if k not in props:
                problems.append(f"{path}.{k}: not declared")
            else:
                check(doc, v, props[k], f"{path}.{k}", problems)
    elif t == "array":
        if not isinstance(value, list):
            problems.append(f"{path}: {type(value).__name__} where an array is declared")
            return
        for i, v in enumerate(value):
            check(doc, v, s.get("items", {}), f"{path}[{i}]", problems)
    elif t == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append(f"{path}: {value!r} where an integer is declared")
    elif t == "number":
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            problems.append(f"{path}: {value!r} where a number is declared")
    elif t == "boolean":
        if not isinstance(value, bool):
            problems.append(f"{path}: {value!r} where a boolean is declared")
    elif t == "string":
        if not isinstance(value, str):
            problems.append(f"{path}: {value!r} where a string is declared")


class World:
    """One vendor with the demo catalog, an order with a subscription, a lead, and a copy of
    each catalog object, so that every operation can be called with valid arguments."""

    def __init__(self, server):
        self.server = server
        self.v = seeded_vendor(server)
        o = place_ok(self.v, catalog_order(items=[{"Code": "CLOUD-BASIC", "Quantity": 1,
                                                   "PriceOptions": ["USERS=2"]}],
                                           CustomerReference=421820775))
        self.order = o
        self.refno = o["RefNo"]
        self.sub = o["Items"][0]["ProductDetails"]["Subscriptions"][0]["SubscriptionReference"]
        self.customer = o["AvangateCustomerReference"]
        self.lead = self.rest("POST", "/leads/", {
            "Currency": "USD", "Items": [{"Code": "USB-KEY", "Quantity": 1,
                                          "MarketingCampaigns": {"Type": 23, "ParentCode": "m",
                                                                 "CampaignCode": 23}}],
            "BillingDetails": {"FirstName": "J", "LastName": "D", "Email": "j@example.com",
                               "CountryCode": "US"}})["LeadCode"]

    def rest(self, method, path, body=None, params=None):
        r = self.v.rest(method, path, body, params=params)
        assert r.status_code < 300, (method, path, r.text)
        return r.json()

    def rpc(self, method, *params):
        body = self.v.rpc(method, *params)
        assert "result" in body, (method, body)
        return body["result"]


def control(server, method, path, body=None, params=None):
    r = requests.request(method, server.base + "/control" + path, headers=admin_headers(),
                         json=body, params=params, timeout=60)
    assert r.status_code < 300, r.text
    return r.json()


def calls(w):
    """op id -> [answers], from REST and from JSON-RPC where the operation has them."""
    s, v = w.server, w.v
    product = w.rest("GET", "/products/CLOUD-BASIC/")
    group = w.rest("GET", "/priceoptions/USERS/")
    promo = w.rest("GET", "/promotions/", params={"Limit": 1})["Items"][0]
    xs = w.rest("GET", "/crosssells/", params={"Limit": 1})["Items"][0]
    order = catalog_order()
    # every field an order may carry, echoed by getContents
    rich = catalog_order(
        items=[dynamic_item(Description="d", PriceType="NET", ProductExternalReference="pe",
                            ExternalReference="e", SKU="s", SubscriptionStartDate="",
                            AdditionalFields=[{"Code": "c", "Text": "t", "Value": "v"}],
                            RecurringOptions={"CycleLength": 1, "CycleUnit": "MONTH",
                                              "CycleAmount": 5, "ContractLength": 2,
                                              "ContractUnit": "YEAR"},
                            Trial={"Period": 7, "Price": 1})],
        Source="s", CustomerIP="1.2.3.4", CustomerReference="12", MachineId="m",
        WSOrder="https://shop.example.com", ExternalReference="x",
        DeliveryDetails={"FirstName": "A", "LastName": "B"},
        DeliveryInformation={"ShippingMethod": {"Code": "S"}}, Promotions=[])
    newp = dict(product, ProductCode="TYPES-P1", ProductName="Types")
    newp.pop("AvangateId", None)
    newg = dict(group, Code="TYPESG1")
    newpromo = {k: x for k, x in promo.items() if k not in ("Code", "UsedOrdersNumber")}
    newpromo["Coupon"] = {"Type": "SINGLE", "Code": "TYPES1"}
    newxs = {k: x for k, x in xs.items() if k != "CampaignCode"}
    sid = w.v.login()
    out = {
        "login": [w.v.rpc_raw({"jsonrpc": "2.0", "id": 1, "method": "login",
                               "params": login_params(v.code, v.secret)}).json()["result"]],
        "addLead": [w.rest("POST", "/leads/", {"Currency": "USD",
                                                "Items": [{"Code": "USB-KEY", "Quantity": 1}],
                                                "BillingDetails": {"FirstName": "A",
                                                                   "LastName": "B",
                                                                   "CountryCode": "US"}})],
        "getLead": [w.rest("GET", f"/leads/{w.lead}"), w.rpc("getLead", w.lead)],
        "updateLead": [w.rpc("updateLead", w.lead, {
            "Currency": "USD", "Items": [{"Code": "USB-KEY", "Quantity": 1}],
            "BillingDetails": {"FirstName": "J", "LastName": "D", "CountryCode": "US"}})],
        "searchLeads": [w.rest("GET", "/leads/"), w.rpc("searchLeads", {})],
        "markLeads": [w.rest("PUT", "/leads/", [{"LeadCode": w.lead, "Used": False,
                                                 "StopFollowups": True}])],
        "getTaxCategories": [w.rest("GET", "/taxcategories/"), w.rpc("getTaxCategories")],
        "addProduct": [w.rest("POST", "/products/", newp)],
        "getProductByCode": [product, w.rpc("getProductByCode", "CLOUD-BASIC")],
        "updateProduct": [w.rest("PUT", "/products/TYPES-P1/", newp)],
        "disableProduct": [w.rest("DELETE", "/products/TYPES-P1/")],
        "searchProducts": [w.rest("GET", "/products/"), w.rpc("searchProducts", {})],
        "addPriceOptionGroup": [w.rest("POST", "/priceoptions/", newg)],
        "getPriceOptionGroup": [group, w.rpc("getPriceOptionGroup", "USERS")],
        "updatePriceOptionGroup": [w.rest("PUT", "/priceoptions/TYPESG1/", newg)],
        "searchPriceOptionGroups": [w.rest("GET", "/priceoptions/"),
                                    w.rpc("searchPriceOptionGroups", {})],
        "getExchangeRates": [w.rest("GET", "/exchangerates/"), w.rpc("getExchangeRates")],
        "updateExchangeRates": [w.rest("PUT", "/exchangerates/", {"ExchangeRates": []})],
        "addPromotion": [w.rest("POST", "/promotions/", newpromo)],
        "getPromotion": [w.rest("GET", f"/promotions/{promo['Code']}/"),
                         w.rpc("getPromotion", promo["Code"])],
        "updatePromotion": [w.rest("PUT", f"/promotions/{promo['Code']}/",
                                   {k: x for k, x in promo.items()
                                    if k not in ("Code", "UsedOrdersNumber")})],
        "searchPromotions": [w.rest("GET", "/promotions/"), w.rpc("searchPromotions", {})],
        "createCrossSellCampaign": [w.rest("POST", "/crosssells/", newxs)],
        "getCrossSellCampaign": [xs, w.rpc("getCrossSellCampaign", xs["CampaignCode"])],
        "updateCrossSellCampaign": [w.rest("PUT", f"/crosssells/{xs['CampaignCode']}/", newxs)],
        "searchCrossSellCampaigns": [w.rest("GET", "/crosssells/"),
                                     w.rpc("searchCrossSellCampaigns", {})],
        "getContents": [w.rest("PUT", "/orders/0/", order), w.rpc("getContents", order),
                        w.rest("PUT", "/orders/0/", rich)],
        "placeOrder": [w.order, w.rpc("placeOrder", catalog_order(CustomerReference="77")),
                       w.rest("POST", "/orders/", catalog_order(PaymentDetails=card(
                           "4000000000000002")))],
        "getOrder": [w.rest("GET", f"/orders/{w.refno}/"), w.rpc("getOrder", w.refno)],
        "searchOrders": [w.rest("GET", "/orders/"), w.rpc("searchOrders", {})],
        "refundOrder": [w.rest("POST", f"/orders/{w.refno}/refund/", {"amount": 1})],
        "issueRefund": [w.rpc("issueRefund", w.refno, 1)],
        "getCustomerInformation": [w.rest("GET", f"/customers/{w.customer}/"),
                                   w.rpc("getCustomerInformation", w.customer)],
        "createCustomer": [w.rest("POST", "/customers/", {"FirstName": "A", "LastName": "B",
                                                          "Email": "ab@example.com"})],
        "updateCustomerInformation": [w.rpc("updateCustomerInformation",
                                            {"AvangateCustomerReference": w.customer,
                                             "City": "Iasi"}, False)],
        "updateCustomer": [w.rest("PUT", f"/customers/{w.customer}/", {"City": "Cluj"})],
        "getAvailableCurrencies": [w.rest("GET", "/currencies/"),
                                   w.rpc("getAvailableCurrencies")],
        "getSubscription": [w.rest("GET", f"/subscriptions/{w.sub}/"),
                            w.rpc("getSubscription", w.sub)],
        "searchSubscriptions": [w.rest("GET", "/subscriptions/"),
                                w.rpc("searchSubscriptions", {})],
        "getSubscriptions": [w.rpc("getSubscriptions", [w.sub], False)],
        "addSubscription": [w.rest("POST", "/subscriptions/", {
            "StartDate": "2031-01-01", "ExpirationDate": "2031-02-01",
            "Product": {"ProductCode": "CLOUD-BASIC", "PriceOptionCodes": ["USERS=2"]},
            "EndUser": {"FirstName": "A", "LastName": "B", "Email": "ab@example.com"},
            "Test": True})],
        "getCustomerSubscriptions": [w.rest("GET", f"/customers/{w.customer}/subscriptions/"),
                                     w.rpc("getCustomerSubscriptions", w.customer)],
        "getSubscriptionHistory": [w.rest("GET", f"/subscriptions/{w.sub}/history/"),
                                   w.rpc("getSubscriptionHistory", w.sub)],
        "updateSubscription": [w.rest("PUT", f"/subscriptions/{w.sub}/",
                                      {"ExternalCustomerReference": "X1"})],
        "getProductUpgradeOptions": [w.rest("GET", f"/subscriptions/{w.sub}/upgrade/"),
                                     w.rpc("getProductUpgradeOptions", w.sub)],
        "getProductUpgradeOptionsPrice": [
            w.rest("GET", f"/subscriptions/{w.sub}/upgrade/price/CLOUD-PRO/USD/",
                   params={"Options": "USERS=2"}),
            w.rpc("getProductUpgradeOptionsPrice", w.sub, "CLOUD-PRO", "USD", "USERS=2")],
        "getRenewalStatus": [w.rest("GET", f"/subscriptions/{w.sub}/renewal/")],
        "disableRecurringBilling": [w.rest("DELETE", f"/subscriptions/{w.sub}/renewal/")],
        "enableRecurringBilling": [w.rpc("enableRecurringBilling", w.sub)],
        "setSubscriptionUpgrade": [w.rpc("setSubscriptionUpgrade", w.sub, "CLOUD-PRO",
                                         "USERS=2", None)],
        "cancelSubscription": [w.rest("DELETE", f"/subscriptions/{w.sub}/")],
        "enableSubscription": [w.rpc("enableSubscription", w.sub)],
        "createVendor": [control(s, "POST", "/vendors/", {"Code": "TYPES" + v.code[-6:]})],
        "getClock": [control(s, "GET", "/clock/")],
        "advanceClock": [control(s, "POST", "/clock/advance/", {"Seconds": 1})],
        "getMailbox": [control(s, "GET", "/mailbox/", params={"Vendor": v.code})],
        "getJobs": [control(s, "GET", "/jobs/", params={"Vendor": v.code})],
    }
    out.update(partner_calls(w))
    # the REST upgrade of a second subscription
    o2 = place_ok(v, catalog_order(items=[{"Code": "CLOUD-BASIC", "Quantity": 1,
                                           "PriceOptions": ["USERS=2"]}]))
    sub2 = o2["Items"][0]["ProductDetails"]["Subscriptions"][0]["SubscriptionReference"]
    out["upgradeSubscription"] = [w.rest("PUT", f"/subscriptions/{sub2}/upgrade/",
                                         {"ProductCode": "CLOUD-PRO", "Options": "USERS=2"})]
    # notifications: a listener that is not there, so that each has a failed attempt
    out["updateVendor"] = [control(s, "PUT", f"/vendors/{v.code}/",
                                   {"IpnUrls": ["http://127.0.0.1:9/ipn"]})]
    place_ok(v, catalog_order(items=[{"Code": "CLOUD-BASIC", "Quantity": 1,
                                      "PriceOptions": ["USERS=2"]}]))
    out["listNotifications"] = [control(s, "GET", "/notifications/", params={"Vendor": v.code})]
    nid = out["listNotifications"][0]["Items"][0]["Id"]
    out["getNotification"] = [control(s, "GET", f"/notifications/{nid}/",
                                      params={"Vendor": v.code})]
    out["replayNotification"] = [control(s, "POST", f"/notifications/{nid}/replay/",
                                         params={"Vendor": v.code})]
    del sid
    return out


def partner_calls(w):
    """The Channel Manager's operations, in one partner session (their 6.0 names are their ids),
    through a paid proforma; and the control API's partners."""
    s, v = w.server, w.v
    sid = v.login()

    def p(method, *params):
        body = v.rpc(method, *params, session=sid)
        assert "result" in body, (method, body)
        return body["result"]

    out = {"getPartnerByCode": [p("getPartnerByCode", "DEMO-PARTNER")],
           "searchPartners": [p("searchPartners", {})],
           "setPartner": [p("setPartner", "DEMO-PARTNER")],
           "getPartnerPricingLists": [p("getPartnerPricingLists")]}
    info = p("getPricingListInformation", "DEMO-LIST")
    out["getPricingListInformation"] = [info]
    ids = {x["ProductCode"]: x["ProductId"] for x in info["Products"]}
    out["addPartnerProduct"] = [p("addPartnerProduct", ids["USB-KEY"], 1, None, "DEMO-LIST"),
                                p("addPartnerProduct", ids["CLOUD-BASIC"], 2, ["USERS=2"],
                                  "DEMO-LIST")]
    out["getCart"] = [p("getCart")]
    out["setExternalRef"] = [p("setExternalRef", "TYPES-REF")]
    order = p("placePartnerOrder")
    out["placePartnerOrder"] = [order]
    out["clearCart"] = [p("clearCart")]
    pf = p("createProforma", [order["RefNo"]])
    out["createProforma"] = [pf]
    out["setProforma"] = [p("setProforma", pf["Number"])]
    out["setPaymentDetails"] = [p("setPaymentDetails", card())]
    out["payProforma"] = [p("payProforma")]
    out["getProforma"] = [p("getProforma", pf["Number"])]
    out["getPartnerOrder"] = [p("getPartnerOrder", order["RefNo"])]
    out["searchPartnerOrders"] = [p("searchPartnerOrders", "TYPES-REF")]
    direct = control(s, "POST", "/partners/", {"Vendor": v.code, "PartnerCode": "TYPES-D",
                                               "CompanyName": "Direct", "BusinessModel": "DIRECT",
                                               "PricingLists": [{"Code": "TYPES-L", "Products": [
                                                   {"ProductCode": "USB-KEY", "Price": 5}]}]})
    out["createPartner"] = [direct]
    out["listPartners"] = [control(s, "GET", "/partners/", params={"Vendor": v.code})]
    p("setPartner", "TYPES-D")
    p("addPartnerProduct", direct["PricingLists"][0]["Products"][0]["ProductId"], 1, None,
      "TYPES-L")
    pf2 = p("createProforma", [p("placePartnerOrder")["RefNo"]])
    out["confirmInvoicePayment"] = [p("confirmInvoicePayment", "TYPES-D", pf2["Number"])]
    return out


@pytest.fixture
def own():
    s = Server().start()
    yield s
    s.stop()


def test_every_operation_answers_with_its_declared_keys_and_types(own, openapi):
    """Own server: the clock advance of advanceClock must not move the others' tests."""
    answers = calls(World(own))
    results = openapi["components"]["x-kassa-results"]
    assert set(answers) == set(table_ops()), set(table_ops()) ^ set(answers)
    problems = []
    for op, values in answers.items():
        for i, value in enumerate(values):
            check(openapi, value, results[op], f"{op}#{i}", problems)
    assert problems == [], "\n".join(problems)


# --- the seeds' objects, field by field ---------------------------------------------------------

SEED_SUBSCRIPTION = {
    "SubscriptionReference": str, "StartDate": str, "ExpirationDate": str,
    "RecurringEnabled": bool, "SubscriptionEnabled": bool,
    "Product": {"ProductCode": str, "ProductId": int, "ProductName": str, "ProductQuantity": int,
                "ProductVersion": str, "PriceOptionCodes": list},
    "EndUser": {"Person": {"FirstName": str, "LastName": str, "CountryCode": str, "State": str,
                           "City": str, "Address1": str, "Address2": str, "Zip": str,
                           "Email": str, "Phone": str, "Company": str},
                "Fax": str, "Language": str},
    "SKU": str,
    "DeliveryInfo": {"Description": str, "Codes": list},
    "ReceiveNotifications": bool, "Lifetime": bool, "PartnerCode": str,
    "AvangateCustomerReference": int, "ExternalCustomerReference": str,
    "TestSubscription": bool, "IsTrial": bool, "MerchantCode": str,
}

# the seed's placeOrder parameters, with their documented types, as the order answers them
SEED_ORDER = {
    "Currency": str, "Language": str, "ExternalReference": str, "Source": str,
    "CustomerReference": int, "MachineId": str, "LocalTime": str,
    "Items": [{"Code": str, "Quantity": int, "ProductExternalReference": str,
               "IsDynamic": bool, "Tangible": bool, "PurchaseType": str,
               "PriceOptions": list, "RecurringOptions": dict, "Price": dict,
               "ProductTaxCategoryUUID": str, "PriceType": str, "Trial": dict,
               "AdditionalFields": list, "SubscriptionStartDate": str}],
    "BillingDetails": {"FirstName": str, "LastName": str, "CountryCode": str, "State": str,
                       "City": str, "Address1": str, "Address2": str, "Zip": str, "Email": str,
                       "Phone": str, "Company": str, "FiscalCode": str, "TaxExemptionId": str},
    "DeliveryDetails": {"FirstName": str, "LastName": str, "CountryCode": str, "State": str,
                        "City": str, "Address1": str, "Address2": str, "Zip": str, "Email": str,
                        "Phone": str, "Company": str},
    "DeliveryInformation": {"ShippingMethod": {"Code": str}},
    "PaymentDetails": {"Type": str, "Currency": str, "CustomerIP": str,
                       "PaymentMethod": {"RecurringEnabled": bool, "CardType": str,
                                         "ExpirationYear": str, "ExpirationMonth": str,
                                         "Vendor3DSReturnURL": str, "Vendor3DSCancelURL": str,
                                         "InstallmentsNumber": int}},
    "Promotions": list,
}


def check_seed(value, spec, path, problems, present=True):
    """Every field of spec is in value (null allowed) with the seed's type."""
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            problems.append(f"{path}: {value!r} where an object is documented")
            return
        for k, sub in spec.items():
            if k not in value:
                problems.append(f"{path}.{k}: missing")
            elif value[k] is not None:
                check_seed(value[k], sub, f"{path}.{k}", problems)
    elif isinstance(spec, list):
        if not isinstance(value, list):
            problems.append(f"{path}: {value!r} where an array is documented")
            return
        for i, x in enumerate(value):
            check_seed(x, spec[0], f"{path}[{i}]", problems)
    elif spec is int:
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append(f"{path}: {value!r} where an Integer is documented")
    elif spec is float:
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            problems.append(f"{path}: {value!r} where a Double is documented")
    elif not isinstance(value, spec):
        problems.append(f"{path}: {value!r} where a {spec.__name__} is documented")


@pytest.fixture(scope="module")
def shop(server):
    return seeded_vendor(server)


def test_seed_subscription_object_field_by_field(shop):
    o = place_ok(shop, catalog_order(items=[{"Code": "CLOUD-BASIC", "Quantity": 1,
                                             "PriceOptions": ["USERS=2"]}],
                                     CustomerReference=421820775))
    ref = o["Items"][0]["ProductDetails"]["Subscriptions"][0]["SubscriptionReference"]
    problems = []
    check_seed(shop.rest("GET", f"/subscriptions/{ref}/").json(), SEED_SUBSCRIPTION, "REST",
               problems)
    body = shop.rpc("getSubscription", ref)
    check_seed(body["result"], SEED_SUBSCRIPTION, "JSON-RPC", problems)
    assert problems == [], "\n".join(problems)


def test_seed_order_object_field_by_field(shop):
    order = catalog_order(CustomerReference=421820775, ExternalReference="EXT-1",
                          Source="types", MachineId="m1",
                          DeliveryDetails={"FirstName": "A", "LastName": "B"},
                          DeliveryInformation={"ShippingMethod": {"Code": "S1"}})
    problems = []
    o = place_ok(shop, order)
    check_seed(o, SEED_ORDER, "REST", problems)
    assert o["CustomerReference"] == 421820775
    body = shop.rpc("getOrder", o["RefNo"])
    check_seed(body["result"], SEED_ORDER, "JSON-RPC", problems)
    assert problems == [], "\n".join(problems)
