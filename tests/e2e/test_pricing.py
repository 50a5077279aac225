"""getContents — the priced cart — over REST (PUT /orders/0/), JSON-RPC and SOAP: NET and
GROSS prices, VAT and the reverse charge, currencies, price options, promotions, the cross-sell
example of seed 003, dynamic items, and the errors of a cart. Amounts computed by hand in the
comments."""
import pytest

from conftest import soap_call, soap_login


def rest_ok(vendor, method, path, body=None, status=200):
    r = vendor.rest(method, path, body)
    assert r.status_code == status, r.text
    return r.json()


def contents(vendor, order):
    return rest_ok(vendor, "PUT", "/orders/0/", order)


def contents_err(vendor, order, code, status=400):
    r = vendor.rest("PUT", "/orders/0/", order)
    assert r.status_code == status, r.text
    assert r.json()["error_code"] == code, r.text
    return r.json()["message"]


def product(vendor, code, prices, price_type="NET", groups=(), **extra):
    body = {"ProductCode": code, "ProductName": f"Product {code}",
            "PricingConfigurations": [{
                "PriceType": price_type,
                "Prices": {"Regular": [{"Amount": a, "Currency": c} for c, a in prices]},
                "PriceOptions": [{"Code": g, "Required": False} for g in groups]}]}
    body.update(extra)
    assert rest_ok(vendor, "POST", "/products/", body, status=201) is True


def order(items, country="US", currency="USD", **extra):
    o = {"Currency": currency, "Items": items,
         "BillingDetails": {"FirstName": "Ada", "LastName": "Lovelace",
                            "Email": "ada@example.com", "CountryCode": country}}
    o.update(extra)
    return o


def price(c, i=0):
    return c["Items"][i]["Price"]


# --- NET, GROSS, VAT --------------------------------------------------------------------------

def test_net_and_gross_with_vat(vendor):
    product(vendor, "NETP", [("EUR", 100)])
    product(vendor, "GROSSP", [("EUR", 12.10)], price_type="GROSS")
    c = contents(vendor, order([{"Code": "NETP", "Quantity": 2},
                                {"Code": "GROSSP", "Quantity": 1}], country="NL",
                               currency="EUR"))
    # NETP: NL 21% on 100.00 = 21.00 a unit; x2 = 200.00 + 42.00 = 242.00
    p = price(c)
    assert (p["UnitNetPrice"], p["UnitVAT"], p["UnitGrossPrice"]) == (100, 21, 121)
    assert (p["NetPrice"], p["VAT"], p["GrossPrice"]) == (200, 42, 242)
    assert p["VATPercent"] == 21 and p["Currency"] == "eur"
    # GROSSP: 12.10 includes 21%: net 10.00, VAT 2.10
    p = price(c, 1)
    assert (p["UnitNetPrice"], p["UnitVAT"], p["UnitGrossPrice"]) == (10, 2.1, 12.1)
    # totals: 210.00 net + 44.10 VAT = 254.10
    assert (c["NetPrice"], c["VAT"], c["GrossPrice"]) == (210, 44.1, 254.1)
    assert c["GrossDiscountedPrice"] == 254.1 and c["Discount"] == 0
    assert c["Currency"] == "EUR" and c["Errors"] is None
    assert c["Items"][0]["ProductDetails"]["Name"] == "Product NETP"


def test_reverse_charge_and_countries(vendor):
    product(vendor, "B2B", [("EUR", 100)])
    company = {"FirstName": "Max", "LastName": "Muster", "Email": "max@example.de",
               "CountryCode": "DE", "Company": "Muster GmbH", "FiscalCode": "DE123456789"}
    # a German company with a VAT number: reverse charge, no VAT
    c = contents(vendor, {"Currency": "EUR", "Items": [{"Code": "B2B", "Quantity": 1}],
                          "BillingDetails": company})
    assert (price(c)["VAT"], price(c)["VATPercent"], c["GrossPrice"]) == (0, 0, 100)
    # the same company without its fiscal code: 19%
    company.pop("FiscalCode")
    c = contents(vendor, {"Currency": "EUR", "Items": [{"Code": "B2B"}],
                          "BillingDetails": company})
    assert (price(c)["VAT"], c["GrossPrice"]) == (19, 119)
    # Finland 25.5%, Switzerland 8.1%, the US none
    for country, vat in (("FI", 25.5), ("CH", 8.1), ("US", 0), ("NO", 25)):
        c = contents(vendor, order([{"Code": "B2B"}], country=country, currency="EUR"))
        assert price(c)["VAT"] == vat, country


def test_psp_vendor_collects_no_vat(server):
    from conftest import new_vendor
    v = new_vendor(server, model="PSP")
    product(v, "PSPP", [("EUR", 100)])
    c = contents(v, order([{"Code": "PSPP"}], country="DE", currency="EUR"))
    assert (price(c)["VAT"], c["GrossPrice"]) == (0, 100)


# --- currencies -------------------------------------------------------------------------------

def test_jpy_and_conversion(vendor):
    product(vendor, "YEN", [("JPY", 1000), ("USD", 10)])
    product(vendor, "DOLLAR", [("USD", 10)])
    c = contents(vendor, order([{"Code": "YEN", "Quantity": 3}], country="JP", currency="JPY"))
    # JP 10%: 1000 + 100 yen a unit; x3 = 3300, integers: yen have no decimals
    p = price(c)
    assert (p["UnitNetPrice"], p["UnitVAT"], p["GrossPrice"]) == (1000, 100, 3300)
    assert all(isinstance(v, int) for k, v in p.items() if k not in ("Currency",))
    # no JPY price: 10.00 USD x 170 / 1.17 (default table, per euro) = 1452.99 -> 1453 yen
    c = contents(vendor, order([{"Code": "DOLLAR"}], country="US", currency="jpy"))
    assert c["Currency"] == "JPY" and price(c)["UnitNetPrice"] == 1453
    # the vendor's own rate wins: base USD, 1 USD = 150 JPY -> 1500 yen
    rest_ok(vendor, "PUT", "/exchangerates/",
            {"ExchangeRates": [{"Currency": "JPY", "Rate": 150}]})
    c = contents(vendor, order([{"Code": "DOLLAR"}], country="US", currency="JPY"))
    assert price(c)["UnitNetPrice"] == 1500
    # no Currency: the vendor's base currency
    c = contents(vendor, {"Items": [{"Code": "DOLLAR"}]})
    assert c["Currency"] == "USD" and c["GrossPrice"] == 10
    contents_err(vendor, order([{"Code": "DOLLAR"}], currency="XAF"), "CURRENCY_NOT_SUPPORTED")
    contents_err(vendor, order([{"Code": "DOLLAR"}], currency="ZZZ"), "INVALID_CURRENCY")


# --- price options ----------------------------------------------------------------------------

def option_catalog(vendor):
    rest_ok(vendor, "POST", "/priceoptions/", {
        "Code": "EDITION", "Name": "Edition", "Type": "RADIO",
        "Options": [{"Code": "STD", "Default": True},
                    {"Code": "PRO", "PriceImpact": {"Method": "FIXED", "Amounts": [
                        {"Currency": "USD", "Amount": 20}]}}]}, status=201)
    rest_ok(vendor, "POST", "/priceoptions/", {
        "Code": "EXTRAS", "Name": "Extras", "Type": "CHECKBOX",
        "Options": [{"Code": "SUPPORT", "PriceImpact": {"Method": "PERCENT", "Percent": 10}},
                    {"Code": "DISCOUNTED",
                     "PriceImpact": {"Method": "PERCENT", "Percent": 5,
                                     "Impact": "SUBTRACT"}}]}, status=201)
    rest_ok(vendor, "POST", "/priceoptions/", {
        "Code": "USERS", "Name": "Users", "Type": "INTERVAL", "Required": True,
        "Options": [{"Code": "U1", "ScaleMin": 1, "ScaleMax": 5},
                    {"Code": "U6", "ScaleMin": 6, "ScaleMax": 50,
                     "PriceImpact": {"Method": "FIXED", "Amounts": [
                         {"Currency": "USD", "Amount": 50}]}}]}, status=201)
    product(vendor, "OPTS", [("USD", 100)], groups=("EDITION", "EXTRAS", "USERS"))


def test_price_options(vendor):
    option_catalog(vendor)
    # strings: 100 + PRO 20 + SUPPORT 10% of 100 + USERS 6-50: 50 = 180.00
    c = contents(vendor, order([{"Code": "OPTS", "Quantity": 2,
                                 "PriceOptions": ["EDITION=PRO", "SUPPORT", "USERS=7"]}]))
    p = price(c)
    assert p["UnitNetPrice"] == 180 and p["NetPrice"] == 360
    assert p["ItemUnitNetPrice"] == 100 and p["ItemNetPrice"] == 200
    assert c["Items"][0]["PriceOptions"] == ["EDITION=PRO", "SUPPORT", "USERS=7"]
    # the object form of the platform's orders: {Name: group, Options: [{Value}]}
    c = contents(vendor, order([{"Code": "OPTS", "PriceOptions": [
        {"Name": "EXTRAS", "Options": [{"Value": "SUPPORT"}, {"Value": "DISCOUNTED"}]},
        {"Name": "USERS", "Options": [{"Value": "3"}]}]}]))
    # 100 + 10 - 5 = 105.00 (STD by default)
    assert price(c)["UnitNetPrice"] == 105
    # PHP clients send arrays as objects keyed "0", "1"...; member names in any case
    c = contents(vendor, order([{"Code": "OPTS", "PriceOptions": [
        {"name": "USERS", "options": {"0": {"value": "8"}}},
        {"Name": "EDITION", "Options": {"0": {"Value": "PRO"}}}]}]))
    assert price(c)["UnitNetPrice"] == 170
    for opts, code in ((["NOPE", "USERS=1"], "PRICE_OPTION_INVALID"),
                       (["STD", "PRO", "USERS=1"], "PRICE_OPTION_INVALID"),
                       (["USERS=51"], "PRICE_OPTION_SCALE_INVALID"),
                       (["USERS=many"], "PRICE_OPTION_SCALE_INVALID"),
                       (["PRO"], "PRICE_OPTION_REQUIRED")):
        contents_err(vendor, order([{"Code": "OPTS", "PriceOptions": opts}]), code)


# --- promotions -------------------------------------------------------------------------------

def test_promotions(vendor):
    product(vendor, "PA", [("USD", 100)])
    product(vendor, "PB", [("USD", 40)])
    rest_ok(vendor, "POST", "/promotions/", {
        "Name": "20% on PA", "Coupon": {"Type": "SINGLE", "Code": "SAVE20"},
        "Discount": {"Type": "PERCENT", "Value": 20}, "Products": [{"Code": "PA"}]},
        status=201)
    promo = rest_ok(vendor, "POST", "/promotions/", {
        "Name": "5 off", "Coupon": {"Type": "MULTIPLE", "Codes": ["FIVE1", "FIVE2"]},
        "Discount": {"Type": "FIXED", "Values": [{"Currency": "USD", "Amount": 5}]},
        "MaximumOrdersNumber": 1}, status=201)
    c = contents(vendor, order([{"Code": "PA"}, {"Code": "PB", "Quantity": 2}],
                               country="DE", Promotions=["save20", "FIVE2"]))
    # PA: the best of 20% (20.00) and 5.00: 80.00 net, DE 19% 15.20, gross 95.20
    p = price(c)
    assert (p["UnitDiscount"], p["UnitNetDiscountedPrice"], p["UnitVAT"],
            p["UnitGrossDiscountedPrice"]) == (20, 80, 15.2, 95.2)
    assert (p["UnitGrossPrice"], p["GrossPrice"]) == (119, 119)
    # PB: only FIVE covers it: 40 - 5 = 35.00, VAT 6.65, gross 41.65; x2
    p = price(c, 1)
    assert (p["Discount"], p["NetDiscountedPrice"], p["VAT"], p["GrossDiscountedPrice"]) == \
        (10, 70, 13.3, 83.3)
    assert c["Discount"] == 30 and c["NetDiscountedPrice"] == 150
    assert c["GrossDiscountedPrice"] == pytest.approx(178.5)
    assert c["Promotions"] == ["save20", "FIVE2"]
    # getContents stores nothing: the promotion has not been used
    assert rest_ok(vendor, "GET", f"/promotions/{promo['Code']}/")["UsedOrdersNumber"] == 0

    contents_err(vendor, order([{"Code": "PB"}], Promotions=["NOSUCH"]),
                 "PROMOTION_CODE_INVALID")
    contents_err(vendor, order([{"Code": "PB"}], Promotions=["SAVE20"]),
                 "PROMOTION_NOT_APPLICABLE")
    rest_ok(vendor, "POST", "/promotions/", {
        "Name": "Old", "Coupon": {"Code": "OLD"}, "Discount": {"Value": 10},
        "StartDate": "2001-01-01", "EndDate": "2001-12-31"}, status=201)
    contents_err(vendor, order([{"Code": "PB"}], Promotions=["OLD"]), "PROMOTION_EXPIRED")
    rest_ok(vendor, "POST", "/promotions/", {
        "Name": "Future", "Coupon": {"Code": "SOON"}, "Discount": {"Value": 10},
        "StartDate": "2999-01-01"}, status=201)
    contents_err(vendor, order([{"Code": "PB"}], Promotions=["SOON"]),
                 "PROMOTION_NOT_STARTED")
    rest_ok(vendor, "POST", "/promotions/", {
        "Name": "Off", "Coupon": {"Code": "OFF"}, "Discount": {"Value": 10},
        "Enabled": False}, status=201)
    contents_err(vendor, order([{"Code": "PB"}], Promotions=["OFF"]), "PROMOTION_DISABLED")


# --- cross-sell: seed 003 ---------------------------------------------------------------------

def crosssell_catalog(vendor):
    product(vendor, "NIQRPI0GTU", [("EUR", 100), ("USD", 120)])
    product(vendor, "0XICS3OVDK", [("EUR", 40), ("USD", 50)])
    camp = rest_ok(vendor, "POST", "/crosssells/", {
        "Name": "Seed 003", "CampaignStatus": "ACTIVE", "DisplayType": "cart",
        "MasterProducts": ["NIQRPI0GTU"],
        "Products": [{"ProductCode": "0XICS3OVDK", "Discount": 25, "DiscountType": "PERCENT"}]},
        status=201)
    return camp["CampaignCode"]


def seed_order(code, with_parent=True):
    """The request of seed 003's getContents example (EUR, DE), with the campaign's code; the
    seed's own ParentCode has spaces around it."""
    items = [{"Code": "NIQRPI0GTU", "Quantity": 1}] if with_parent else []
    items.append({"Code": "0XICS3OVDK", "Quantity": 1,
                  "CrossSell": {"ParentCode": " NIQRPI0GTU ", "CampaignCode": code}})
    return {"Country": "DE", "Currency": "EUR", "Items": items,
            "BillingDetails": {"FirstName": "Customer First Name",
                               "LastName": "Customer Last Name", "CountryCode": "DE",
                               "City": "Bucharest", "Address1": "Example Street",
                               "Zip": "73331", "Email": "example@email.com"}}


def test_seed_003_crosssell_rest(vendor):
    code = crosssell_catalog(vendor)
    c = contents(vendor, seed_order(code))
    # the master: 100.00 + 19% = 119.00
    assert (price(c)["NetPrice"], price(c)["GrossPrice"]) == (100, 119)
    # the recommended product with its parent in the cart: 25% off 40.00 = 30.00,
    # VAT 5.70, gross 35.70
    p = price(c, 1)
    assert (p["UnitNetPrice"], p["UnitDiscount"], p["UnitNetDiscountedPrice"]) == (40, 10, 30)
    assert (p["VAT"], p["GrossDiscountedPrice"]) == (5.7, 35.7)
    assert c["Items"][1]["CrossSell"]["CampaignCode"] == code
    assert (c["Discount"], c["GrossDiscountedPrice"]) == (10, 154.7)
    # without the parent: no discount
    c = contents(vendor, seed_order(code, with_parent=False))
    assert (price(c)["Discount"], price(c)["GrossDiscountedPrice"]) == (0, 47.6)


def test_seed_003_crosssell_rpc_and_inactive(vendor):
    code = crosssell_catalog(vendor)
    r = vendor.rpc("getContents", seed_order(code))
    assert r["result"]["Items"][1]["Price"]["Discount"] == 10, r
    r = vendor.rpc("getContents", seed_order(code, with_parent=False))
    assert r["result"]["Items"][0]["Price"]["Discount"] == 0, r
    # unknown and inactive campaigns are errors
    r = vendor.rpc("getContents", seed_order("NOSUCHCAMPAIGN"))
    assert r["error"]["data"]["error_code"] == "CROSSSELL_CAMPAIGN_INVALID", r
    camp = rest_ok(vendor, "GET", f"/crosssells/{code}/")
    camp["CampaignStatus"] = "INACTIVE"
    rest_ok(vendor, "PUT", f"/crosssells/{code}/", camp)
    contents_err(vendor, seed_order(code), "CROSSSELL_CAMPAIGN_INACTIVE")


# --- the three protocols ----------------------------------------------------------------------

def soap_contents(vendor, body):
    sid = soap_login(vendor)
    return soap_call(vendor, "getContents", [("sessionID", sid), ("Order", body)])


def test_get_contents_same_on_three_protocols(vendor):
    code = crosssell_catalog(vendor)
    option_catalog(vendor)
    body = seed_order(code)
    body["Items"].append({"Code": "OPTS", "Quantity": 2,
                          "PriceOptions": ["EDITION=PRO", "USERS=7"]})
    # a full placeOrder body: the payment details are accepted and play no part
    body["PaymentDetails"] = {"Type": "TEST", "Currency": "EUR", "PaymentMethod": {
        "CardNumber": "4111111111111111", "CardType": "VISA", "ExpirationYear": "2032",
        "ExpirationMonth": "12", "CCID": "123", "HolderName": "John Doe",
        "Vendor3DSReturnURL": "https://example.com", "Vendor3DSCancelURL": "https://example.com"}}
    rest = contents(vendor, body)
    rpc = vendor.rpc("getContents", body)["result"]
    soap = soap_contents(vendor, body)
    assert "4111111111111111" not in str(rest) and "PaymentDetails" not in rest
    keys = ("NetPrice", "GrossPrice", "VAT", "Discount", "NetDiscountedPrice",
            "GrossDiscountedPrice")
    for k in keys:
        assert rest[k] == rpc[k] == pytest.approx(soap[k]), k
    for i in range(3):
        for k in ("UnitNetPrice", "UnitVAT", "UnitDiscount", "GrossDiscountedPrice",
                  "VATPercent"):
            assert rest["Items"][i]["Price"][k] == rpc["Items"][i]["Price"][k] == \
                pytest.approx(soap["Items"][i]["Price"][k]), (i, k)
    # OPTS has USD prices only, converted with the default table (USD 1.17 per euro):
    # base 100 USD = 85.47 EUR, PRO 20 USD = 17.09, U6 50 USD = 42.735 -> 42.74;
    # 145.30 a unit, x2 = 290.60
    assert rest["Items"][2]["Price"]["NetPrice"] == 290.6
    assert soap["Currency"] == "EUR" and soap["Items"][1]["Price"]["Discount"] == 10


def test_soap_errors_are_faults(vendor):
    from conftest import SoapFault
    with pytest.raises(SoapFault) as e:
        soap_contents(vendor, order([{"Code": "NOSUCH"}]))
    assert e.value.faultcode == "ORDER_PRODUCT_CODE_INVALID"
    assert "NOSUCH" in e.value.faultstring


# --- dynamic items ----------------------------------------------------------------------------

def test_dynamic_items(vendor):
    cats = rest_ok(vendor, "GET", "/taxcategories/")
    c = contents(vendor, order([
        {"IsDynamic": True, "Name": "Gross by default", "Quantity": 1, "Tangible": False,
         "PurchaseType": "PRODUCT", "Price": {"Amount": 12.10, "Type": "CUSTOM"},
         "ProductTaxCategoryUUID": cats[0]["UUID"]},
        {"IsDynamic": True, "Name": "Net", "Quantity": 2, "PriceType": "NET",
         "Price": {"Amount": 10, "Type": "CUSTOM"},
         "PriceOptions": [{"Name": "Support", "Options": [
             {"Name": "Premium", "Value": "P", "Surcharge": 2}]}]}],
        country="NL", currency="EUR"))
    # GROSS 12.10 in NL: 10.00 + 2.10; NET 10.00 + 2.00 surcharge = 12.00 + 2.52 = 14.52
    assert (price(c)["UnitNetPrice"], price(c)["UnitVAT"]) == (10, 2.1)
    p = price(c, 1)
    assert (p["UnitNetPrice"], p["UnitVAT"], p["UnitGrossPrice"], p["GrossPrice"]) == \
        (12, 2.52, 14.52, 29.04)
    assert p["ItemUnitNetPrice"] == 10
    assert c["Items"][0]["ProductDetails"]["IsDynamic"] is True
    assert c["Items"][0]["Code"] is None


@pytest.mark.parametrize("items,code", [
    ([], "ORDER_PRODUCTS_EMPTY"),
    ([{"Code": "NOSUCH"}], "ORDER_PRODUCT_CODE_INVALID"),
    ([{"Code": "OK", "Quantity": 0}], "ORDER_ITEMS_QUANTITY_INVALID"),
    ([{"Code": "OK", "Quantity": "many"}], "ORDER_ITEMS_QUANTITY_INVALID"),
    ([{"IsDynamic": True, "Price": {"Amount": 1}}], "ORDER_PRODUCT_NAME_INVALID"),
    ([{"IsDynamic": True, "Name": "x"}], "ORDER_PRODUCT_PRICE_AMOUNT_INVALID"),
    ([{"IsDynamic": True, "Name": "x", "Price": {"Amount": "lots"}}],
     "ORDER_PRODUCT_PRICE_AMOUNT_INVALID"),
    ([{"IsDynamic": True, "Name": "x", "Price": {"Amount": 1}, "PriceType": "TAXFREE"}],
     "ORDER_PRODUCT_PRICE_TYPE_INVALID"),
    ([{"IsDynamic": True, "Name": "x", "Price": {"Amount": 1},
       "ProductTaxCategoryUUID": "not-a-category"}], "TAX_CATEGORY_INVALID"),
    ([{"IsDynamic": True, "Name": "x", "Price": {"Amount": 1}}, {"Code": "OK"}],
     "ORDER_ITEMS_INVALID"),
    ([{"Code": "OFF"}], "ORDER_PRODUCT_DISABLED"),
    ([{"Code": "OK", "Quantity": 500}], "ORDER_PRODUCT_PRICE_NOT_AVAILABLE"),
])
def test_cart_errors(vendor, items, code):
    product(vendor, "OK", [("USD", 1)])
    product(vendor, "OFF", [("USD", 1)], Enabled=False)
    rest_ok(vendor, "PUT", "/products/OK/", {
        "ProductName": "Up to 99", "PricingConfigurations": [{"Prices": {"Regular": [
            {"Amount": 1, "Currency": "USD", "MaxQuantity": 99}]}}]})
    msg = contents_err(vendor, order(items), code)
    assert msg


# --- the demo catalog of `make run` -----------------------------------------------------------

def test_seed_demo_catalog(server, vendor):
    r = server.cli("vendor", "seed-demo", "--code", vendor.code)
    assert r.returncode == 0, r.stderr
    assert "9 objects created" in r.stdout  # the catalog's 8 and the demo partner
    r = server.cli("vendor", "seed-demo", "--code", vendor.code)      # twice: nothing new
    assert r.returncode == 0 and "0 objects created" in r.stdout, r.stdout + r.stderr
    basic = rest_ok(vendor, "GET", "/products/CLOUD-BASIC/")
    assert basic["UpgradeProducts"] == ["CLOUD-PRO"] and basic["GeneratesSubscription"]
    assert rest_ok(vendor, "GET", "/products/USB-KEY/")["Tangible"] is True
    desk = rest_ok(vendor, "GET", "/products/DESKTOP-LICENSE/")
    assert desk["SubscriptionInformation"]["Lifetime"] is True
    camp = rest_ok(vendor, "GET", "/crosssells/", )["Items"][0]
    # CLOUD-BASIC for 7 users (6-20: +10.00) with priority support (+20% of 10.00):
    # 10 + 10 + 2 = 22.00; WELCOME10 takes 10%: 19.80; US: no VAT.
    # DESKTOP-LICENSE 49.00 gross, WELCOME10: 44.10; USB-KEY recommended with it: the best of
    # 15% (2.25) and 10% (1.50) off 15.00 = 12.75
    c = contents(vendor, order([
        {"Code": "CLOUD-BASIC", "PriceOptions": ["USERS=7", "PRIORITY"]},
        {"Code": "DESKTOP-LICENSE"},
        {"Code": "USB-KEY", "CrossSell": {"ParentCode": "DESKTOP-LICENSE",
                                          "CampaignCode": camp["CampaignCode"]}}],
        Promotions=["welcome10"]))
    assert [price(c, i)["GrossDiscountedPrice"] for i in range(3)] == [19.8, 44.1, 12.75]
    assert c["GrossDiscountedPrice"] == pytest.approx(76.65)
    assert server.cli("vendor", "seed-demo", "--code", "NOSUCHVENDOR").returncode == 1
