"""Builders shared by the order tests: billing details, cards, orders over the demo catalog
(`kassa vendor seed-demo`), and the three protocols' ways of placing them."""
import copy
import json
import re
import urllib.parse

import requests

from conftest import (login_params, new_vendor, soap_call, soap_login, SoapFault)

RETURN_URL = "https://shop.example.com/3ds/return"
CANCEL_URL = "https://shop.example.com/3ds/cancel"

TEST_VISA = "4111111111111111"
DECLINED = "4000000000000002"
NO_FUNDS = "4000000000009995"
THREEDS = "4000000000003220"
LIVE_VISA = "4242424242424242"  # a valid number that is no test card


def billing(**over):
    b = {"FirstName": "John", "LastName": "Doe", "CountryCode": "US", "State": "California",
         "City": "San Francisco", "Address1": "1 Example Street", "Zip": "94105",
         "Email": "john.doe@example.com"}
    b.update(over)
    return {k: v for k, v in b.items() if v is not None}


def card(number=TEST_VISA, type_="TEST", currency="USD", **over):
    pm = {"CardNumber": number, "CardType": "VISA", "ExpirationYear": "2035",
          "ExpirationMonth": "12", "CCID": "123", "HolderName": "John Doe",
          "RecurringEnabled": True, "Vendor3DSReturnURL": RETURN_URL,
          "Vendor3DSCancelURL": CANCEL_URL}
    pm.update(over)
    pm = {k: v for k, v in pm.items() if v is not None}
    return {"Type": type_, "Currency": currency, "CustomerIP": "10.10.10.10",
            "PaymentMethod": pm}


def catalog_order(items=None, payment=None, **over):
    o = {"Currency": "USD", "Language": "en", "Country": "US",
         "LocalTime": "2025-03-04 10:11:12",
         "Items": items if items is not None else [{"Code": "USB-KEY", "Quantity": 2}],
         "BillingDetails": billing(),
         "PaymentDetails": payment if payment is not None else card()}
    o.update(over)
    return {k: v for k, v in o.items() if v is not None}


def dynamic_item(**over):
    it = {"Code": None, "Quantity": 1, "IsDynamic": True, "Tangible": False,
          "PurchaseType": "PRODUCT", "Name": "Dynamic product",
          "Price": {"Amount": 20, "Type": "CUSTOM"}}
    it.update(over)
    return {k: v for k, v in it.items() if v is not None or k == "Code"}


def dynamic_order(items=None, payment=None, **over):
    return catalog_order(items=items if items is not None else [dynamic_item()],
                         payment=payment, **over)


def seeded_vendor(server, model="MOR", **kw):
    """A vendor with the demo catalog (kassa vendor seed-demo)."""
    v = new_vendor(server, model, **kw)
    r = server.cli("vendor", "seed-demo", "--code", v.code)
    assert r.returncode == 0, r.stderr
    return v


def place(v, order):
    """REST placeOrder: (status, body)."""
    r = v.rest("POST", "/orders/", order)
    return r.status_code, r.json()


def place_ok(v, order):
    status, body = place(v, order)
    assert status == 201, body
    assert body.get("Errors") is None, body
    return body


def place_err(v, order, code):
    status, body = place(v, order)
    assert status >= 400, body
    assert "RefNo" not in body, body
    assert body["error_code"] == code, body
    return body


# --- the same call over JSON-RPC and SOAP -----------------------------------------------------

def rpc_call(v, method, *params):
    """('ok', result) or ('err', error_code)."""
    body = v.rpc(method, *params)
    if "error" in body:
        return "err", body["error"]["data"]["error_code"]
    return "ok", body["result"]


def soap(v, method, parts):
    """('ok', value) or ('err', faultcode). parts: [(name, value)] after the session."""
    sid = soap_login(v)
    try:
        return "ok", soap_call(v, method, [("sessionID", sid)] + list(parts))
    except SoapFault as f:
        return "err", f.faultcode


def rest_call(v, method, path, body=None, params=None):
    r = v.rest(method, path, body, params=params)
    data = r.json()
    if r.status_code >= 400:
        return "err", data["error_code"]
    return "ok", data


def crosssell_code(v, name="Demo: USB key with the desktop license"):
    r = v.rest("GET", "/crosssells/", params={"CampaignName": name})
    assert r.status_code == 200, r.text
    return r.json()["Items"][0]["CampaignCode"]


def clone(o):
    return copy.deepcopy(o)


def dumps(o):
    return json.dumps(o, sort_keys=True)


def follow_3ds(order):
    a3 = order["PaymentDetails"]["PaymentMethod"]["Authorize3DS"]
    assert set(a3) == {"Href", "Params"} and set(a3["Params"]) == {"avng8apitoken"}
    url = a3["Href"] + "?avng8apitoken=" + a3["Params"]["avng8apitoken"]
    page = requests.get(url, timeout=30)
    assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]
    assert order["RefNo"] in page.text
    form = re.search(r'<form method="post" action="([^"]+)">', page.text).group(1)
    token = re.search(r'name="avng8apitoken" value="([^"]+)"', page.text).group(1)
    return urllib.parse.urljoin(url, form), token
