"""The Channel Manager end to end (docs/partners.md): login, setPartner, the partner cart priced
with its pricing list, setExternalRef, placeOrder, createProforma, getProforma and its PDF,
payment with a test card, the released orders and their subscriptions with the PartnerCode;
over JSON-RPC and SOAP, on /rpc|soap/6.0/ and on the Channel Manager 2.1 endpoints; the error
codes; isolation between partners and between vendors."""
import re
import subprocess

import pytest
import requests

from conftest import (ADMIN_TOKEN, SoapFault, login_params, soap_call)
from orders_util import card, seeded_vendor, DECLINED, TEST_VISA

# the same operation under its name on each endpoint (operations.def)
NAMES = {
    "6.0": {"addProduct": "addPartnerProduct", "placeOrder": "placePartnerOrder",
            "getOrder": "getPartnerOrder", "searchOrders": "searchPartnerOrders"},
    "2.1": {},
}
PATHS = {("rpc", "6.0"): "/rpc/6.0/", ("rpc", "2.1"): "/channel-manager/2.1/rpc/",
         ("soap", "6.0"): "/soap/6.0/", ("soap", "2.1"): "/channel-manager/2.1/soap/"}


class ApiError(Exception):
    def __init__(self, code, message):
        super().__init__(f"{code}: {message}")
        self.code, self.message = code, message


class Partner:
    """A Channel Manager client of one vendor over one protocol and endpoint."""

    def __init__(self, vendor, proto, version):
        self.v, self.proto, self.version = vendor, proto, version
        self.path = PATHS[(proto, version)]
        self.sid = None

    def login(self):
        p = login_params(self.v.code, self.v.secret)
        if self.proto == "rpc":
            r = self.v.rpc_raw({"jsonrpc": "2.0", "id": 1, "method": "login", "params": p},
                               path=self.path)
            self.sid = r.json()["result"]
        else:
            self.sid = soap_call(self.v, "login",
                                 list(zip(["merchantCode", "date", "hash", "algo"], p)),
                                 path=self.path)
        return self

    def call(self, method, *params, names=None):
        method = NAMES[self.version].get(method, method)
        if self.proto == "rpc":
            r = self.v.rpc_raw({"jsonrpc": "2.0", "id": 3, "method": method,
                                "params": [self.sid, *params]}, path=self.path)
            assert r.status_code == 200, r.text
            body = r.json()
            if "error" in body:
                raise ApiError(body["error"]["data"]["error_code"], body["error"]["message"])
            return body["result"]
        parts = [("sessionID", self.sid)] + list(zip(names or [], params))
        try:
            return soap_call(self.v, method, parts, path=self.path)
        except SoapFault as f:
            raise ApiError(f.faultcode, f.faultstring)

    # the operations, with SOAP part names
    def set_partner(self, code):
        return self.call("setPartner", code, names=["partnerCode"])

    def add(self, product_id, quantity, options, plist):
        return self.call("addProduct", product_id, quantity, options, plist,
                         names=["productId", "quantity", "priceOptions", "pricingListCode"])

    def external_ref(self, ref):
        return self.call("setExternalRef", ref, names=["externalRef"])

    def place(self):
        return self.call("placeOrder")

    def order(self, ref):
        return self.call("getOrder", ref, names=["refNo"])

    def create_proforma(self, refs):
        return self.call("createProforma", refs, names=["Sales"])

    def proforma(self, number):
        return self.call("getProforma", number, names=["proformaNumber"])

    def pay(self, number, payment):
        assert self.call("setProforma", number, names=["proformaNumber"]) is True
        assert self.call("setPaymentDetails", payment, names=["PaymentDetails"]) is True
        return self.call("payProforma")


def expect(code, fn, *args):
    with pytest.raises(ApiError) as e:
        fn(*args)
    assert e.value.code == code, e.value
    return e.value


def product_ids(p, plist="DEMO-LIST"):
    info = p.call("getPricingListInformation", plist, names=["pricingListCode"])
    assert info["Code"] == plist
    return {x["ProductCode"]: x["ProductId"] for x in info["Products"]}


@pytest.fixture
def shop(server):
    return seeded_vendor(server)


@pytest.mark.parametrize("proto,version", [("rpc", "6.0"), ("rpc", "2.1"), ("soap", "6.0"),
                                           ("soap", "2.1")])
def test_the_whole_flow(shop, proto, version):
    p = Partner(shop, proto, version).login()
    assert p.set_partner("DEMO-PARTNER") is True
    lists = p.call("getPartnerPricingLists")
    assert [x["Code"] for x in lists] == ["DEMO-LIST"]
    ids = product_ids(p)
    assert set(ids) == {"CLOUD-BASIC", "CLOUD-PRO", "DESKTOP-LICENSE", "USB-KEY"}

    # the cart, priced by the one pricing engine with the list's 20% off
    assert p.add(ids["CLOUD-BASIC"], 2, ["USERS=3"], "DEMO-LIST") is True
    assert p.add(ids["USB-KEY"], None, None, "DEMO-LIST") is True  # quantity null means 1
    cart = p.call("getCart")
    assert cart["Currency"] == "USD"
    assert [(i["ProductCode"], i["Quantity"]) for i in cart["Items"]] == [
        ("CLOUD-BASIC", 2), ("USB-KEY", 1)]
    assert cart["Items"][0]["PriceOptions"] == ["USERS=3"]
    assert all(i["Discount"] > 0 for i in cart["Items"])
    # the same products priced for a shopper cost more: the list's discount is the difference
    contents = shop.rpc("getContents", {
        "Currency": "USD", "Items": [{"Code": "CLOUD-BASIC", "Quantity": 2,
                                      "PriceOptions": ["USERS=3"]},
                                     {"Code": "USB-KEY", "Quantity": 1}],
        "BillingDetails": {"CountryCode": "US", "Email": "x@example.com"}})["result"]
    assert round(contents["GrossDiscountedPrice"] * 0.8, 2) == pytest.approx(
        cart["TotalAmount"], abs=0.02)

    assert p.external_ref("PO-2024-0001") is True
    order = p.place()
    ref = order["RefNo"]
    assert order["Status"] == "AWAITING_PAYMENT"
    assert order["OrderLockReason"] == ["UNPAID_PROFORMA"]
    assert order["ExternalRefNo"] == "PO-2024-0001"
    assert order["PartnerCode"] == "DEMO-PARTNER"
    assert order["Currency"] == "USD"
    assert order["TotalAmount"] == pytest.approx(cart["TotalAmount"])
    assert order["ProformaNumber"] is None
    # the cart and the external reference were the order's
    assert p.call("getCart")["Items"] == []
    assert p.call("getCart")["ExternalReference"] is None
    found = p.call("searchOrders", "PO-2024-0001", names=["ExternalRefNo"])
    assert [o["RefNo"] for o in found] == [ref]

    pf = p.create_proforma([ref])
    number = pf["Number"]
    assert re.fullmatch(r"\d{10}", number)
    assert pf["Status"] == "Unpaid" and pf["PaymentMethod"] is None
    assert pf["Orders"] == [ref] and pf["Currency"] == "USD"
    assert float(pf["Total"]) == pytest.approx(order["TotalAmount"])
    assert re.fullmatch(r"\d+\.\d{2}", pf["Total"])
    assert pf["BusinessModel"] == "RESELLER"
    assert pf["CreateDate"] <= pf["DueDate"]
    assert p.order(ref)["ProformaNumber"] == number
    got = p.proforma(number)
    assert got["Number"] == number and got["Status"] == "Unpaid"

    # the PDF behind the link
    pdf = requests.get(got["ProformaPDF"], timeout=30)
    assert pdf.status_code == 200
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-1.4")
    assert number.encode() in pdf.content

    # payment with a test card releases the order
    assert p.pay(number, card(TEST_VISA)) is True
    paid = p.proforma(number)
    assert paid["Status"] == "Paid"
    assert "visa" in paid["PaymentMethod"].lower()
    done = p.order(ref)
    assert done["Status"] == "COMPLETE" and done["OrderLockReason"] == []
    assert done["TotalSubbscriptionsNumber"] == 1

    # the vendor sees the order with its PartnerCode, and its subscription carries it too
    vo = shop.rest("GET", f"/orders/{ref}/").json()
    assert vo["Status"] == "COMPLETE"
    assert vo["PartnerCode"] == "DEMO-PARTNER"
    assert vo["ExternalReference"] == "PO-2024-0001"
    subs = [s for item in vo["Items"] for s in (item["ProductDetails"]["Subscriptions"] or [])]
    assert len(subs) == 1
    sub = shop.rest("GET", f"/subscriptions/{subs[0]['SubscriptionReference']}/").json()
    assert sub["PartnerCode"] == "DEMO-PARTNER"
    assert sub["Product"]["ProductCode"] == "CLOUD-BASIC"

    expect("PAYMENT_PROFORMA", p.pay, number, card(TEST_VISA))


def test_set_external_ref_errors(shop):
    p = Partner(shop, "rpc", "2.1").login()
    e = expect("INVALID_PARTNER", p.external_ref, "REF")
    assert e.message == "No partner is set."
    p.set_partner("DEMO-PARTNER")
    for empty in ("", "   ", "\t"):
        e = expect("INVALID_SOURCE", p.external_ref, empty)
        assert e.message == "The provided external reference is empty."
    expect("ORDER_EXTERNAL_REFERENCE_INVALID", p.external_ref, "R" * 101)


def test_set_partner_errors(server, shop):
    p = Partner(shop, "rpc", "6.0").login()
    e = expect("INVALID_PARTNER", p.set_partner, "")
    assert e.message == "Partner code is mandatory."
    e = expect("INVALID_PARTNER", p.set_partner, "NOBODY")
    assert "not associated with an active partner account" in e.message
    r = server.cli("partner", "add", "--vendor", shop.code, "--code", "SLEEPY", "--company",
                   "Sleepy Ltd", "--inactive")
    assert r.returncode == 0, r.stderr
    expect("INVALID_PARTNER", p.set_partner, "SLEEPY")
    # without a partner, every partner method refuses
    for method in ("getCart", "clearCart", "placeOrder", "payProforma",
                   "getPartnerPricingLists"):
        assert expect("INVALID_PARTNER", p.call, method).message == "No partner is set."
    expect("INVALID_PARTNER", p.proforma, "1234567890")
    # but these need none
    assert p.call("getPartnerByCode", "DEMO-PARTNER")["PartnerCode"] == "DEMO-PARTNER"
    assert [x["PartnerCode"] for x in p.call("searchPartners", {"Text": "demo"})] == [
        "DEMO-PARTNER"]
    expect("NOT_FOUND_PARTNER", p.call, "getPartnerByCode", "NOBODY")


def test_cart_and_order_errors(shop):
    p = Partner(shop, "rpc", "2.1").login()
    p.set_partner("DEMO-PARTNER")
    ids = product_ids(p)
    expect("PARTNER_PRICING_LISTS_NOT_FOUND", p.add, ids["USB-KEY"], 1, None, "NO-LIST")
    expect("PARTNER_PRICING_LISTS_NOT_FOUND", p.call, "getPricingListInformation", "NO-LIST")
    expect("PRODUCT_ERROR", p.add, 999999, 1, None, "DEMO-LIST")
    expect("ORDER_ITEMS_QUANTITY_INVALID", p.add, ids["USB-KEY"], -2, None, "DEMO-LIST")
    expect("PRICE_OPTION_INVALID", p.add, ids["CLOUD-BASIC"], 1, ["NOPE"], "DEMO-LIST")
    expect("ORDER_PRODUCTS_EMPTY", p.place)
    expect("INVALID_REFERENCE", p.order, "123456789")
    expect("INVALID_REFERENCE", p.create_proforma, [])
    p.add(ids["USB-KEY"], 1, None, "DEMO-LIST")
    assert p.call("clearCart") is True
    assert p.call("getCart")["Items"] == []
    p.add(ids["USB-KEY"], 1, None, "DEMO-LIST")
    ref = p.place()["RefNo"]
    expect("INVALID_PROFORMA", p.create_proforma, [ref, ref])
    number = p.create_proforma([ref])["Number"]
    # an order goes into one invoice only
    expect("INVALID_PROFORMA", p.create_proforma, [ref])
    e = expect("INVALID_PROFORMA_NUMBER", p.proforma, "0000000000")
    assert e.message == "Invalid partner invoice number."
    # payment errors, in the documented order of the calls
    e = expect("PAYMENT_PROFORMA", p.call, "payProforma")
    assert e.message == "You must use setPaymentDetails first."
    expect("INVALID_PROFORMA", p.call, "setPaymentDetails", card(TEST_VISA))
    expect("INVALID_PROFORMA_NUMBER", p.call, "setProforma", "0000000000")
    assert p.call("setProforma", number) is True
    expect("PAYMENT_CARD_NUMBER_INVALID", p.call, "setPaymentDetails",
           card("4111111111111112"))
    assert p.call("setPaymentDetails", card(DECLINED)) is True
    e = expect("PAYMENT_ERROR", p.call, "payProforma")
    assert e.message.startswith("Authorization error.")
    assert p.order(ref)["Status"] == "AWAITING_PAYMENT"
    assert p.call("setPaymentDetails", card(TEST_VISA)) is True
    assert p.call("payProforma") is True
    assert p.order(ref)["Status"] == "COMPLETE"
    e = expect("PAYMENT_PROFORMA", p.call, "setProforma", number)
    assert e.message == "This is a paid partner invoice."
    # a released order cannot be invoiced again
    expect("INVALID_PROFORMA", p.create_proforma, [ref])


def test_currencies_of_one_invoice(server, shop):
    r = server.cli("partner", "add", "--vendor", shop.code, "--code", "EURO", "--company",
                   "Euro GmbH", "--currency", "EUR", "--country", "DE", "--discount", "10")
    assert r.returncode == 0, r.stderr
    p = Partner(shop, "rpc", "2.1").login()
    p.set_partner("EURO")
    ids = product_ids(p, "EURO-LIST")
    p.add(ids["DESKTOP-LICENSE"], 1, None, "EURO-LIST")
    o = p.place()
    assert o["Currency"] == "EUR"
    # German VAT on a German partner's order
    assert shop.rest("GET", f"/orders/{o['RefNo']}/").json()["VAT"] > 0


def test_isolation_between_partners_and_vendors(server, shop):
    other_shop = seeded_vendor(server)
    r = server.cli("partner", "add", "--vendor", shop.code, "--code", "RIVAL", "--company",
                   "Rival Inc")
    assert r.returncode == 0, r.stderr
    a = Partner(shop, "rpc", "2.1").login()
    a.set_partner("DEMO-PARTNER")
    ids = product_ids(a)
    a.add(ids["USB-KEY"], 1, None, "DEMO-LIST")
    ref = a.place()["RefNo"]
    number = a.create_proforma([ref])["Number"]

    # another partner of the same vendor sees neither the order nor the invoice
    b = Partner(shop, "soap", "2.1").login()
    b.set_partner("RIVAL")
    expect("INVALID_REFERENCE", b.order, ref)
    expect("INVALID_PROFORMA_NUMBER", b.proforma, number)
    expect("INVALID_REFERENCE", b.create_proforma, [ref])
    assert b.call("searchOrders", None, names=["ExternalRefNo"]) == []
    # nor uses the other's pricing list
    expect("PARTNER_PRICING_LISTS_NOT_FOUND", b.add, ids["USB-KEY"], 1, None, "DEMO-LIST")

    # the same partner code at another vendor is another partner
    c = Partner(other_shop, "rpc", "6.0").login()
    c.set_partner("DEMO-PARTNER")
    expect("INVALID_REFERENCE", c.order, ref)
    expect("INVALID_PROFORMA_NUMBER", c.proforma, number)
    assert other_shop.rest("GET", f"/orders/{ref}/").status_code == 404
    # a session's partner is the session's: a fresh session has none
    d = Partner(shop, "rpc", "2.1").login()
    expect("INVALID_PARTNER", d.call, "getCart")


def test_direct_model_wire_payment(server, shop):
    r = server.cli("partner", "add", "--vendor", shop.code, "--code", "WIRE", "--company",
                   "Wire SRL", "--model", "direct")
    assert r.returncode == 0, r.stderr
    p = Partner(shop, "rpc", "6.0").login()
    p.set_partner("WIRE")
    ids = product_ids(p, "WIRE-LIST")
    p.add(ids["USB-KEY"], 3, None, "WIRE-LIST")
    ref = p.place()["RefNo"]
    pf = p.create_proforma([ref])
    assert pf["BusinessModel"] == "SERVICE_PROVIDER"
    # confirmInvoicePayment is the vendor's call, for Direct-model partners only
    expect("INVALID_METHOD", p.call, "confirmInvoicePayment", "DEMO-PARTNER", pf["Number"])
    expect("NOT_FOUND_PARTNER", p.call, "confirmInvoicePayment", "NOBODY", pf["Number"])
    assert p.call("confirmInvoicePayment", "WIRE", pf["Number"]) is True
    assert p.proforma(pf["Number"])["PaymentMethod"] == "WIRE_TRANSFER"
    assert p.order(ref)["Status"] == "COMPLETE"
    expect("PAYMENT_PROFORMA", p.call, "confirmInvoicePayment", "WIRE", pf["Number"])


def test_pdf_link_is_signed_and_expires(server, shop):
    p = Partner(shop, "rpc", "2.1").login()
    p.set_partner("DEMO-PARTNER")
    ids = product_ids(p)
    p.add(ids["USB-KEY"], 1, None, "DEMO-LIST")
    number = p.create_proforma([p.place()["RefNo"]])["Number"]
    link = p.proforma(number)["ProformaPDF"]
    assert requests.get(link, timeout=30).status_code == 200
    assert requests.get(link[:-4] + "0000", timeout=30).status_code == 403
    assert requests.get(link.replace(number, "9" * 10), timeout=30).status_code == 403
    assert requests.get(server.base + f"/partner-invoices/{shop.code}/{number}.pdf",
                        timeout=30).status_code == 403
    assert requests.get(server.base + "/partner-invoices/NOSUCHVENDOR/1.pdf?expires=1&"
                        "signature=ab", timeout=30).status_code == 404
    # valid one hour of sandbox time
    r = requests.post(server.base + "/control/clock/advance/", json={"Minutes": 61},
                      headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}, timeout=60)
    assert r.status_code == 200, r.text
    assert requests.get(link, timeout=30).status_code == 403


def test_pdftotext_reads_the_invoice(shop, tmp_path):
    p = Partner(shop, "rpc", "2.1").login()
    p.set_partner("DEMO-PARTNER")
    ids = product_ids(p)
    p.add(ids["DESKTOP-LICENSE"], 2, None, "DEMO-LIST")
    ref = p.place()["RefNo"]
    pf = p.create_proforma([ref])
    f = tmp_path / "invoice.pdf"
    f.write_bytes(requests.get(pf["ProformaPDF"], timeout=30).content)
    text = subprocess.run(["pdftotext", str(f), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert f"Partner invoice {pf['Number']}" in text
    assert ref in text
    assert f"Total: {pf['Total']} USD" in text
    assert "Demo Reseller Ltd (DEMO-PARTNER)" in text


def test_each_endpoint_has_its_own_wsdl(server):
    v6 = requests.get(server.base + "/soap/6.0/?wsdl", timeout=30).text
    cm = requests.get(server.base + "/channel-manager/2.1/soap/?wsdl", timeout=30).text
    ops6 = set(re.findall(r'<portType.*?</portType>', v6, re.S)[0].split('operation name="')[1:])
    opscm = set(re.findall(r'<portType.*?</portType>', cm, re.S)[0].split('operation name="')[1:])
    ops6 = {o.split('"')[0] for o in ops6}
    opscm = {o.split('"')[0] for o in opscm}
    # the partner cart's addProduct on the Channel Manager, the catalog's on 6.0
    assert {"login", "setPartner", "addProduct", "placeOrder", "getOrder", "setExternalRef",
            "getProforma", "createProforma", "payProforma"} <= opscm
    assert "getContents" not in opscm and "addLead" not in opscm
    assert {"addProduct", "addPartnerProduct", "setPartner", "getProforma"} <= ops6
    assert 'location="http://127.0.0.1' in cm and "/channel-manager/2.1/soap/" in cm
    assert "<part name=\"pricingListCode\"" in cm
    # the 6.0 catalog addProduct takes a Product
    msg = re.search(r'<message name="addProductInput">(.*?)</message>', v6, re.S).group(1)
    assert 'name="Product"' in msg


def test_vendor_api_names_are_not_on_the_channel_manager(shop):
    p = Partner(shop, "rpc", "2.1").login()
    expect("UNKNOWN_METHOD", p.call, "getContents", {})
    expect("UNKNOWN_METHOD", p.call, "addLead", {})


def test_control_api_and_cli(server, shop):
    h = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    body = {"Vendor": shop.code, "PartnerCode": "CTRL", "CompanyName": "Control SA",
            "Email": "ctrl@example.com", "Currency": "EUR", "Country": "FR",
            "BusinessModel": "RESELLER", "CreditLimit": 500,
            "PricingLists": [{"Code": "CTRL-LIST", "Name": "Control",
                              "Products": [{"ProductCode": "USB-KEY", "Price": 9.5},
                                           {"ProductCode": "CLOUD-PRO", "Discount": 30}]}]}
    r = requests.post(server.base + "/control/partners/", json=body, headers=h, timeout=30)
    assert r.status_code == 201, r.text
    got = r.json()
    assert got["PartnerCode"] == "CTRL" and got["Currency"] == "EUR"
    assert got["CreditLimit"] == 500 and got["AvailableCreditLimit"] == 500
    usb = got["PricingLists"][0]["Products"][0]
    assert usb["Price"] == 9.5 and usb["Currency"] == "EUR"
    r = requests.post(server.base + "/control/partners/", json=body, headers=h, timeout=30)
    assert r.status_code == 409 and r.json()["error_code"] == "PARTNER_CODE_DUPLICATE"
    bad = dict(body, PartnerCode="BAD", PricingLists=[{"Code": "X", "Products": [
        {"ProductCode": "NOPE"}]}])
    r = requests.post(server.base + "/control/partners/", json=bad, headers=h, timeout=30)
    assert r.status_code == 400 and r.json()["error_code"] == "PARAMETER_INVALID"
    r = requests.get(server.base + "/control/partners/", params={"Vendor": shop.code},
                     headers=h, timeout=30)
    assert [x["PartnerCode"] for x in r.json()] == ["CTRL", "DEMO-PARTNER"]

    # the partner price is what the partner pays (VAT of France on top: a net price)
    p = Partner(shop, "rpc", "2.1").login()
    p.set_partner("CTRL")
    ids = product_ids(p, "CTRL-LIST")
    p.add(ids["USB-KEY"], 2, None, "CTRL-LIST")
    cart = p.call("getCart")
    assert cart["Currency"] == "EUR"
    assert cart["Items"][0]["Discount"] == 0
    o = p.place()
    # its credit is what is left once its unpaid orders are counted
    left = p.call("getPartnerByCode", "CTRL")["AvailableCreditLimit"]
    assert left == pytest.approx(500 - o["TotalAmount"])

    r = server.cli("partner", "list", "--vendor", shop.code)
    assert r.returncode == 0 and "CTRL\tControl SA\tEUR\tRESELLER\tactive" in r.stdout
    r = server.cli("partner", "show", "--vendor", shop.code, "--code", "DEMO-PARTNER")
    assert r.returncode == 0 and '"DEMO-LIST"' in r.stdout
    r = server.cli("partner", "show", "--vendor", shop.code, "--code", "NOBODY")
    assert r.returncode == 1 and "NOT_FOUND_PARTNER" in r.stderr
    r = server.cli("partner", "add", "--vendor", shop.code, "--code", "DEMO-PARTNER",
                   "--company", "Again")
    assert r.returncode == 1 and "PARTNER_CODE_DUPLICATE" in r.stderr
    r = server.cli("partner", "list")
    assert r.returncode == 2
    # seed-demo run again leaves the demo partner alone
    r = server.cli("vendor", "seed-demo", "--code", shop.code)
    assert r.returncode == 0 and "0 objects created" in r.stdout
