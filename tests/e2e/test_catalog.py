"""The catalog over REST and JSON-RPC (and SOAP for a sample): tax categories, products,
pricing option groups, exchange rates, promotions and cross-sell campaigns; their validation
errors; and that one vendor never sees another's catalog."""
import pytest

from conftest import soap_call, soap_login


def product_body(code, amount=10, currency="USD", price_type="NET", **extra):
    body = {"ProductCode": code, "ProductName": f"Product {code}",
            "PricingConfigurations": [{
                "PriceType": price_type,
                "Prices": {"Regular": [{"Amount": amount, "Currency": currency}]}}]}
    body.update(extra)
    return body


def rest_ok(vendor, method, path, body=None, status=200, params=None):
    r = vendor.rest(method, path, body, params=params)
    assert r.status_code == status, r.text
    return r.json()


def rest_err(vendor, method, path, body, status, code):
    r = vendor.rest(method, path, body)
    assert r.status_code == status, r.text
    assert r.json()["error_code"] == code, r.text
    return r.json()["message"]


def rpc_ok(vendor, method, *params):
    r = vendor.rpc(method, *params)
    assert "result" in r, r
    return r["result"]


def rpc_err(vendor, method, *params):
    r = vendor.rpc(method, *params)
    assert "error" in r, r
    return r["error"]["data"]["error_code"]


# --- tax categories ---------------------------------------------------------------------------

def test_tax_categories_rest_and_rpc(vendor):
    cats = rest_ok(vendor, "GET", "/taxcategories/")
    codes = [c["Code"] for c in cats]
    assert codes[0] == "SOFTWARE_DOWNLOAD" and cats[0]["Default"] is True
    assert {"SAAS", "EBOOK", "PHYSICAL_GOODS"} <= set(codes)
    assert all(len(c["UUID"]) == 36 for c in cats)
    assert rpc_ok(vendor, "getTaxCategories") == cats


def test_tax_categories_are_the_vendors_own(vendor, other_vendor):
    mine = {c["UUID"] for c in rest_ok(vendor, "GET", "/taxcategories/")}
    theirs = {c["UUID"] for c in rest_ok(other_vendor, "GET", "/taxcategories/")}
    assert not mine & theirs
    # a product may only name one of its vendor's categories
    msg = rest_err(vendor, "POST", "/products/",
                   product_body("TC1", TaxCategory=sorted(theirs)[0]), 400,
                   "TAX_CATEGORY_INVALID")
    assert "tax categor" in msg.lower()


# --- products ---------------------------------------------------------------------------------

def full_product(vendor, code="SUB1"):
    cats = rest_ok(vendor, "GET", "/taxcategories/")
    saas = next(c["UUID"] for c in cats if c["Code"] == "SAAS")
    return {
        "ProductCode": code, "ProductName": "Cloud plan", "ProductType": "REGULAR",
        "ProductVersion": "2.1", "SKU": "CLOUD-1", "Tangible": False, "Enabled": True,
        "ProductTaxCategoryUUID": saas, "ShortDescription": "The cloud plan",
        "PricingConfigurations": [{
            "Name": "Default", "PriceType": "GROSS", "DefaultCurrency": "EUR",
            "Prices": {"Regular": [{"Amount": 12.10, "Currency": "EUR", "MinQuantity": 1,
                                    "MaxQuantity": 9},
                                   {"Amount": 10, "Currency": "EUR", "MinQuantity": 10},
                                   {"Amount": 15, "Currency": "USD"}],
                       "Renewal": [{"Amount": 11, "Currency": "EUR"}]},
            "PriceOptions": []}],
        "SubscriptionInformation": {
            "BillingCycle": 1, "BillingCycleUnits": "M", "IsOneTimeFee": False,
            "ContractPeriod": {"Period": 12, "PeriodUnits": "M", "IsUnlimited": False,
                               "Action": "RESTART"},
            "TrialPeriod": 14, "TrialPrice": 1.00},
    }


def test_product_lifecycle_rest(vendor):
    body = full_product(vendor)
    assert rest_ok(vendor, "POST", "/products/", body, status=201) is True
    p = rest_ok(vendor, "GET", "/products/SUB1/")
    assert p["ProductCode"] == "SUB1" and p["ProductName"] == "Cloud plan"
    assert isinstance(p["AvangateId"], int)
    assert p["TaxCategory"] == p["ProductTaxCategoryUUID"] == body["ProductTaxCategoryUUID"]
    assert p["GeneratesSubscription"] is True
    assert p["ShortDescription"] == "The cloud plan"       # passthrough fields are kept
    pc = p["PricingConfigurations"][0]
    assert pc["PriceType"] == "GROSS" and pc["DefaultCurrency"] == "EUR"
    assert pc["Prices"]["Regular"][0] == {"Amount": 12.1, "Currency": "EUR", "MinQuantity": 1,
                                          "MaxQuantity": 9}
    assert pc["Prices"]["Renewal"][0]["Amount"] == 11
    si = p["SubscriptionInformation"]
    assert si["BillingCycle"] == 1 and si["BillingCycleUnits"] == "M"
    assert si["TrialPeriod"] == 14 and si["TrialPrice"] == 1
    assert si["ContractPeriod"]["Period"] == 12

    # PUT replaces the product; the code stays
    body["ProductName"] = "Cloud plan v2"
    body["SubscriptionInformation"]["BillingCycle"] = 12
    assert rest_ok(vendor, "PUT", "/products/SUB1/", body) is True
    p2 = rest_ok(vendor, "GET", "/products/SUB1")
    assert p2["ProductName"] == "Cloud plan v2"
    assert p2["SubscriptionInformation"]["BillingCycle"] == 12
    assert p2["AvangateId"] == p["AvangateId"]

    # DELETE disables
    assert rest_ok(vendor, "DELETE", "/products/SUB1/") is True
    assert rest_ok(vendor, "GET", "/products/SUB1/")["Enabled"] is False
    rest_err(vendor, "DELETE", "/products/NOSUCH/", None, 404, "PRODUCT_NOT_FOUND")
    rest_err(vendor, "GET", "/products/NOSUCH/", None, 404, "PRODUCT_NOT_FOUND")


def test_product_lifecycle_rpc(vendor):
    assert rpc_ok(vendor, "addProduct", product_body("RPC1", 5)) is True
    p = rpc_ok(vendor, "getProductByCode", "RPC1")
    assert p["PricingConfigurations"][0]["Prices"]["Regular"][0]["Amount"] == 5
    body = product_body("RPC1", 7, Enabled=False)
    assert rpc_ok(vendor, "updateProduct", body) is True
    p = rpc_ok(vendor, "getProductByCode", "RPC1")
    assert p["Enabled"] is False
    assert p["PricingConfigurations"][0]["Prices"]["Regular"][0]["Amount"] == 7
    assert rpc_err(vendor, "getProductByCode", "NOPE") == "PRODUCT_NOT_FOUND"
    assert rpc_err(vendor, "updateProduct", product_body("NOPE")) == "PRODUCT_NOT_FOUND"


def test_product_soap(vendor):
    sid = soap_login(vendor)
    assert soap_call(vendor, "addProduct",
                     [("sessionID", sid), ("Product", product_body("SOAP1", 3))]) is True
    p = soap_call(vendor, "getProductByCode", [("sessionID", sid), ("ProductCode", "SOAP1")])
    assert p["ProductCode"] == "SOAP1"
    assert p["PricingConfigurations"][0]["Prices"]["Regular"][0]["Amount"] == 3


def test_product_search(vendor):
    for i in range(5):
        rest_ok(vendor, "POST", "/products/",
                product_body(f"S{i}", ProductName=f"{'Alpha' if i < 3 else 'Beta'} {i}"),
                status=201)
    rest_ok(vendor, "DELETE", "/products/S4/")
    page = rest_ok(vendor, "GET", "/products/", params={"Limit": 2, "Page": 1})
    assert page["Pagination"] == {"Page": 1, "Limit": 2, "Count": 5}
    assert [p["ProductCode"] for p in page["Items"]] == ["S0", "S1"]
    page = rest_ok(vendor, "GET", "/products/", params={"Name": "alpha"})
    assert [p["ProductCode"] for p in page["Items"]] == ["S0", "S1", "S2"]
    page = rest_ok(vendor, "GET", "/products/", params={"Enabled": "false"})
    assert [p["ProductCode"] for p in page["Items"]] == ["S4"]
    res = rpc_ok(vendor, "searchProducts", {"Codes": ["S1", "S3"], "Limit": 10})
    assert [p["ProductCode"] for p in res["Items"]] == ["S1", "S3"]
    assert rpc_err(vendor, "searchProducts", {"Limit": 500}) == "INVALID_PAGINATION"


def test_product_validation(vendor):
    rest_ok(vendor, "POST", "/products/", product_body("DUP"), status=201)
    rest_err(vendor, "POST", "/products/", product_body("DUP"), 409, "PRODUCT_CODE_DUPLICATE")
    rest_err(vendor, "POST", "/products/", {"ProductName": "x"}, 400, "PARAMETER_MISSING")
    rest_err(vendor, "POST", "/products/", product_body("BAD/CODE"), 400, "PARAMETER_INVALID")
    # prices: the currency's decimals, none for JPY
    rest_err(vendor, "POST", "/products/", product_body("D1", 10.001), 400,
             "PRICE_AMOUNT_INVALID")
    rest_err(vendor, "POST", "/products/", product_body("D2", 10.5, "JPY"), 400,
             "PRICE_AMOUNT_INVALID")
    rest_err(vendor, "POST", "/products/", product_body("D3", -1), 400, "PRICE_AMOUNT_INVALID")
    rest_err(vendor, "POST", "/products/", product_body("D4", currency="XXQ"), 400,
             "INVALID_CURRENCY")
    no_price = product_body("D5")
    no_price["PricingConfigurations"][0]["Prices"]["Regular"] = []
    rest_err(vendor, "POST", "/products/", no_price, 400, "PRODUCT_PRICING_INVALID")
    overlap = product_body("D6")
    overlap["PricingConfigurations"][0]["Prices"]["Regular"].append(
        {"Amount": 8, "Currency": "USD", "MinQuantity": 5})
    rest_err(vendor, "POST", "/products/", overlap, 400, "PRODUCT_PRICING_INVALID")
    bad_group = product_body("D7")
    bad_group["PricingConfigurations"][0]["PriceOptions"] = [{"Code": "NOGROUP"}]
    rest_err(vendor, "POST", "/products/", bad_group, 400, "PRODUCT_PRICING_INVALID")
    rest_err(vendor, "POST", "/products/", product_body("D8", price_type="TAXFREE"), 400,
             "PARAMETER_INVALID")
    # subscriptions: a cycle of 7 days to 36 months; lifetime means a one-time fee
    rest_err(vendor, "POST", "/products/",
             product_body("D9", SubscriptionInformation={"BillingCycle": 3,
                                                         "BillingCycleUnits": "D"}),
             400, "PRODUCT_SUBSCRIPTION_INVALID")
    rest_err(vendor, "POST", "/products/",
             product_body("D10", SubscriptionInformation={"BillingCycle": 1, "Lifetime": True}),
             400, "PRODUCT_SUBSCRIPTION_INVALID")
    # a different product code in the body and the path
    rest_err(vendor, "PUT", "/products/DUP/", product_body("OTHER"), 400, "PARAMETER_INVALID")
    # TaxCategory and ProductTaxCategoryUUID naming two categories
    cats = rest_ok(vendor, "GET", "/taxcategories/")
    rest_err(vendor, "POST", "/products/",
             product_body("D11", TaxCategory=cats[0]["UUID"],
                          ProductTaxCategoryUUID=cats[1]["UUID"]), 400, "PRODUCT_INVALID")


def test_upgrade_paths(vendor):
    sub = {"BillingCycle": 1, "BillingCycleUnits": "M"}
    rest_ok(vendor, "POST", "/products/", product_body("BASIC", SubscriptionInformation=sub),
            status=201)
    rest_ok(vendor, "POST", "/products/", product_body("ONCE"), status=201)
    rest_ok(vendor, "POST", "/products/",
            product_body("PRO", SubscriptionInformation=sub, UpgradeProducts=["BASIC"]),
            status=201)
    assert rest_ok(vendor, "GET", "/products/PRO/")["UpgradeProducts"] == ["BASIC"]
    for bad in (["NOSUCH"], ["ONCE"], ["PRO2"]):
        rest_err(vendor, "POST", "/products/",
                 product_body("PRO2", SubscriptionInformation=sub, UpgradeProducts=bad), 400,
                 "PRODUCT_UPGRADE_INVALID")
    # a product without subscription has no upgrade path
    rest_err(vendor, "POST", "/products/", product_body("PRO3", UpgradeProducts=["BASIC"]), 400,
             "PRODUCT_UPGRADE_INVALID")


def test_catalog_isolated_per_vendor(vendor, other_vendor):
    rest_ok(vendor, "POST", "/products/", product_body("MINE"), status=201)
    rest_err(other_vendor, "GET", "/products/MINE/", None, 404, "PRODUCT_NOT_FOUND")
    assert rest_ok(other_vendor, "GET", "/products/")["Pagination"]["Count"] == 0
    # the same code is free for another vendor
    rest_ok(other_vendor, "POST", "/products/", product_body("MINE"), status=201)


# --- pricing option groups --------------------------------------------------------------------

def users_group():
    return {"Code": "USERS", "Name": "Users", "Type": "INTERVAL", "Required": True,
            "Options": [
                {"Code": "U1", "Name": "1-5 users", "ScaleMin": 1, "ScaleMax": 5},
                {"Code": "U6", "Name": "6-10 users", "ScaleMin": 6, "ScaleMax": 10,
                 "PriceImpact": {"Method": "FIXED", "Impact": "ADD",
                                 "Amounts": [{"Currency": "USD", "Amount": 50}]}}]}


def test_option_groups_rest(vendor):
    assert rest_ok(vendor, "POST", "/priceoptions/", users_group(), status=201) is True
    g = rest_ok(vendor, "GET", "/priceoptions/USERS/")
    assert g["Type"] == "INTERVAL" and g["Required"] is True
    assert g["Options"][1]["ScaleMin"] == 6 and g["Options"][1]["ScaleMax"] == 10
    assert g["Options"][1]["PriceImpact"]["Amounts"] == [{"Currency": "USD", "Amount": 50}]
    assert g["Options"][1]["PriceImpact"]["ImpactOn"] == "BASE"
    body = users_group()
    body["Name"] = "Seats"
    body["Options"][0]["ScaleMax"] = 4
    body["Options"].append({"Code": "U11", "ScaleMin": 11, "ScaleMax": 100,
                            "PriceImpact": {"Method": "PERCENT", "Percent": 50}})
    assert rest_ok(vendor, "PUT", "/priceoptions/USERS/", body) is True
    g = rest_ok(vendor, "GET", "/priceoptions/USERS/")
    assert g["Name"] == "Seats" and len(g["Options"]) == 3
    assert g["Options"][2]["PriceImpact"]["Percent"] == 50
    # Code and Required cannot change
    body["Required"] = False
    rest_err(vendor, "PUT", "/priceoptions/USERS/", body, 400, "PRICE_OPTION_GROUP_INVALID")
    rest_err(vendor, "GET", "/priceoptions/NOPE/", None, 404, "PRICE_OPTION_GROUP_NOT_FOUND")
    rest_err(vendor, "POST", "/priceoptions/", users_group(), 409,
             "PRICE_OPTION_GROUP_DUPLICATE")


def test_option_groups_rpc_and_search(vendor):
    radio = {"Code": "EDITION", "Name": "Edition", "Type": "RADIO",
             "Options": [{"Value": "STD", "Name": "Standard", "Default": True},
                         {"Value": "PRO", "Name": "Pro",
                          "PriceImpact": {"Method": "PERCENT", "Percent": 20}}]}
    assert rpc_ok(vendor, "addPriceOptionGroup", radio) is True
    assert rpc_ok(vendor, "addPriceOptionGroup", users_group()) is True
    g = rpc_ok(vendor, "getPriceOptionGroup", "EDITION")
    assert [o["Code"] for o in g["Options"]] == ["STD", "PRO"]      # Value is the code
    radio["Options"][1]["Name"] = "Professional"
    assert rpc_ok(vendor, "updatePriceOptionGroup", radio) is True
    assert rpc_ok(vendor, "getPriceOptionGroup", "EDITION")["Options"][1]["Name"] == \
        "Professional"
    res = rpc_ok(vendor, "searchPriceOptionGroups", {"Types": ["INTERVAL"]})
    assert [x["Code"] for x in res["Items"]] == ["USERS"]
    res = rest_ok(vendor, "GET", "/priceoptions/", params={"Name": "edit"})
    assert [x["Code"] for x in res["Items"]] == ["EDITION"]
    assert res["Pagination"]["Count"] == 1


@pytest.mark.parametrize("mutate", [
    lambda g: g.update(Options=[]),                                           # no option
    lambda g: g["Options"][1].update(ScaleMin=5),                             # overlap
    lambda g: g["Options"][0].pop("ScaleMax"),                                # no interval
    lambda g: g["Options"][1].update(Code="U1"),                              # same code twice
    lambda g: g["Options"][1]["PriceImpact"].update(Method="PERCENT", Percent=150),
    lambda g: g["Options"][1]["PriceImpact"].update(Amounts=[]),              # FIXED, no amount
])
def test_option_group_validation(vendor, mutate):
    g = users_group()
    mutate(g)
    rest_err(vendor, "POST", "/priceoptions/", g, 400, "PRICE_OPTION_GROUP_INVALID")


# --- exchange rates ---------------------------------------------------------------------------

def test_exchange_rates(vendor):
    fx = rest_ok(vendor, "GET", "/exchangerates/")
    assert fx["BaseCurrency"] == "USD"
    rates = {r["Currency"]: r for r in fx["ExchangeRates"]}
    assert rates["USD"]["Rate"] == 1 and rates["EUR"]["Source"] == "DEFAULT"
    fx = rest_ok(vendor, "PUT", "/exchangerates/",
                 {"BaseCurrency": "EUR", "ExchangeRates": [{"Currency": "USD", "Rate": 1.25}]})
    rates = {r["Currency"]: r for r in fx["ExchangeRates"]}
    assert fx["BaseCurrency"] == "EUR"
    assert rates["USD"] == {"Currency": "USD", "Rate": 1.25, "Source": "VENDOR"}
    assert rates["EUR"]["Rate"] == 1
    assert rpc_ok(vendor, "getExchangeRates") == fx
    assert rpc_err(vendor, "updateExchangeRates",
                   {"ExchangeRates": [{"Currency": "GBP", "Rate": -1}]}) == "PARAMETER_INVALID"
    # an empty list restores the defaults
    fx = rpc_ok(vendor, "updateExchangeRates", {"ExchangeRates": []})
    assert all(r["Source"] == "DEFAULT" for r in fx["ExchangeRates"])


# --- promotions -------------------------------------------------------------------------------

def promotion_body(**extra):
    body = {"Name": "Spring sale", "Type": "REGULAR", "Enabled": True,
            "Coupon": {"Type": "SINGLE", "Code": "SPRING"},
            "Discount": {"Type": "PERCENT", "Value": 20},
            "StartDate": "2020-01-01", "EndDate": "2099-12-31", "MaximumOrdersNumber": 100}
    body.update(extra)
    return body


def test_promotions_rest(vendor):
    rest_ok(vendor, "POST", "/products/", product_body("PP1"), status=201)
    p = rest_ok(vendor, "POST", "/promotions/", promotion_body(Products=[{"Code": "PP1"}]),
                status=201)
    code = p["Code"]
    assert len(code) == 10
    assert p["Coupon"] == {"Type": "SINGLE", "Code": "SPRING"}
    assert p["Discount"] == {"Type": "PERCENT", "Value": 20}
    assert p["Products"] == [{"Code": "PP1"}]
    assert p["UsedOrdersNumber"] == 0 and p["MaximumOrdersNumber"] == 100
    assert rest_ok(vendor, "GET", f"/promotions/{code}/") == p
    body = promotion_body(Coupon={"Type": "MULTIPLE", "Codes": ["A1", "A2"]},
                          Discount={"Type": "FIXED", "Values": [{"Currency": "USD",
                                                                 "Amount": 5}]})
    p2 = rest_ok(vendor, "PUT", f"/promotions/{code}/", body)
    assert p2["Code"] == code and p2["Coupon"]["Codes"] == ["A1", "A2"]
    assert p2["Discount"]["Values"] == [{"Currency": "USD", "Amount": 5}]
    assert p2["Discount"]["DefaultCurrency"] == "USD"
    assert p2["Products"] == []
    rest_err(vendor, "GET", "/promotions/NOPE/", None, 404, "PROMOTION_NOT_FOUND")


def test_promotions_rpc_and_search(vendor):
    rest_ok(vendor, "POST", "/products/", product_body("PQ1"), status=201)
    a = rpc_ok(vendor, "addPromotion", promotion_body(Code="PROMOA"))
    assert a["Code"] == "PROMOA"
    b = rpc_ok(vendor, "addPromotion",
               promotion_body(Coupon={"Type": "SINGLE", "Code": "OTHER"}, Enabled=False,
                              Products=[{"Code": "PQ1"}]))
    assert rpc_ok(vendor, "getPromotion", "PROMOA")["Name"] == "Spring sale"
    upd = rpc_ok(vendor, "updatePromotion", promotion_body(Code="PROMOA", Name="Renamed"))
    assert upd["Name"] == "Renamed"
    res = rpc_ok(vendor, "searchPromotions", {"Enabled": False})
    assert [x["Code"] for x in res["Items"]] == [b["Code"]]
    res = rest_ok(vendor, "GET", "/promotions/", params={"Coupons": "spring,OTHER"})
    assert res["Pagination"]["Count"] == 2
    res = rest_ok(vendor, "GET", "/promotions/", params={"ProductCode": "PQ1"})
    assert res["Pagination"]["Count"] == 2        # PROMOA has no products: it covers all
    assert rpc_err(vendor, "getPromotion", "NOPE") == "PROMOTION_NOT_FOUND"


def test_promotion_validation(vendor):
    rest_ok(vendor, "POST", "/promotions/", promotion_body(Code="P1"), status=201)
    rest_err(vendor, "POST", "/promotions/", promotion_body(Code="P1",
                                                            Coupon={"Code": "NEWONE"}),
             409, "PROMOTION_CODE_DUPLICATE")
    # coupons are unique per vendor, in any case
    rest_err(vendor, "POST", "/promotions/", promotion_body(Coupon={"Code": "spring"}), 409,
             "PROMOTION_COUPON_DUPLICATE")
    for bad in ({"Discount": {"Type": "PERCENT", "Value": 120}},
                {"Discount": {"Type": "PERCENT"}},
                {"Discount": {"Type": "FIXED", "Values": []}},
                {"Coupon": {"Type": "MULTIPLE", "Codes": []}},
                {"Coupon": {"Type": "SINGLE"}},
                {"StartDate": "2030-01-01", "EndDate": "2029-01-01"},
                {"Type": "GLOBAL"},
                {"Products": [{"Code": "NOSUCH"}]}):
        body = promotion_body(Coupon={"Code": "X1"})
        body.update(bad)
        rest_err(vendor, "POST", "/promotions/", body, 400, "PROMOTION_INVALID")
    rest_err(vendor, "POST", "/promotions/",
             promotion_body(Coupon={"Code": "X2"},
                            Discount={"Type": "FIXED",
                                      "Values": [{"Currency": "JPY", "Amount": 1.5}]}),
             400, "PRICE_AMOUNT_INVALID")
    rest_err(vendor, "POST", "/promotions/", promotion_body(Name=None), 400, "PARAMETER_MISSING")
    rest_err(vendor, "POST", "/promotions/", promotion_body(EndDate="2020-02-30"), 400,
             "INVALID_DATE")


# --- cross-sell campaigns ---------------------------------------------------------------------

def campaign_body(**extra):
    body = {"Name": "Bundle offer", "CampaignStatus": "ACTIVE", "DisplayType": "cart",
            "MasterProducts": ["MASTER"],
            "Products": [{"ProductCode": "REC", "Discount": 25, "DiscountType": "PERCENT"}],
            "StartDate": "2020-01-01", "EndDate": "2099-12-31"}
    body.update(extra)
    return body


def test_crosssell_rest(vendor):
    for c in ("MASTER", "REC", "REC2"):
        rest_ok(vendor, "POST", "/products/", product_body(c), status=201)
    c = rest_ok(vendor, "POST", "/crosssells/", campaign_body(), status=201)
    code = c["CampaignCode"]
    assert len(code) == 24
    assert c["MasterProducts"] == ["MASTER"] and c["CampaignOwnerType"] == "MERCH"
    assert c["Products"] == [{"ProductCode": "REC", "Discount": 25, "DiscountType": "PERCENT"}]
    assert rest_ok(vendor, "GET", f"/crosssells/{code}/") == c
    c2 = rest_ok(vendor, "PUT", f"/crosssells/{code}/",
                 campaign_body(CampaignStatus="INACTIVE",
                               Products=[{"ProductCode": "REC2", "Discount": 10.5}]))
    assert c2["CampaignStatus"] == "INACTIVE" and c2["Products"][0]["Discount"] == 10.5
    rest_err(vendor, "GET", "/crosssells/NOPE/", None, 404, "CROSSSELL_CAMPAIGN_NOT_FOUND")


def test_crosssell_rpc_and_search(vendor):
    for c in ("MASTER", "REC", "M2"):
        rest_ok(vendor, "POST", "/products/", product_body(c), status=201)
    a = rpc_ok(vendor, "createCrossSellCampaign", campaign_body(Name="First"))
    b = rpc_ok(vendor, "createCrossSellCampaign",
               campaign_body(Name="Second", MasterProducts=["M2"], CampaignStatus="INACTIVE",
                             StartDate="2030-01-01", EndDate="2030-12-31"))
    assert rpc_ok(vendor, "getCrossSellCampaign", a["CampaignCode"])["Name"] == "First"
    upd = dict(campaign_body(Name="First renamed"), CampaignCode=a["CampaignCode"])
    assert rpc_ok(vendor, "updateCrossSellCampaign", upd)["Name"] == "First renamed"

    def codes(**params):
        return [x["CampaignCode"] for x in rest_ok(vendor, "GET", "/crosssells/",
                                                   params=params)["Items"]]

    assert codes() == [a["CampaignCode"], b["CampaignCode"]]
    assert codes(**{"Status[]": "INACTIVE"}) == [b["CampaignCode"]]
    assert codes(**{"Products[]": "M2"}) == [b["CampaignCode"]]
    assert codes(**{"RecommendedProducts[]": "REC"}) == [a["CampaignCode"], b["CampaignCode"]]
    assert codes(CampaignName="renamed") == [a["CampaignCode"]]
    assert codes(StartDate="2031-01-01") == [a["CampaignCode"]]
    assert codes(EndDate="2025-01-01") == [a["CampaignCode"]]
    assert codes(Type="AFF") == []
    res = rpc_ok(vendor, "searchCrossSellCampaigns", {"Status": ["ACTIVE"], "Limit": 1})
    assert res["Pagination"] == {"Page": 1, "Limit": 1, "Count": 1}
    assert rpc_err(vendor, "getCrossSellCampaign", "NOPE") == "CROSSSELL_CAMPAIGN_NOT_FOUND"


@pytest.mark.parametrize("bad", [
    {"MasterProducts": []}, {"Products": []}, {"MasterProducts": ["NOSUCH"]},
    {"Products": [{"ProductCode": "NOSUCH", "Discount": 5}]},
    {"Products": [{"ProductCode": "REC", "Discount": 101}]},
    {"StartDate": "2030-01-01", "EndDate": "2029-01-01"},
])
def test_crosssell_validation(vendor, bad):
    for c in ("MASTER", "REC"):
        rest_ok(vendor, "POST", "/products/", product_body(c), status=201)
    rest_err(vendor, "POST", "/crosssells/", campaign_body(**bad), 400,
             "CROSSSELL_CAMPAIGN_DATA_INVALID")


def test_openapi_documents_the_catalog(server):
    import requests
    doc = requests.get(server.base + "/rest/6.0/openapi.json", timeout=30).json()
    for path in ("/products/", "/products/{ProductCode}", "/priceoptions/", "/promotions/",
                 "/crosssells/", "/taxcategories/", "/exchangerates/", "/orders/0"):
        assert path in doc["paths"], path
    assert "delete" in doc["paths"]["/products/{ProductCode}"]
    assert "Product" in doc["components"]["schemas"]
