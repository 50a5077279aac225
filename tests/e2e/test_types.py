"""The binder enforces the schema's types on every protocol: a number where text belongs, an
array where an object belongs, a null where a value is needed are refused with the field's
path. The platform's documented leniencies stay: numbers sent as strings ("Quantity": "1"),
booleans as 0/1 or "true", null for a field that may be left out, PHP's [] for an empty
optional object."""
import copy

import pytest
import requests

from conftest import admin_headers

BASE = {"Currency": "USD", "Language": "en",
        "Items": [{"Code": "PROD1", "Quantity": 1}],
        "BillingDetails": {"FirstName": "Jane", "LastName": "Doe", "Email": "j@example.com",
                           "CountryCode": "US", "Address1": "1 Main St", "City": "Austin",
                           "Zip": "73301", "State": "TX"}}


def with_(path, value):
    body = copy.deepcopy(BASE)
    node = body
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value
    return body


WRONG = [
    ("billing-empty-array", ["BillingDetails"], [], "PARAMETER_MISSING", "BillingDetails"),
    ("billing-array", ["BillingDetails"], [1], "PARAMETER_INVALID", "BillingDetails"),
    ("external-reference-real", ["ExternalReference"], 12.5, "PARAMETER_INVALID",
     "ExternalReference"),
    ("external-reference-int", ["ExternalReference"], 12, "PARAMETER_INVALID",
     "ExternalReference"),
    ("promotions-numbers", ["Promotions"], [1, 2], "PARAMETER_INVALID", "Promotions[0]"),
    ("quantity-null", ["Items", 0, "Quantity"], None, "PARAMETER_INVALID", "Items[0].Quantity"),
    ("code-bool", ["Items", 0, "Code"], True, "PARAMETER_INVALID", "Items[0].Code"),
    ("email-number", ["BillingDetails", "Email"], 7, "INVALID_EMAIL", "BillingDetails.Email"),
    ("currency-object", ["Currency"], {"x": 1}, "INVALID_CURRENCY", "Currency"),
]


@pytest.mark.parametrize("path,value,code,word", [w[1:] for w in WRONG],
                         ids=[w[0] for w in WRONG])
def test_wrong_types_are_refused_over_rest(vendor, path, value, code, word):
    r = vendor.rest("POST", "/leads/", with_(path, value))
    assert r.status_code == 400, r.text
    assert r.json()["error_code"] == code, r.text
    assert word in r.json()["message"], r.text


@pytest.mark.parametrize("path,value,code,word", [w[1:] for w in WRONG],
                         ids=[w[0] for w in WRONG])
def test_wrong_types_are_refused_over_json_rpc(vendor, path, value, code, word):
    sid = vendor.login()
    r = vendor.rpc_raw({"jsonrpc": "2.0", "id": 1, "method": "addLead",
                        "params": [sid, with_(path, value)]})
    err = r.json()["error"]
    assert err["data"]["error_code"] == code, err
    assert word in err["message"], err


def test_documented_leniencies_are_kept(vendor):
    body = with_(["Items", 0, "Quantity"], "2")          # a number sent as a string
    body["Items"][0]["IsDynamic"] = 0                      # a boolean as 0/1
    body["Items"][0]["Tangible"] = "false"                 # ... or as text
    body["ExternalReference"] = None                       # null: left out
    body["DeliveryDetails"] = []                           # PHP's empty array: empty object
    body["MachineId"] = 132                                # the seed's example: a number
    r = vendor.rest("POST", "/leads/", body)
    assert r.status_code == 201, r.text
    got = vendor.rest("GET", f"/leads/{r.json()['LeadCode']}").json()
    assert got["Items"][0]["Quantity"] == 2


def test_control_vendor_code_must_be_text(server):
    r = requests.post(server.base + "/control/vendors/", json={"Code": 5},
                      headers=admin_headers(), timeout=30)
    assert r.status_code == 400, r.text
    assert r.json()["error_code"] == "PARAMETER_INVALID"
    r = requests.get(server.base + "/control/vendors/", headers=admin_headers(), timeout=30)
    assert "\"5\"" not in r.text
