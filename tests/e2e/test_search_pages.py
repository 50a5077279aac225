"""A page far past the end of a search, on every protocol: (Page - 1) * Limit overflows a 64-bit
integer, and the answer is still just an empty page with the true Count (issue 10, item 13: the
OFFSET guard of leads, catalog and mails was missing in orders and subscriptions).

Each search of the store goes through one pagination (src/store/sql/sql_query.c,
sq_page); these are its cases on the two searches that lacked the guard."""
import pytest

from conftest import Server
from orders_util import catalog_order, place_ok, rest_call, rpc_call, seeded_vendor, soap

FAR = (2 ** 63 - 1, 2 ** 62, 46116860184273880)


@pytest.fixture
def own():
    """A server of the test's own: the request once brought the server down."""
    s = Server().start()
    yield s
    s.stop()


def shop(server, n):
    """A vendor with n monthly-subscription orders (n orders, n subscriptions)."""
    v = seeded_vendor(server)
    refs = [place_ok(v, catalog_order(items=[{"Code": "CLOUD-PRO", "Quantity": 1,
                                              "PriceOptions": ["USERS=2"]}]))["RefNo"]
            for _ in range(n)]
    return v, refs


def searches(v, what, page, limit):
    """The search `what` (orders or subscriptions) for one page on REST, JSON-RPC and SOAP."""
    if what == "orders":
        opts = {"Page": page, "Limit": limit}
        return [rest_call(v, "GET", "/orders/", params=opts),
                rpc_call(v, "searchOrders", opts),
                soap(v, "searchOrders", [("SearchOptions", opts)])]
    opts = {"Pagination": {"Page": page, "Limit": limit}}
    return [rest_call(v, "GET", "/subscriptions/", params={"Page": page, "Limit": limit}),
            rpc_call(v, "searchSubscriptions", opts),
            soap(v, "searchSubscriptions", [("SearchOptions", opts)])]


@pytest.mark.parametrize("what", ["orders", "subscriptions"])
def test_a_page_far_past_the_end_is_empty_on_every_protocol(own, what):
    v, refs = shop(own, 3)
    for page in FAR:
        for proto, (kind, got) in zip(("REST", "JSON-RPC", "SOAP"), searches(v, what, page, 200)):
            assert kind == "ok", (proto, page, got)
            assert got["Items"] in ([], None, ""), (proto, page, got)
            pag = got["Pagination"]
            assert (int(pag["Page"]), int(pag["Limit"]), int(pag["Count"])) == (page, 200, 3), \
                (proto, page, pag)
    # and the server is still there, with every match on the first page
    for proto, (kind, got) in zip(("REST", "JSON-RPC", "SOAP"), searches(v, what, 1, 10)):
        assert kind == "ok", (proto, got)
        assert len(got["Items"]) == 3 and int(got["Pagination"]["Count"]) == 3, (proto, got)
    if what == "orders":
        kind, got = rest_call(v, "GET", "/orders/", params={"Page": 1, "Limit": 10})
        assert sorted(o["RefNo"] for o in got["Items"]) == sorted(refs)


@pytest.mark.parametrize("what", ["orders", "subscriptions"])
def test_the_last_page_and_the_one_after(own, what):
    v, _ = shop(own, 3)
    for page, n in ((1, 2), (2, 1), (3, 0)):
        for proto, (kind, got) in zip(("REST", "JSON-RPC", "SOAP"), searches(v, what, page, 2)):
            assert kind == "ok", (proto, got)
            assert len(got["Items"] or []) == n, (proto, page, got)
            assert int(got["Pagination"]["Count"]) == 3, (proto, got)
