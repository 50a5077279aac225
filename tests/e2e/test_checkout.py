"""The hosted cart's public endpoints (/checkout/api/cart/...), named by the merchant's code
only, and the files the shopper's browser loads. The browser itself is in tests/browser."""
import json
import uuid

import requests

from conftest import ADMIN_TOKEN


def seeded(server):
    code = "CK" + uuid.uuid4().hex[:8].upper()
    r = requests.post(server.base + "/control/vendors/",
                      headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
                      json={"Code": code, "SubscriptionDelaySeconds": 0}, timeout=30)
    assert r.status_code == 201, r.text
    assert server.cli("vendor", "seed-demo", "--code", code).returncode == 0
    from conftest import Vendor
    return Vendor(server, code, r.json()["Secret"])


def cart(server, call, merchant, body, cart_id=None):
    params = {"merchant": merchant}
    if cart_id:
        params["cart"] = cart_id
    return requests.post(f"{server.base}/checkout/api/cart/{call}", params=params,
                         data=json.dumps(body), headers={"Content-Type": "application/json"},
                         timeout=30)


ADDRESS = {"FirstName": "Jane", "LastName": "Shopper", "Email": "jane@example.com",
           "CountryCode": "US", "State": "Colorado", "City": "Denver", "Address1": "1 Main St",
           "Zip": "80249"}


def order(card="4111111111111111", items=None, pay_type="TEST"):
    return {"Currency": "USD", "Language": "en", "Items": items or [{"Code": "USB-KEY",
                                                                     "Quantity": 2}],
            "BillingDetails": ADDRESS, "DeliveryDetails": ADDRESS,
            "PaymentDetails": {"Type": pay_type, "Currency": "USD", "PaymentMethod": {
                "CardNumber": card, "CardType": "VISA", "ExpirationYear": "2035",
                "ExpirationMonth": "12", "CCID": "123", "HolderName": "Jane Shopper",
                "Vendor3DSReturnURL": "http://127.0.0.1/ok",
                "Vendor3DSCancelURL": "http://127.0.0.1/no"}}}


def test_contents_priced_by_the_engine(server):
    v = seeded(server)
    r = cart(server, "contents", v.code, {"Currency": "USD", "Items": [
        {"Code": "USB-KEY", "Quantity": 2}], "BillingDetails": {"CountryCode": "US"}})
    assert r.status_code == 200, r.text
    api = v.rest("PUT", "/orders/0/", {"Currency": "USD", "Items": [
        {"Code": "USB-KEY", "Quantity": 2}], "BillingDetails": {"CountryCode": "US"}})
    assert r.json()["GrossDiscountedPrice"] == api.json()["GrossDiscountedPrice"] == 30


def test_unknown_merchant_and_methods(server):
    r = cart(server, "contents", "NOSUCHMERCHANT", {"Items": [{"Code": "X"}]})
    assert r.status_code == 404 and r.json()["error_code"] == "VENDOR_NOT_FOUND"
    r = requests.post(f"{server.base}/checkout/api/cart/contents", json={}, timeout=30)
    assert r.json()["error_code"] == "VENDOR_NOT_FOUND"
    r = requests.get(f"{server.base}/checkout/api/cart/order?merchant=X", timeout=30)
    assert r.status_code == 405 and r.json()["error_code"] == "METHOD_NOT_ALLOWED"


def test_order_and_lead(server):
    v = seeded(server)
    cid = uuid.uuid4().hex[:10].upper()
    # no email yet: nothing saved
    lead = {"CartId": cid, "Currency": "USD", "Items": [{"Code": "USB-KEY", "Quantity": 2}],
            "BillingDetails": {"FirstName": "Jane", "CountryCode": "US"}}
    r = cart(server, "lead", v.code, lead, cid)
    assert r.status_code == 200, r.text
    assert r.json() == {"Saved": False, "LeadCode": None}
    assert v.rest("GET", f"/leads/{cid}/").status_code == 404
    lead["BillingDetails"]["Email"] = "jane@example.com"
    r = cart(server, "lead", v.code, lead, cid)
    assert r.json() == {"Saved": True, "LeadCode": cid}
    lead["Items"][0]["Quantity"] = 3  # the shopper changes the cart: the same lead, updated
    assert cart(server, "lead", v.code, lead, cid).json()["Saved"] is True
    got = v.rest("GET", f"/leads/{cid}/").json()
    assert got["GeneratedFrom"] == "shopping cart"
    assert got["Items"][0]["Quantity"] == 3
    assert got["Used"] is False and got["FollowUps"]
    found = v.rest("GET", "/leads/", params={"GeneratedFrom": "shopping cart", "Page": 1,
                                             "Limit": 10}).json()
    assert [i["LeadCode"] for i in found["Items"]] == [cid]

    r = cart(server, "order", v.code, order(), cid)
    assert r.status_code == 201, r.text
    placed = r.json()
    assert placed["Status"] in ("AUTHRECEIVED", "COMPLETE")
    assert v.rest("GET", f"/orders/{placed['RefNo']}/").json()["DeliveryDetails"]["City"] == \
        "Denver"
    got = v.rest("GET", f"/leads/{cid}/").json()
    assert got["Used"] is True and got["UsedSuccess"] is True
    assert all(f["Status"] != "SCHEDULED" for f in got["FollowUps"])


def test_cart_refusals(server):
    v = seeded(server)
    dyn = [{"Code": None, "IsDynamic": True, "Name": "Anything", "Quantity": 1,
            "Price": {"Amount": 0.01, "Type": "CUSTOM"}, "Tangible": False,
            "PurchaseType": "PRODUCT"}]
    r = cart(server, "order", v.code, order(items=dyn))
    assert r.status_code == 400 and r.json()["error_code"] == "CHECKOUT_DYNAMIC_PRODUCTS", r.text
    o = order()
    del o["PaymentDetails"]["PaymentMethod"]
    o["PaymentDetails"]["Type"] = "FREE"
    r = cart(server, "order", v.code, o)
    assert r.status_code == 400 and r.json()["error_code"] == "PAYMENT_TYPE_INVALID", r.text
    lead = {"Currency": "USD", "Items": [{"Code": "USB-KEY"}],
            "BillingDetails": {"FirstName": "J", "Email": "j@example.com", "CountryCode": "US"}}
    r = cart(server, "lead", v.code, lead, "not-a-cart")
    assert r.status_code == 400 and r.json()["error_code"] == "PARAMETER_INVALID"
    # a lead the API made is never overwritten by a cart that takes its code
    r = v.rest("POST", "/leads/", {**lead, "LeadCode": "ABCDEF0123"})
    assert r.status_code == 201, r.text
    r = cart(server, "lead", v.code, lead, "ABCDEF0123")
    assert r.status_code == 409 and r.json()["error_code"] == "LEAD_CODE_DUPLICATE"
    assert v.rest("GET", "/leads/ABCDEF0123/").json()["GeneratedFrom"] == "API"


def test_static_files(server):
    r = requests.get(f"{server.base}/checkout/client/twoCoInlineCart.js", timeout=30)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/javascript")
    assert r.headers["Cache-Control"] == "public, max-age=300"
    assert "window.TwoCoInlineCart" in r.text
    r = requests.get(f"{server.base}/checkout/static/kassa.css", timeout=30)
    assert r.headers["Content-Type"].startswith("text/css")
    for page in ("cart", "finish", "demo"):
        r = requests.get(f"{server.base}/checkout/{page}", timeout=30)
        assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
        assert r.headers["Cache-Control"] == "no-store"
        assert "/checkout/static/kassa.css" in r.text
    r = requests.get(f"{server.base}/checkout/static/nope.js", timeout=30)
    assert r.status_code == 404 and r.json()["error_code"] == "NOT_FOUND"
    r = requests.get(f"{server.base}/checkout/static/../../etc/passwd", timeout=30)
    assert r.status_code == 404
    r = requests.post(f"{server.base}/checkout/client/twoCoInlineCart.js", timeout=30)
    assert r.status_code == 405
    # the 3-D Secure and PayPal pages share the stylesheet
    r = requests.get(f"{server.base}/3ds/authorize?avng8apitoken=nope", timeout=30)
    assert "/checkout/static/kassa.css" in r.text


def test_dynamic_products_of_a_signed_link(server):
    from test_buylink import expected_signature
    code = "CKL" + uuid.uuid4().hex[:7].upper()
    word = "link-word-" + uuid.uuid4().hex[:6]
    r = requests.post(server.base + "/control/vendors/",
                      headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
                      json={"Code": code, "SecretWord": word}, timeout=30)
    assert r.status_code == 201, r.text
    link = {"merchant": code, "dynamic": "1", "prod": "Consulting hour;Setup fee",
            "price": "80;25.5", "qty": "2;1", "type": "PRODUCT;PRODUCT", "tangible": "0;0",
            "currency": "USD", "test": "1"}
    link["signature"] = expected_signature(word, link)
    items = [{"IsDynamic": True, "Name": "Consulting hour", "Quantity": 2, "Tangible": False,
              "PurchaseType": "PRODUCT", "Price": {"Amount": 80, "Type": "CUSTOM"}},
             {"IsDynamic": True, "Name": "Setup fee", "Quantity": 1, "Tangible": False,
              "PurchaseType": "PRODUCT", "Price": {"Amount": 25.5, "Type": "CUSTOM"}}]

    def place(its, lk):
        params = {"merchant": code}
        if lk is not None:
            params["link"] = json.dumps(lk)
        return requests.post(f"{server.base}/checkout/api/cart/order", params=params,
                             data=json.dumps(order(items=its)), timeout=30)

    r = place(items, link)
    assert r.status_code == 201, r.text
    assert r.json()["GrossPrice"] == 185.5
    assert [i["ProductDetails"]["Name"] for i in r.json()["Items"]] == \
        ["Consulting hour", "Setup fee"]
    # a price the link did not sign, a product left out, no link, a tampered link
    cheaper = [dict(items[0], Price={"Amount": 1, "Type": "CUSTOM"}), items[1]]
    r = place(cheaper, link)
    assert r.status_code == 400 and r.json()["error_code"] == "CHECKOUT_DYNAMIC_PRODUCTS"
    r = place(items[:1], link)
    assert r.status_code == 400 and r.json()["error_code"] == "CHECKOUT_DYNAMIC_PRODUCTS"
    r = place(items, None)
    assert r.status_code == 400 and r.json()["error_code"] == "CHECKOUT_DYNAMIC_PRODUCTS"
    r = place(items, {**link, "price": "1;1"})
    assert r.status_code == 403 and r.json()["error_code"] == "BUYLINK_SIGNATURE_INVALID"
    r = requests.post(f"{server.base}/checkout/api/cart/order",
                      params={"merchant": code, "link": "[1]"}, data=json.dumps(order(items=items)),
                      timeout=30)
    assert r.status_code == 400 and r.json()["error_code"] == "PARAMETER_INVALID"
