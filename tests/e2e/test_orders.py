"""Orders over REST: placeOrder for catalog and dynamic items (the seed's rules, each with its
error code), the test processor (cards, tokens, PayPal, free orders, 3-D Secure pages), the
status lifecycle, search, refunds, customers and the subscriptions orders create."""
import datetime
import os
import re
import urllib.parse

import pytest
import requests

from conftest import new_vendor, sandbox_now
from orders_util import (CANCEL_URL, DECLINED, LIVE_VISA, NO_FUNDS, RETURN_URL, TEST_VISA,
                         THREEDS, billing, card, catalog_order, clone, crosssell_code,
                         dynamic_item, dynamic_order, follow_3ds, place, place_err, place_ok,
                         seeded_vendor)


@pytest.fixture
def shop(server):
    """A MoR vendor with the demo catalog."""
    return seeded_vendor(server)


@pytest.fixture
def psp(server):
    return seeded_vendor(server, "PSP")


def history(order):
    return [h["Status"] for h in order["StatusHistory"]]


def order_count(v, **params):
    r = v.rest("GET", "/orders/", params=dict(params, Limit=1))
    assert r.status_code == 200, r.text
    return r.json()["Pagination"]["Count"]


# --- placing and reading orders -------------------------------------------------------------

def test_catalog_order_with_test_card_is_complete(shop):
    o = place_ok(shop, catalog_order())
    assert re.fullmatch(r"[1-9][0-9]{8}", o["RefNo"])
    assert isinstance(o["OrderNo"], int) and o["OrderNo"] == 1
    assert o["Status"] == "COMPLETE" and o["ApproveStatus"] == "OK"
    assert history(o) == ["PENDING", "AUTHRECEIVED", "COMPLETE"]
    assert o["TestOrder"] is True
    assert o["Errors"] is None
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", o["OrderDate"])
    assert o["FinishDate"] is not None
    assert o["Currency"] == "USD" and o["MerchantCode"] == shop.code
    # USB-KEY: 15.00 USD NET, no VAT in the US
    assert o["NetPrice"] == 30 and o["GrossPrice"] == 30 and o["VAT"] == 0
    item = o["Items"][0]
    assert item["Code"] == "USB-KEY" and item["Quantity"] == 2
    assert item["ProductDetails"]["Name"] == "Backup USB key"
    assert item["Price"]["UnitNetPrice"] == 15 and item["Price"]["Currency"] == "usd"
    assert re.fullmatch(r"[0-9a-f]{40}", item["LineItemReference"])
    assert o["HasShipping"] is True  # a tangible product
    pm = o["PaymentDetails"]["PaymentMethod"]
    assert pm["FirstDigits"] == "4111" and pm["LastDigits"] == "1111"
    assert pm["CardType"] == "visa"
    assert "CardNumber" not in pm and "CCID" not in pm
    assert TEST_VISA not in str(o)
    # the delivery details default to the billing details
    assert o["DeliveryDetails"] == o["BillingDetails"]
    assert o["Source"] is None and o["WSOrder"] is None
    assert o["LocalTime"] == "2025-03-04 10:11:12" and o["FraudScore"] == 0


def test_get_order_with_and_without_slash(shop):
    o = place_ok(shop, catalog_order())
    for path in (f"/orders/{o['RefNo']}/", f"/orders/{o['RefNo']}", f"/orders//{o['RefNo']}//"):
        r = shop.rest("GET", path)
        assert r.status_code == 200, r.text
        assert r.json()["RefNo"] == o["RefNo"]
        assert r.json()["Status"] == "COMPLETE"
        assert r.json()["Items"] == o["Items"]
    r = shop.rest("GET", "/orders/999999999/")
    assert r.status_code == 404 and r.json()["error_code"] == "ORDER_NOT_FOUND"


def test_orders_belong_to_their_vendor(shop, server):
    o = place_ok(shop, catalog_order())
    other = new_vendor(server)
    r = other.rest("GET", f"/orders/{o['RefNo']}/")
    assert r.status_code == 404


def test_order_numbers_count_per_vendor(shop):
    a = place_ok(shop, catalog_order())
    b = place_ok(shop, catalog_order())
    assert b["OrderNo"] == a["OrderNo"] + 1
    assert a["RefNo"] != b["RefNo"]


def test_order_is_priced_by_the_pricing_engine(shop):
    """The order charges exactly what getContents (the pricing engine) shows for it."""
    order = catalog_order(items=[{"Code": "CLOUD-BASIC", "Quantity": 3,
                                  "PriceOptions": ["USERS=7", "PRIORITY"]}],
                          Promotions=["WELCOME10"],
                          BillingDetails=billing(CountryCode="DE", State=None, City="Berlin",
                                                 Zip="10115"))
    quote = shop.rest("PUT", "/orders/0/", order).json()
    o = place_ok(shop, order)
    for k in ("NetPrice", "GrossPrice", "VAT", "Discount", "NetDiscountedPrice",
              "GrossDiscountedPrice"):
        assert o[k] == quote[k], k
    assert o["Items"][0]["Price"] == quote["Items"][0]["Price"]
    assert o["Promotions"] == ["WELCOME10"]
    assert o["Items"][0]["Promotion"] == "WELCOME10"
    assert o["VAT"] > 0  # German VAT, MoR


def test_promotion_use_is_counted(shop):
    before = shop.rest("GET", "/promotions/DEMO-WELCOME").json()["UsedOrdersNumber"]
    place_ok(shop, catalog_order(Promotions=["WELCOME10"]))
    after = shop.rest("GET", "/promotions/DEMO-WELCOME").json()["UsedOrdersNumber"]
    assert after == before + 1
    # a refused payment does not use the promotion
    place(shop, catalog_order(Promotions=["WELCOME10"], PaymentDetails=card(DECLINED)))
    assert shop.rest("GET", "/promotions/DEMO-WELCOME").json()["UsedOrdersNumber"] == after


def test_seed_cross_sell_example_as_it_stands(shop):
    """The seed's cross-sell request, only the product and campaign codes and the URLs
    adapted: a live (CC) payment with the platform's test card that expired in 2020. It is
    accepted: the order is stored with its RefNo and a non-null Errors map."""
    campaign = crosssell_code(shop)
    body = {
        "Currency": "USD",
        "Language": "EN",
        "Country": "US",
        "CustomerIP": "10.10.10.10",
        "Source": "sourceAPI.net",
        "CustomerReference": 421820775,
        "Items": [
            {"Code": "DESKTOP-LICENSE", "Quantity": 1},
            {"Code": "USB-KEY", "Quantity": 1,
             "CrossSell": {"ParentCode": "DESKTOP-LICENSE", "CampaignCode": campaign}},
        ],
        "BillingDetails": {
            "FirstName": "Customer First Name", "LastName": "Customer Last Name",
            "CountryCode": "US", "State": "California", "City": "San Francisco",
            "Address1": "Example Street", "Zip": "90210", "Email": "example@email.com"},
        "PaymentDetails": {
            "Type": "CC", "Currency": "USD", "CustomerIP": "10.10.10.10",
            "PaymentMethod": {
                "Vendor3DSReturnURL": "https://example.com",
                "Vendor3DSCancelURL": "https://example.com",
                "CardNumber": "4111111111111111", "CardType": "VISA",
                "ExpirationYear": "2020", "ExpirationMonth": "12", "CCID": "123"}},
    }
    status, o = place(shop, body)
    assert status == 201, o
    assert re.fullmatch(r"\d{9}", o["RefNo"])
    assert o["Errors"] and "PAYMENT_CARD_EXPIRED" in o["Errors"]
    assert o["Status"] == "PENDING" and o["TestOrder"] is False
    assert o["Source"] == "sourceAPI.net" and o["Language"] == "en"
    assert o["CustomerReference"] == 421820775  # an Integer, as the seed says
    # the cross-sell discount was priced: 15% off the USB key
    usb = o["Items"][1]
    assert usb["Price"]["UnitDiscount"] == 2.25 and usb["Price"]["NetDiscountedPrice"] == 12.75
    assert shop.rest("GET", f"/orders/{o['RefNo']}/").json()["Errors"] == o["Errors"]
    # the same card with a current expiry: refused as a test card on a live payment
    body["PaymentDetails"]["PaymentMethod"]["ExpirationYear"] = "2035"
    status, o = place(shop, body)
    assert status == 201 and "PAYMENT_TEST_CARD_NOT_ALLOWED" in o["Errors"]
    # paid as a test order it completes, the discount applied
    body["PaymentDetails"]["Type"] = "TEST"
    body["PaymentDetails"]["PaymentMethod"]["HolderName"] = "John Doe"
    o = place_ok(shop, body)
    assert o["Status"] == "COMPLETE" and o["TestOrder"] is True
    assert o["Items"][1]["Price"]["GrossDiscountedPrice"] == 12.75
    assert o["GrossDiscountedPrice"] == 49 + 12.75


def test_seed_dynamic_items_with_every_field(shop):
    """Every Items field of the seed's dynamic product section."""
    tax = shop.rest("GET", "/taxcategories/").json()[1]["UUID"]
    item = {
        "Code": None,
        "Quantity": 2,
        "ProductExternalReference": "ext-prod-7",
        "IsDynamic": True,
        "Tangible": False,
        "PurchaseType": "PRODUCT",
        "PriceOptions": [{"Name": "Support", "Options": [
            {"Name": "24/7", "Value": "SUPPORT247", "Surcharge": 5}]}],
        "RecurringOptions": {"CycleLength": 1, "CycleUnit": "MONTH", "CycleAmount": 25,
                             "ContractLength": 12, "ContractUnit": "MONTH"},
        "Name": "Hosted plan",
        "Price": {"Amount": 20, "Type": "CUSTOM"},
        "ProductTaxCategoryUUID": tax,
        "PriceType": "GROSS",
        "Trial": None,
        "AdditionalFields": None,
        "SubscriptionStartDate": "2031-05-06",
    }
    o = place_ok(shop, dynamic_order(items=[item], ExternalReference="ORDER-1",
                                     Source="newsletter", CustomerReference=1001,
                                     MachineId="m-1", WSOrder="https://shop.example.com"))
    it = o["Items"][0]
    assert it["Code"] is None and it["IsDynamic"] is True
    assert it["ProductExternalReference"] == "ext-prod-7"
    assert it["Price"]["UnitGrossPrice"] == 25  # 20 + the 5.00 surcharge, GROSS
    assert o["GrossPrice"] == 50
    assert o["WSOrder"] == "https://shop.example.com" and o["ExternalReference"] == "ORDER-1"
    subs = it["ProductDetails"]["Subscriptions"]
    assert len(subs) == 1
    # YYYY-MM-DD alone starts at 00:00:01 in the vendor's time zone (GMT+02:00)
    assert subs[0]["SubscriptionStartDate"] == "2031-05-06 00:00:01"
    assert subs[0]["ExpirationDate"] == "2031-06-06 00:00:01"
    s = shop.rest("GET", f"/subscriptions/{subs[0]['SubscriptionReference']}/").json()
    assert s["StartDate"] == "2031-05-06" and s["ExpirationDate"] == "2031-06-06"
    assert s["Product"]["ProductName"] == "Hosted plan" and s["Product"]["ProductQuantity"] == 2
    assert s["ExternalCustomerReference"] == "1001"


def test_dynamic_code_is_ignored(shop):
    o = place_ok(shop, dynamic_order(items=[dynamic_item(Code="WHATEVER")]))
    assert o["Items"][0]["Code"] is None


def test_dynamic_price_type_gross_by_default_or_net(shop):
    de = billing(CountryCode="DE", State=None, City="Berlin", Zip="10115")
    gross = place_ok(shop, dynamic_order(items=[dynamic_item(Price={"Amount": 119})],
                                         BillingDetails=de))
    assert gross["GrossPrice"] == 119 and gross["NetPrice"] == 100
    net = place_ok(shop, dynamic_order(items=[dynamic_item(Price={"Amount": 100},
                                                           PriceType="NET")],
                                       BillingDetails=de))
    assert net["NetPrice"] == 100 and net["GrossPrice"] == 119
    place_err(shop, dynamic_order(items=[dynamic_item(PriceType="BOTH")]),
              "ORDER_PRODUCT_PRICE_TYPE_INVALID")


def test_trial_of_a_dynamic_item(shop):
    item = dynamic_item(Price={"Amount": 30}, RecurringOptions={"CycleLength": 1,
                                                                "CycleUnit": "YEAR"},
                        Trial={"Period": 14, "Price": 1})
    o = place_ok(shop, dynamic_order(items=[item]))
    assert o["GrossPrice"] == 1  # the trial price is charged
    sub = o["Items"][0]["ProductDetails"]["Subscriptions"][0]
    assert sub["Trial"] is True
    start = datetime.datetime.strptime(sub["SubscriptionStartDate"], "%Y-%m-%d %H:%M:%S")
    end = datetime.datetime.strptime(sub["ExpirationDate"], "%Y-%m-%d %H:%M:%S")
    assert (end - start).days == 14
    s = shop.rest("GET", f"/subscriptions/{sub['SubscriptionReference']}/").json()
    assert s["IsTrial"] is True
    bad = dynamic_item(Trial={"Period": 0})
    place_err(shop, dynamic_order(items=[bad]), "INVALID_PRODUCT")


def test_catalog_trial(shop):
    o = place_ok(shop, catalog_order(items=[{"Code": "CLOUD-BASIC", "Quantity": 1,
                                             "PriceOptions": ["USERS=2"], "Trial": {}}]))
    assert o["GrossPrice"] == 0  # the demo's 14-day trial is free
    sub = o["Items"][0]["ProductDetails"]["Subscriptions"][0]
    assert sub["Trial"] is True
    place_err(shop, catalog_order(items=[{"Code": "USB-KEY", "Trial": {"Period": 7}}]),
              "INVALID_PRODUCT")


# --- the seed's rules, one error code each ----------------------------------------------------

def test_items_required(shop):
    place_err(shop, catalog_order(items=[]), "ORDER_PRODUCTS_EMPTY")
    o = catalog_order()
    del o["Items"]
    place_err(shop, o, "ORDER_PRODUCTS_EMPTY")


def test_unknown_product_code(shop):
    body = place_err(shop, catalog_order(items=[{"Code": "NOPE", "Quantity": 1}]),
                     "ORDER_PRODUCT_CODE_INVALID")
    assert "NOPE" in body["message"]


def test_catalog_and_dynamic_never_mixed(shop):
    place_err(shop, catalog_order(items=[{"Code": "USB-KEY", "Quantity": 1}, dynamic_item()]),
              "ORDER_ITEMS_INVALID")


def test_is_dynamic_must_be_true(shop):
    for flag in (False, None):
        it = dynamic_item(IsDynamic=flag)
        it.pop("IsDynamic", None) if flag is None else None
        place_err(shop, dynamic_order(items=[it]), "ORDER_PRODUCT_IS_DYNAMIC_INVALID")


def test_purchase_types(shop, psp):
    place_err(shop, dynamic_order(items=[dynamic_item(PurchaseType="GIFT")]),
              "ORDER_PRODUCT_PURCHASE_TYPE_INVALID")
    it = dynamic_item()
    del it["PurchaseType"]
    place_err(shop, dynamic_order(items=[it]), "ORDER_PRODUCT_PURCHASE_TYPE_INVALID")
    # MoR: PRODUCT and COUPON only
    place_ok(shop, dynamic_order(items=[dynamic_item(PurchaseType="COUPON")]))
    for t in ("TAX", "SHIPPING"):
        place_err(shop, dynamic_order(items=[dynamic_item(PurchaseType=t)]),
                  "ORDER_PRODUCT_PURCHASE_TYPE_INVALID")
    # PSP: all four
    for t in ("PRODUCT", "TAX", "SHIPPING", "COUPON"):
        o = place_ok(psp, dynamic_order(items=[dynamic_item(PurchaseType=t)]))
        assert o["Items"][0]["PurchaseType"] == t


def test_recurring_options_only_on_product_and_tax(shop, psp):
    rec = {"CycleLength": 1, "CycleUnit": "MONTH"}
    place_err(shop, dynamic_order(items=[dynamic_item(PurchaseType="COUPON",
                                                      RecurringOptions=rec)]),
              "ORDER_PRODUCT_RECURRING_OPTIONS_INVALID")
    place_err(psp, dynamic_order(items=[dynamic_item(PurchaseType="SHIPPING",
                                                     RecurringOptions=rec)]),
              "ORDER_PRODUCT_RECURRING_OPTIONS_INVALID")
    o = place_ok(psp, dynamic_order(items=[dynamic_item(PurchaseType="TAX",
                                                        RecurringOptions=rec)]))
    assert len(o["Items"][0]["ProductDetails"]["Subscriptions"]) == 1
    place_err(shop, dynamic_order(items=[dynamic_item(RecurringOptions={"CycleUnit":
                                                                        "FORTNIGHT"})]),
              "ORDER_PRODUCT_RECURRING_OPTIONS_INVALID")


def test_tangible_name_price_required_for_dynamic_items(shop):
    it = dynamic_item()
    del it["Tangible"]
    place_err(shop, dynamic_order(items=[it]), "ORDER_PRODUCT_TANGIBLE_INVALID")
    it = dynamic_item()
    del it["Name"]
    place_err(shop, dynamic_order(items=[it]), "ORDER_PRODUCT_NAME_INVALID")
    it = dynamic_item()
    del it["Price"]
    place_err(shop, dynamic_order(items=[it]), "ORDER_PRODUCT_PRICE_STRUCTURE_INVALID")
    place_err(shop, dynamic_order(items=[dynamic_item(Price={"Type": "CUSTOM"})]),
              "ORDER_PRODUCT_PRICE_AMOUNT_INVALID")
    place_err(shop, dynamic_order(items=[dynamic_item(Price={"Amount": 1, "Type": "BASE"})]),
              "ORDER_PRODUCT_PRICE_TYPE_INVALID")


def test_quantity_between_1_and_99999(shop):
    for q in (0, 100000, -1):
        place_err(shop, catalog_order(items=[{"Code": "USB-KEY", "Quantity": q}]),
                  "ORDER_ITEMS_QUANTITY_INVALID")
    it = dynamic_item()
    del it["Quantity"]
    place_err(shop, dynamic_order(items=[it]), "ORDER_ITEMS_QUANTITY_INVALID")
    o = place_ok(shop, dynamic_order(items=[dynamic_item(Quantity=99999, Price={"Amount": 1})]))
    assert o["Items"][0]["Quantity"] == 99999


def test_tax_category_of_the_vendor_and_null_for_psp(shop, psp):
    place_err(shop, dynamic_order(items=[dynamic_item(
        ProductTaxCategoryUUID="00000000-0000-4000-8000-000000000000")]), "TAX_CATEGORY_INVALID")
    uuid = psp.rest("GET", "/taxcategories/").json()[0]["UUID"]
    place_err(psp, dynamic_order(items=[dynamic_item(ProductTaxCategoryUUID=uuid)]),
              "TAX_CATEGORY_INVALID")
    place_ok(psp, dynamic_order(items=[dynamic_item(ProductTaxCategoryUUID=None)]))


def test_external_reference_and_source_lengths(shop):
    place_ok(shop, catalog_order(ExternalReference="r" * 100, Source="s" * 255))
    place_err(shop, catalog_order(ExternalReference="r" * 101),
              "ORDER_EXTERNAL_REFERENCE_INVALID")
    place_err(shop, catalog_order(Source="s" * 256), "ORDER_SOURCE_INVALID")


def test_subscription_start_date_formats(shop):
    rec = {"CycleLength": 1, "CycleUnit": "MONTH"}
    o = place_ok(shop, dynamic_order(items=[dynamic_item(
        RecurringOptions=rec, SubscriptionStartDate="2030-01-02 22:22:22")]))
    sub = o["Items"][0]["ProductDetails"]["Subscriptions"][0]
    assert sub["SubscriptionStartDate"] == "2030-01-02 22:22:22"
    for bad in ("2030-13-01", "02/01/2030", "2030-01-02T10:00:00"):
        place_err(shop, dynamic_order(items=[dynamic_item(RecurringOptions=rec,
                                                          SubscriptionStartDate=bad)]),
                  "ORDER_PRODUCT_SUBSCRIPTION_START_DATE_INVALID")
    # empty: the subscription starts with the purchase
    o = place_ok(shop, dynamic_order(items=[dynamic_item(RecurringOptions=rec,
                                                         SubscriptionStartDate="")]))
    sub = o["Items"][0]["ProductDetails"]["Subscriptions"][0]
    assert sub["SubscriptionStartDate"] == o["OrderDate"]


def test_order_currency_equals_payment_currency(shop):
    place_err(shop, catalog_order(Currency="EUR", PaymentDetails=card(currency="USD")),
              "ORDER_CURRENCY_MISMATCH")
    # no order currency: the payment's
    o = place_ok(shop, catalog_order(Currency=None, PaymentDetails=card(currency="EUR")))
    assert o["Currency"] == "EUR" and o["NetPrice"] == 28
    p = card()
    del p["Currency"]
    place_err(shop, catalog_order(PaymentDetails=p), "PAYMENT_CURRENCY_INVALID")


@pytest.mark.parametrize("field", ["FirstName", "LastName", "CountryCode", "City", "Address1",
                                   "Zip", "Email"])
def test_billing_required_fields(shop, field):
    place_err(shop, catalog_order(BillingDetails=billing(**{field: None})),
              "ORDER_BILLING_DETAILS_REQUIRED")


def test_billing_details_required(shop):
    o = catalog_order()
    del o["BillingDetails"]
    place_err(shop, o, "ORDER_BILLING_DETAILS_REQUIRED")


@pytest.mark.parametrize("country,state", [
    ("US", "California"), ("US", "ca"), ("US", "CALIFORNIA"), ("CA", "Québec"),
    ("CA", "quebec"), ("CA", "QC"), ("BR", "São Paulo"), ("BR", "sao paulo"), ("BR", "SP"),
    ("TR", "İstanbul"), ("TR", "istanbul"), ("TR", "34"), ("IN", "Karnataka"), ("IN", "ka"),
    ("RO", "București"), ("RO", "Bucuresti"), ("RO", "B"), ("RO", "cluj")])
def test_state_by_name_or_code_any_case(shop, country, state):
    extra = {}
    if country == "BR":
        extra = {"Phone": "+55 11 5555 0000", "FiscalCode": "529.982.247-25"}
    place_ok(shop, catalog_order(BillingDetails=billing(CountryCode=country, State=state,
                                                        **extra)))


@pytest.mark.parametrize("country", ["US", "CA", "BR", "TR", "IN", "RO"])
def test_state_required_for_six_countries(shop, country):
    extra = {"Phone": "+55 11 5555 0000", "FiscalCode": "529.982.247-25"} \
        if country == "BR" else {}
    place_err(shop, catalog_order(BillingDetails=billing(CountryCode=country, State=None,
                                                         **extra)),
              "ORDER_BILLING_STATE_INVALID")
    place_err(shop, catalog_order(BillingDetails=billing(CountryCode=country, State="Narnia",
                                                         **extra)),
              "ORDER_BILLING_STATE_INVALID")


def test_state_not_required_elsewhere(shop):
    place_ok(shop, catalog_order(BillingDetails=billing(CountryCode="FR", State=None)))


def test_brazil_needs_phone_and_fiscal_code(shop):
    br = dict(CountryCode="BR", State="SP")
    place_err(shop, catalog_order(BillingDetails=billing(FiscalCode="529.982.247-25", **br)),
              "ORDER_BILLING_PHONE_REQUIRED")
    place_err(shop, catalog_order(BillingDetails=billing(Phone="+55 11 5555 0000", **br)),
              "ORDER_BILLING_FISCAL_CODE_REQUIRED")
    place_err(shop, catalog_order(BillingDetails=billing(Phone="+55 11 5555 0000",
                                                         FiscalCode="123.456.789-00", **br)),
              "ORDER_BILLING_FISCAL_CODE_INVALID")
    # a CNPJ (a company)
    place_ok(shop, catalog_order(BillingDetails=billing(Phone="+55 11 5555 0000",
                                                        Company="Empresa", **br,
                                                        FiscalCode="11.222.333/0001-81")))


def test_company_and_fiscal_code(shop):
    de = dict(CountryCode="DE", State=None, City="Berlin", Zip="10115")
    place_err(shop, catalog_order(BillingDetails=billing(Company="ACME GmbH", **de)),
              "ORDER_BILLING_FISCAL_CODE_REQUIRED")
    place_err(shop, catalog_order(BillingDetails=billing(FiscalCode="DE136695976", **de)),
              "ORDER_BILLING_COMPANY_REQUIRED")
    place_err(shop, catalog_order(BillingDetails=billing(Company="ACME GmbH",
                                                         FiscalCode="DE136695977", **de)),
              "ORDER_BILLING_VAT_ID_INVALID")
    place_err(shop, catalog_order(BillingDetails=billing(Company="ACME GmbH",
                                                         FiscalCode="DE12345", **de)),
              "ORDER_BILLING_VAT_ID_INVALID")
    o = place_ok(shop, catalog_order(BillingDetails=billing(Company="ACME GmbH",
                                                            FiscalCode="DE 136 695 976", **de)))
    assert o["VAT"] == 0  # reverse charge
    # India: a company needs its FiscalCode too
    place_err(shop, catalog_order(BillingDetails=billing(CountryCode="IN", State="KA",
                                                         Company="Acme India")),
              "ORDER_BILLING_FISCAL_CODE_REQUIRED")


def test_delivery_details(shop):
    place_err(shop, catalog_order(DeliveryDetails={"LastName": "Doe", "CountryCode": "US",
                                                   "State": "NY"}),
              "ORDER_DELIVERY_DETAILS_REQUIRED")
    place_err(shop, catalog_order(DeliveryDetails={"FirstName": "Jane", "LastName": "Doe",
                                                   "CountryCode": "US"}),
              "ORDER_DELIVERY_STATE_INVALID")
    o = place_ok(shop, catalog_order(DeliveryDetails={"FirstName": "Jane", "LastName": "Doe",
                                                      "CountryCode": "US", "State": "NY"}))
    assert o["DeliveryDetails"]["FirstName"] == "Jane"


def test_typing_times_never_negative(shop):
    place_err(shop, catalog_order(PaymentDetails=card(HolderNameTime=-1)),
              "PAYMENT_HOLDER_NAME_TIME_INVALID")
    place_err(shop, catalog_order(PaymentDetails=card(CardNumberTime=-0.5)),
              "PAYMENT_CARD_NUMBER_TIME_INVALID")
    o = place_ok(shop, catalog_order(PaymentDetails=card(HolderNameTime=3.5,
                                                         CardNumberTime=7)))
    assert o["FraudScore"] == 0


def test_installments_only_brazil_visa_mastercard_brl(shop):
    place_err(shop, catalog_order(PaymentDetails=card(InstallmentsNumber=3)),
              "PAYMENT_INSTALLMENTS_INVALID")
    br = billing(CountryCode="BR", State="SP", Phone="+55 11 5555 0000",
                 FiscalCode="529.982.247-25")
    o = place_ok(shop, dynamic_order(Currency="BRL", BillingDetails=br,
                                     PaymentDetails=card(currency="BRL", InstallmentsNumber=3)))
    assert o["PaymentDetails"]["PaymentMethod"]["InstallmentsNumber"] == 3
    # the seed's nesting: PaymentMethod.CardPayment.InstallmentsNumber
    pd = card(currency="BRL")
    pd["PaymentMethod"]["CardPayment"] = {"InstallmentsNumber": 2}
    place_ok(shop, dynamic_order(Currency="BRL", BillingDetails=br, PaymentDetails=pd))
    place_err(shop, dynamic_order(Currency="BRL", BillingDetails=br,
                                  PaymentDetails=card(number="378282246310005", CardType="AMEX",
                                                      CCID="1234", currency="BRL",
                                                      InstallmentsNumber=2)),
              "PAYMENT_INSTALLMENTS_INVALID")
    place_err(shop, catalog_order(PaymentDetails=card(InstallmentsNumber=0)),
              "PAYMENT_INSTALLMENTS_INVALID")


def test_local_time_raises_the_fraud_score(shop):
    o = place_ok(shop, catalog_order(LocalTime=None))
    assert o["FraudScore"] == 30 and o["Status"] == "COMPLETE"
    o = place_ok(shop, catalog_order(LocalTime="yesterday at noon"))
    assert o["FraudScore"] == 30 and o["Status"] == "COMPLETE"
    # with abnormally short typing times on top, the order is reversed as fraud
    o = place_ok(shop, catalog_order(LocalTime=None,
                                     PaymentDetails=card(HolderNameTime=0.2, CardNumberTime=0.5)))
    assert o["FraudScore"] == 80
    assert o["ApproveStatus"] == "FRAUD" and o["Status"] == "REVERSED"
    assert history(o) == ["PENDING", "AUTHRECEIVED", "REVERSED"]
    assert o["Items"][0]["ProductDetails"]["Subscriptions"] == []


def test_3ds_urls_required_for_card_payments(shop):
    for k in ("Vendor3DSReturnURL", "Vendor3DSCancelURL"):
        place_err(shop, catalog_order(PaymentDetails=card(**{k: None})),
                  "PAYMENT_3DS_URL_REQUIRED")
    place_err(shop, catalog_order(PaymentDetails=card(Vendor3DSReturnURL="javascript:x")),
              "PAYMENT_3DS_URL_REQUIRED")


def test_wsorder_kept_and_shown(shop):
    o = place_ok(shop, catalog_order(WSOrder="https://www.example.org"))
    assert o["WSOrder"] == "https://www.example.org"
    assert shop.rest("GET", f"/orders/{o['RefNo']}/").json()["WSOrder"] == o["WSOrder"]


def test_a_failed_order_stores_nothing(shop):
    before = order_count(shop)
    for bad in (catalog_order(items=[]), catalog_order(Currency="EUR"),
                catalog_order(BillingDetails=billing(State=None)),
                catalog_order(PaymentDetails=card(number="4111111111111112")),
                catalog_order(PaymentDetails=card(HolderName=None))):
        status, body = place(shop, bad)
        assert status == 400 and "RefNo" not in body, body
    assert order_count(shop) == before


# --- the test processor ------------------------------------------------------------------------

def test_card_checks(shop):
    place_err(shop, catalog_order(PaymentDetails=card(number="4111111111111112")),
              "PAYMENT_CARD_NUMBER_INVALID")
    place_err(shop, catalog_order(PaymentDetails=card(number="4111")),
              "PAYMENT_CARD_NUMBER_INVALID")
    place_err(shop, catalog_order(PaymentDetails=card(number=None)),
              "PAYMENT_CARD_NUMBER_INVALID")
    place_err(shop, catalog_order(PaymentDetails=card(CardType="MASTERCARD")),
              "PAYMENT_CARD_TYPE_INVALID")
    place_err(shop, catalog_order(PaymentDetails=card(CardType="DINERS")),
              "PAYMENT_CARD_TYPE_INVALID")
    place_err(shop, catalog_order(PaymentDetails=card(ExpirationMonth="13")),
              "PAYMENT_CARD_EXPIRATION_INVALID")
    place_err(shop, catalog_order(PaymentDetails=card(ExpirationYear=None)),
              "PAYMENT_CARD_EXPIRATION_INVALID")
    place_err(shop, catalog_order(PaymentDetails=card(CCID="12")),
              "PAYMENT_CARD_CVV_INVALID")
    place_err(shop, catalog_order(PaymentDetails=card(CCID="12a")),
              "PAYMENT_CARD_CVV_INVALID")
    place_err(shop, catalog_order(PaymentDetails=card(HolderName=None)),
              "PAYMENT_HOLDER_NAME_INVALID")
    # the card type may be left out, then it is read off the number; any case, any spelling
    o = place_ok(shop, catalog_order(PaymentDetails=card(CardType=None)))
    assert o["PaymentDetails"]["PaymentMethod"]["CardType"] == "visa"
    o = place_ok(shop, catalog_order(PaymentDetails=card(number="5555 5555 5555 4444",
                                                         CardType="MasterCard")))
    assert o["PaymentDetails"]["PaymentMethod"]["LastDigits"] == "4444"
    o = place_ok(shop, catalog_order(PaymentDetails=card(number="378282246310005",
                                                         CardType="amex", CCID="1234")))
    assert o["PaymentDetails"]["PaymentMethod"]["CardType"] == "amex"
    place_err(shop, catalog_order(PaymentDetails=card(number="378282246310005",
                                                      CardType="amex", CCID="123")),
              "PAYMENT_CARD_CVV_INVALID")


def test_expired_card_is_declined(shop):
    today = sandbox_now(shop.server).date()
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    status, o = place(shop, catalog_order(PaymentDetails=card(
        ExpirationYear=str(last_month.year), ExpirationMonth=f"{last_month.month:02d}")))
    assert status == 201 and o["Errors"] == {"PAYMENT_CARD_EXPIRED": "The card has expired"}
    this_month = today
    place_ok(shop, catalog_order(PaymentDetails=card(
        ExpirationYear=str(this_month.year)[2:], ExpirationMonth=str(this_month.month))))


@pytest.mark.parametrize("number,code", [(DECLINED, "PAYMENT_DECLINED"),
                                         (NO_FUNDS, "PAYMENT_INSUFFICIENT_FUNDS")])
def test_declined_payment_returns_the_order_with_errors(shop, number, code):
    status, o = place(shop, catalog_order(PaymentDetails=card(number)))
    assert status == 201
    assert re.fullmatch(r"\d{9}", o["RefNo"])
    assert list(o["Errors"]) == [code] and o["Errors"][code]
    # as on the platform: the order waits, PENDING, for a payment retried with its RefNo
    assert o["Status"] == "PENDING" and history(o) == ["PENDING"]
    assert o["ApproveStatus"] == "WAITING" and o["FinishDate"] is None
    assert o["Items"][0]["ProductDetails"]["Subscriptions"] == []
    stored = shop.rest("GET", f"/orders/{o['RefNo']}/").json()
    assert stored["Errors"] == o["Errors"] and stored["Status"] == "PENDING"


def test_test_card_on_a_live_payment_is_refused(shop):
    status, o = place(shop, catalog_order(PaymentDetails=card(type_="CC")))
    assert status == 201 and "PAYMENT_TEST_CARD_NOT_ALLOWED" in o["Errors"]
    assert o["TestOrder"] is False


def test_live_card_is_approved_and_never_charged(shop):
    o = place_ok(shop, catalog_order(PaymentDetails=card(LIVE_VISA, type_="CC")))
    assert o["Status"] == "COMPLETE" and o["TestOrder"] is False
    assert o["PaymentDetails"]["Type"] == "CC"


def test_test_order_needs_a_test_card(shop):
    status, o = place(shop, catalog_order(PaymentDetails=card(LIVE_VISA)))
    assert status == 201 and "PAYMENT_NOT_A_TEST_CARD" in o["Errors"]


def test_payment_type_must_be_known(shop):
    place_err(shop, catalog_order(PaymentDetails=card(type_="BITCOIN")), "PAYMENT_TYPE_INVALID")
    p = card()
    del p["PaymentMethod"]
    place_err(shop, catalog_order(PaymentDetails=p), "PAYMENT_METHOD_REQUIRED")


def test_free_orders(shop):
    free = dynamic_order(items=[dynamic_item(Price={"Amount": 0})], PaymentDetails=None)
    free.pop("PaymentDetails", None)
    o = place_ok(shop, free)
    assert o["Status"] == "COMPLETE" and o["GrossPrice"] == 0
    assert o["PaymentDetails"]["Type"] == "FREE"
    assert o["PaymentDetails"]["PaymentMethod"] is None
    o = place_ok(shop, dict(free, PaymentDetails={"Type": "FREE", "Currency": "USD",
                                                 "PaymentMethod": None}))
    assert o["Status"] == "COMPLETE"
    paid = dynamic_order()
    paid.pop("PaymentDetails")
    place_err(shop, paid, "PAYMENT_DETAILS_REQUIRED")
    place_err(shop, dict(paid, PaymentDetails={"Type": "FREE", "Currency": "USD"}),
              "PAYMENT_TYPE_INVALID")


def test_token_payments(shop):
    def token(t, type_):
        return {"Type": type_, "Currency": "USD", "PaymentMethod": {
            "EesToken": t, "Vendor3DSReturnURL": RETURN_URL, "Vendor3DSCancelURL": CANCEL_URL,
            "RecurringEnabled": True}}
    o = place_ok(shop, catalog_order(PaymentDetails=token("TEST-TOKEN-APPROVED", "TEST")))
    assert o["TestOrder"] is True and o["PaymentDetails"]["PaymentMethod"]["LastDigits"] == "1111"
    assert "EesToken" not in o["PaymentDetails"]["PaymentMethod"]
    status, o = place(shop, catalog_order(PaymentDetails=token("TEST-TOKEN-DECLINED", "TEST")))
    assert status == 201 and "PAYMENT_DECLINED" in o["Errors"]
    status, o = place(shop, catalog_order(PaymentDetails=token("TEST-TOKEN-APPROVED",
                                                               "EES_TOKEN_PAYMENT")))
    assert "PAYMENT_TEST_CARD_NOT_ALLOWED" in o["Errors"]
    o = place_ok(shop, catalog_order(PaymentDetails=token("a1b2c3d4e5f6-live-token",
                                                          "EES_TOKEN_PAYMENT")))
    assert o["Status"] == "COMPLETE" and o["TestOrder"] is False
    place_err(shop, catalog_order(PaymentDetails=token("", "EES_TOKEN_PAYMENT")),
              "PAYMENT_TOKEN_INVALID")


# --- 3-D Secure and PayPal pages (browser-free, with requests) -------------------------------

@pytest.mark.parametrize("number", [THREEDS, "5200000000001096"])
def test_3ds_pass_completes_the_order(shop, number):
    ctype = "VISA" if number.startswith("4") else "MASTERCARD"
    o = place_ok(shop, catalog_order(items=[{"Code": "CLOUD-BASIC", "Quantity": 1,
                                             "PriceOptions": ["USERS=1"]}],
                                     PaymentDetails=card(number, CardType=ctype)))
    assert o["Status"] == "PENDING" and o["ApproveStatus"] == "WAITING"
    assert o["Items"][0]["ProductDetails"]["Subscriptions"] == []
    action, token = follow_3ds(o)
    assert action.endswith("/3ds/authorize")
    r = requests.post(action, data={"avng8apitoken": token, "result": "pass"},
                      allow_redirects=False, timeout=30)
    assert r.status_code == 302 and r.headers["Location"] == RETURN_URL
    got = shop.rest("GET", f"/orders/{o['RefNo']}/").json()
    assert got["Status"] == "COMPLETE" and got["ApproveStatus"] == "OK"
    assert history(got) == ["PENDING", "AUTHRECEIVED", "COMPLETE"]
    assert "Authorize3DS" not in got["PaymentDetails"]["PaymentMethod"]
    assert len(got["Items"][0]["ProductDetails"]["Subscriptions"]) == 1
    # the token is used up
    r = requests.post(action, data={"avng8apitoken": token, "result": "pass"},
                      allow_redirects=False, timeout=30)
    assert r.status_code == 404 and "PAYMENT_AUTHORIZATION_NOT_FOUND" in r.text


def test_3ds_fail_cancels_the_order(shop):
    o = place_ok(shop, catalog_order(PaymentDetails=card(THREEDS)))
    action, token = follow_3ds(o)
    r = requests.post(action, data={"avng8apitoken": token, "result": "fail"},
                      allow_redirects=False, timeout=30)
    assert r.status_code == 302 and r.headers["Location"] == CANCEL_URL
    got = shop.rest("GET", f"/orders/{o['RefNo']}/").json()
    assert got["Status"] == "CANCELED" and "PAYMENT_3DS_FAILED" in got["Errors"]
    assert history(got) == ["PENDING", "CANCELED"]


def test_3ds_page_errors(server):
    base = server.base
    r = requests.get(base + "/3ds/authorize?avng8apitoken=nope", timeout=30)
    assert r.status_code == 404
    r = requests.get(base + "/3ds/elsewhere", timeout=30)
    assert r.status_code == 404
    r = requests.post(base + "/3ds/authorize", data={"avng8apitoken": "x", "result": "maybe"},
                      timeout=30)
    assert r.status_code == 400
    r = requests.put(base + "/3ds/authorize", timeout=30)
    assert r.status_code == 405


def test_paypal_approval_page(shop):
    pp = {"Type": "PAYPAL", "Currency": "USD", "PaymentMethod": {
        "ReturnURL": "https://shop.example.com/paypal/back", "Email": "buyer@example.com",
        "RecurringEnabled": False}}
    o = place_ok(shop, catalog_order(PaymentDetails=pp))
    assert o["Status"] == "PENDING" and o["TestOrder"] is False
    url = o["PaymentDetails"]["PaymentMethod"]["RedirectURL"]
    page = requests.get(url, timeout=30)
    assert page.status_code == 200 and o["RefNo"] in page.text
    token = re.search(r'name="token" value="([^"]+)"', page.text).group(1)
    action = urllib.parse.urljoin(url, re.search(r'action="([^"]+)"', page.text).group(1))
    r = requests.post(action, data={"token": token, "result": "approve"},
                      allow_redirects=False, timeout=30)
    assert r.status_code == 302
    assert r.headers["Location"] == "https://shop.example.com/paypal/back"
    got = shop.rest("GET", f"/orders/{o['RefNo']}/").json()
    assert got["Status"] == "COMPLETE" and history(got)[-2:] == ["AUTHRECEIVED", "COMPLETE"]
    # canceled: back to the ReturnURL (no CancelURL given), the order canceled
    o = place_ok(shop, catalog_order(PaymentDetails=pp))
    url = o["PaymentDetails"]["PaymentMethod"]["RedirectURL"]
    token = urllib.parse.parse_qs(urllib.parse.urlparse(url).query)["token"][0]
    r = requests.post(url.split("?")[0], data={"token": token, "result": "cancel"},
                      allow_redirects=False, timeout=30)
    assert r.status_code == 302
    got = shop.rest("GET", f"/orders/{o['RefNo']}/").json()
    assert got["Status"] == "CANCELED" and "PAYMENT_PAYPAL_CANCELED" in got["Errors"]
    bad = clone(pp)
    del bad["PaymentMethod"]["ReturnURL"]
    place_err(shop, catalog_order(PaymentDetails=bad), "PAYMENT_RETURN_URL_REQUIRED")


# --- search --------------------------------------------------------------------------------

def test_search_orders(server):
    v = seeded_vendor(server)
    a = place_ok(v, catalog_order(ExternalReference="EXT-A"))
    b = place_ok(v, catalog_order(ExternalReference="EXT-B",
                                  PaymentDetails=card(LIVE_VISA, type_="CC")))
    _, c = place(v, catalog_order(ExternalReference="EXT-C", PaymentDetails=card(DECLINED)))
    d = place_ok(v, catalog_order(PaymentDetails=card(THREEDS)))

    def refs(**params):
        r = v.rest("GET", "/orders/", params=params)
        assert r.status_code == 200, r.text
        return [o["RefNo"] for o in r.json()["Items"]], r.json()["Pagination"]

    got, page = refs()
    assert got == [d["RefNo"], c["RefNo"], b["RefNo"], a["RefNo"]]  # newest first
    assert page == {"Page": 1, "Limit": 10, "Count": 4}
    assert refs(Status="COMPLETE")[0] == [b["RefNo"], a["RefNo"]]
    assert refs(Status="CANCELED")[0] == []
    assert refs(Status="PENDING")[0] == [d["RefNo"], c["RefNo"]]
    assert refs(ApproveStatus="OK")[0] == [b["RefNo"], a["RefNo"]]
    assert refs(ExternalRefNo="EXT-B")[0] == [b["RefNo"]]
    assert refs(IncludeTestOrders="ONLY")[0] == [d["RefNo"], c["RefNo"], a["RefNo"]]
    assert refs(IncludeTestOrders="NO")[0] == [b["RefNo"]]
    assert refs(IncludeTestOrders="YES")[0] == got
    today = a["OrderDate"][:10]
    assert len(refs(StartDate=today, EndDate=today)[0]) == 4
    assert refs(StartDate="2000-01-01", EndDate="2000-12-31")[0] == []
    got, page = refs(Page=2, Limit=3)
    assert got == [a["RefNo"]] and page == {"Page": 2, "Limit": 3, "Count": 4}
    r = v.rest("GET", "/orders/", params={"StartDate": "2030-01-02", "EndDate": "2030-01-01"})
    assert r.json()["error_code"] == "ORDER_SEARCH_DATE_RANGE"
    r = v.rest("GET", "/orders/", params={"Limit": 500})
    assert r.json()["error_code"] == "INVALID_PAGINATION"
    r = v.rest("GET", "/orders/", params={"Status": "LOST"})
    assert r.status_code == 400
    r = v.rest("GET", "/orders/", params={"IncludeTestOrders": "MAYBE"})
    assert r.status_code == 400


# --- refunds -------------------------------------------------------------------------------

def test_partial_then_full_refund(shop):
    o = place_ok(shop, catalog_order())  # 30.00 USD
    r = shop.rest("POST", f"/orders/{o['RefNo']}/refund/",
                  {"amount": 10, "comment": "sorry", "reason": "Duplicate purchase"})
    assert r.status_code == 200 and r.json() is True
    got = shop.rest("GET", f"/orders/{o['RefNo']}/").json()
    assert got["Status"] == "COMPLETE"
    assert got["Refunds"][0]["Amount"] == 10 and got["Refunds"][0]["Reason"] == \
        "Duplicate purchase"
    r = shop.rest("POST", f"/orders/{o['RefNo']}/refund/", {"amount": 20.01})
    assert r.status_code == 400 and r.json()["error_code"] == "ORDER_REFUND_AMOUNT_INVALID"
    r = shop.rest("POST", f"/orders/{o['RefNo']}/refund/", {"amount": 0})
    assert r.json()["error_code"] == "ORDER_REFUND_AMOUNT_INVALID"
    r = shop.rest("POST", f"/orders/{o['RefNo']}/refund/", {"amount": "1.001"})
    assert r.json()["error_code"] == "ORDER_REFUND_AMOUNT_INVALID"
    r = shop.rest("POST", f"/orders/{o['RefNo']}/refund/", {"amount": 20, "reason": "rest"})
    assert r.json() is True
    got = shop.rest("GET", f"/orders/{o['RefNo']}/").json()
    assert got["Status"] == "REFUND" and history(got)[-1] == "REFUND"
    assert sum(x["Amount"] for x in got["Refunds"]) == 30
    r = shop.rest("POST", f"/orders/{o['RefNo']}/refund/", {"amount": 1})
    assert r.json()["error_code"] == "ORDER_REFUND_NOT_ALLOWED"


def test_refund_whole_order_without_amount(shop):
    o = place_ok(shop, catalog_order())
    assert shop.rest("POST", f"/orders/{o['RefNo']}/refund/", {}).json() is True
    assert shop.rest("GET", f"/orders/{o['RefNo']}/").json()["Status"] == "REFUND"


def test_refund_only_complete_orders(shop):
    _, declined = place(shop, catalog_order(PaymentDetails=card(DECLINED)))
    r = shop.rest("POST", f"/orders/{declined['RefNo']}/refund/", {"amount": 1})
    assert r.status_code == 400 and r.json()["error_code"] == "ORDER_REFUND_NOT_ALLOWED"
    r = shop.rest("POST", "/orders/999999999/refund/", {"amount": 1})
    assert r.status_code == 404


def test_refund_on_the_php_sdk_path(shop):
    """The official PHP SDK posts to /rest/6.0orders/{RefNo}/refund/ (no slash)."""
    from conftest import auth_header
    o = place_ok(shop, catalog_order())
    r = shop.http.post(shop.server.base + f"/rest/6.0orders/{o['RefNo']}/refund/",
                       json={"amount": 5, "comment": "c", "reason": "r"},
                       headers={"X-Avangate-Authentication":
                                auth_header(shop.code, shop.secret, "sha3-256")}, timeout=30)
    assert r.status_code == 200 and r.json() is True
    assert shop.rest("GET", f"/orders/{o['RefNo']}/").json()["Refunds"][0]["Amount"] == 5


# --- customers -----------------------------------------------------------------------------

def test_customer_created_and_found_again(shop):
    a = place_ok(shop, catalog_order(CustomerReference=42))
    b = place_ok(shop, catalog_order(CustomerReference="42",
                                     BillingDetails=billing(FirstName="Johnny")))
    c = place_ok(shop, catalog_order())
    assert isinstance(a["AvangateCustomerReference"], int)
    assert a["AvangateCustomerReference"] == b["AvangateCustomerReference"]
    assert c["AvangateCustomerReference"] != a["AvangateCustomerReference"]
    assert a["CustomerReference"] == 42 and b["CustomerReference"] == 42
    r = shop.rest("GET", f"/customers/{a['AvangateCustomerReference']}/")
    assert r.status_code == 200, r.text
    cust = r.json()
    assert cust["AvangateCustomerReference"] == a["AvangateCustomerReference"]
    assert cust["ExternalCustomerReference"] == "42"
    assert cust["FirstName"] == "John"  # from the first purchase
    assert cust["Email"] == "john.doe@example.com" and cust["CountryCode"] == "US"
    r = shop.rest("GET", f"/customers/{a['AvangateCustomerReference']}/",
                  params={"ExternalCustomerReference": "OTHER"})
    assert r.status_code == 404 and r.json()["error_code"] == "CUSTOMER_NOT_FOUND"
    assert shop.rest("GET", "/customers/123/").status_code == 404


# --- subscriptions -------------------------------------------------------------------------

SUBSCRIPTION_KEYS = {"SubscriptionReference", "StartDate", "ExpirationDate", "RecurringEnabled",
                     "SubscriptionEnabled", "Product", "EndUser", "SKU", "DeliveryInfo",
                     "ReceiveNotifications", "Lifetime", "PartnerCode",
                     "AvangateCustomerReference", "ExternalCustomerReference",
                     "TestSubscription", "IsTrial", "MerchantCode"}


def test_subscription_object_is_the_seeds(shop):
    o = place_ok(shop, catalog_order(
        items=[{"Code": "CLOUD-PRO", "Quantity": 3, "PriceOptions": ["USERS=8", "PRIORITY"]}],
        CustomerReference=7001,
        BillingDetails=billing(Phone="+1 555 0100", Company=None),
        PaymentDetails=card(RecurringEnabled=False)))
    ref = o["Items"][0]["ProductDetails"]["Subscriptions"][0]["SubscriptionReference"]
    assert re.fullmatch(r"[0-9A-F]{10}", ref)
    s = shop.rest("GET", f"/subscriptions/{ref}/").json()
    assert set(s) == SUBSCRIPTION_KEYS
    assert set(s["Product"]) == {"ProductCode", "ProductId", "ProductName", "ProductQuantity",
                                 "ProductVersion", "PriceOptionCodes"}
    assert set(s["EndUser"]) == {"Person", "Fax", "Language"}
    assert set(s["EndUser"]["Person"]) == {"FirstName", "LastName", "CountryCode", "State",
                                           "City", "Address1", "Address2", "Zip", "Email",
                                           "Phone", "Company"}
    assert set(s["DeliveryInfo"]) == {"Description", "Codes"}
    assert s["SubscriptionReference"] == ref
    assert s["Product"]["ProductCode"] == "CLOUD-PRO" and s["Product"]["ProductQuantity"] == 3
    assert s["Product"]["PriceOptionCodes"] == ["USERS=8", "PRIORITY"]
    assert isinstance(s["Product"]["ProductId"], int) and s["Product"]["ProductVersion"] == "2025"
    assert s["SKU"] == "CLD-PRO-M"
    assert s["EndUser"]["Person"]["Email"] == "john.doe@example.com"
    assert s["EndUser"]["Person"]["Phone"] == "+1 555 0100"
    assert s["EndUser"]["Language"] == "en"
    assert s["RecurringEnabled"] is False  # PaymentDetails.PaymentMethod.RecurringEnabled
    assert s["SubscriptionEnabled"] is True and s["Lifetime"] is False
    assert s["TestSubscription"] is True and s["IsTrial"] is False
    assert s["AvangateCustomerReference"] == o["AvangateCustomerReference"]
    assert s["ExternalCustomerReference"] == "7001"
    assert s["MerchantCode"] == shop.code
    start = datetime.date.fromisoformat(s["StartDate"])
    end = datetime.date.fromisoformat(s["ExpirationDate"])
    assert 28 <= (end - start).days <= 31  # monthly
    assert shop.rest("GET", "/subscriptions/0000000000/").status_code == 404


def test_lifetime_licence_subscription(shop):
    o = place_ok(shop, catalog_order(items=[{"Code": "DESKTOP-LICENSE", "Quantity": 1}]))
    ref = o["Items"][0]["ProductDetails"]["Subscriptions"][0]["SubscriptionReference"]
    s = shop.rest("GET", f"/subscriptions/{ref}/").json()
    assert s["Lifetime"] is True and s["ExpirationDate"] == "9999-12-31"
    assert s["RecurringEnabled"] is False


def test_no_subscription_for_one_time_products_or_unpaid_orders(shop):
    o = place_ok(shop, catalog_order())  # USB-KEY
    assert o["Items"][0]["ProductDetails"]["Subscriptions"] == []
    rec = {"CycleLength": 1, "CycleUnit": "MONTH"}
    _, o = place(shop, dynamic_order(items=[dynamic_item(RecurringOptions=rec)],
                                     PaymentDetails=card(DECLINED)))
    assert o["Items"][0]["ProductDetails"]["Subscriptions"] == []


def test_live_order_subscription_is_not_a_test_one(shop):
    rec = {"CycleLength": 2, "CycleUnit": "WEEK"}
    o = place_ok(shop, dynamic_order(items=[dynamic_item(RecurringOptions=rec)],
                                     PaymentDetails=card(LIVE_VISA, type_="CC")))
    sub = o["Items"][0]["ProductDetails"]["Subscriptions"][0]
    s = shop.rest("GET", f"/subscriptions/{sub['SubscriptionReference']}/").json()
    assert s["TestSubscription"] is False and s["RecurringEnabled"] is True
    days = (datetime.date.fromisoformat(s["ExpirationDate"]) -
            datetime.date.fromisoformat(s["StartDate"])).days
    assert days == 14


# --- card data never kept ------------------------------------------------------------------

def test_card_number_and_cvv_are_never_stored_or_logged(server):
    v = seeded_vendor(server)
    numbers = ["5555555555554444", "6011111111111117", "378282246310005"]
    place_ok(v, catalog_order(PaymentDetails=card(numbers[0], CardType="mastercard",
                                                  CCID="731")))
    place_ok(v, catalog_order(PaymentDetails=card(numbers[1], CardType="discover",
                                                  CCID="731")))
    place_ok(v, catalog_order(PaymentDetails=card(numbers[2], CardType="amex", CCID="7319")))
    _, o = place(v, catalog_order(PaymentDetails=card(numbers[0], type_="CC", CCID="731",
                                                      CardType="mastercard")))
    assert o["Errors"]
    # through JSON-RPC as well
    sid = v.login()
    v.rpc("placeOrder", catalog_order(PaymentDetails=card(numbers[1], CardType="discover",
                                                          CCID="731")), session=sid)
    blobs = b""
    for suffix in ("", "-wal", "-shm"):
        path = server.db + suffix
        if os.path.exists(path):
            with open(path, "rb") as f:
                blobs += f.read()
    blobs += server.read_log().encode()
    for n in numbers:
        assert n.encode() not in blobs, n
        # not as its groups of four either
        assert " ".join(n[i:i + 4] for i in range(0, 16, 4)).encode() not in blobs
    # the CVV is never a field of what is kept (its 3-4 digits alone would match random data)
    for key in (b'"CardNumber"', b'"CCID"', b'"EesToken"'):
        assert key not in blobs, key


def test_a_coupons_usage_limit_counts_placed_orders(shop):
    """MaximumOrdersNumber: every placed order that used the coupon counts, in the order's own
    commit; a declined payment does not use it; past the limit the coupon is refused, by
    getContents as by placeOrder."""
    r = shop.rest("POST", "/promotions/", {
        "Name": "Just twice", "Type": "REGULAR", "Enabled": True,
        "Coupon": {"Type": "SINGLE", "Code": "TWICE"},
        "Discount": {"Type": "PERCENT", "Value": 10}, "MaximumOrdersNumber": 2})
    assert r.status_code == 201, r.text
    code = r.json()["Code"]
    order = catalog_order(Promotions=["TWICE"])
    first = place_ok(shop, order)
    assert first["Discount"] > 0
    declined = place(shop, catalog_order(Promotions=["TWICE"], payment=card(DECLINED)))
    assert declined[1]["Errors"], declined
    place_ok(shop, order)
    place_err(shop, order, "PROMOTION_LIMIT_REACHED")
    r = shop.rest("PUT", "/orders/0/", order)
    assert r.status_code == 400 and r.json()["error_code"] == "PROMOTION_LIMIT_REACHED", r.text
    r = shop.rest("GET", f"/promotions/{code}/")
    assert r.json()["UsedOrdersNumber"] == 2, r.text
