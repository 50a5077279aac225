"""Durability of placeOrder: orders are placed in a loop from client threads while the server
is killed with SIGKILL at random moments and restarted on the same database. Every order a
client was told about (HTTP 201 with its RefNo) must be there after the restart, whole and
exactly as it was answered; and no order may be half-written."""
import random
import threading
import time

import requests

from conftest import Server, Vendor
from orders_util import DECLINED, card, catalog_order, dynamic_item, dynamic_order, seeded_vendor

ROUNDS = 5


def orders_to_place(i):
    """A mix: catalog with subscriptions and promotions, dynamic recurring, refused payments."""
    kind = i % 4
    if kind == 0:
        return catalog_order(items=[{"Code": "CLOUD-BASIC", "Quantity": 1 + i % 3,
                                     "PriceOptions": ["USERS=4"]},
                                    {"Code": "USB-KEY", "Quantity": 2}],
                             ExternalReference=f"CRASH-{i}", CustomerReference=i % 7 + 1)
    if kind == 1:
        return dynamic_order(items=[dynamic_item(RecurringOptions={"CycleLength": 1,
                                                                   "CycleUnit": "YEAR"}),
                                    dynamic_item(Name="Setup fee", Price={"Amount": 5})],
                             ExternalReference=f"CRASH-{i}")
    if kind == 2:
        return catalog_order(PaymentDetails=card(DECLINED), ExternalReference=f"CRASH-{i}")
    return catalog_order(items=[{"Code": "DESKTOP-LICENSE", "Quantity": 1}],
                         Promotions=["WELCOME10"], ExternalReference=f"CRASH-{i}")


def restart(old):
    s = Server()
    s.dir, s.db, s.log_path = old.dir, old.db, old.log_path
    return s.start()


def test_acknowledged_orders_survive_kill_9():
    server = Server().start()
    vendor = seeded_vendor(server)
    acked = {}  # RefNo -> the order as answered
    counter = [0]
    lock = threading.Lock()
    rng = random.Random(20240611)
    try:
        for round_no in range(ROUNDS):
            stop = threading.Event()

            def client():
                me = Vendor(server, vendor.code, vendor.secret)  # a session of its own
                while not stop.is_set():
                    with lock:
                        i = counter[0]
                        counter[0] += 1
                    try:
                        r = me.rest("POST", "/orders/", orders_to_place(i))
                    except requests.RequestException:
                        return  # the server is gone: this order may or may not exist
                    if r.status_code == 201:
                        body = r.json()
                        with lock:
                            acked[body["RefNo"]] = body
                    else:
                        assert r.status_code >= 500, r.text  # never a refused request

            threads = [threading.Thread(target=client) for _ in range(3)]
            for t in threads:
                t.start()
            time.sleep(rng.uniform(0.3, 1.5))
            server.kill()  # SIGKILL, mid-flight
            stop.set()
            for t in threads:
                t.join(timeout=60)
            server = restart(server)
            vendor.server = server
            # every acknowledged order is there, exactly as it was answered
            for ref, body in list(acked.items()):
                r = vendor.rest("GET", f"/orders/{ref}/")
                assert r.status_code == 200, (round_no, ref, r.text)
                assert r.json() == body, (round_no, ref)
        assert len(acked) >= ROUNDS, f"too few orders were placed ({len(acked)})"
        print(f"{len(acked)} acknowledged orders survived {ROUNDS} kills")
        # no half-written order: every stored one is whole
        page, seen = 1, 0
        while True:
            r = vendor.rest("GET", "/orders/", params={"Page": page, "Limit": 200})
            data = r.json()
            for o in data["Items"]:
                seen += 1
                assert o["Items"] and o["StatusHistory"], o["RefNo"]
                total = round(sum(i["Price"]["GrossDiscountedPrice"] for i in o["Items"]), 2)
                assert round(o["GrossDiscountedPrice"], 2) == total, o["RefNo"]
                recurring = sum(len(i["ProductDetails"]["Subscriptions"]) for i in o["Items"])
                if o["Status"] == "COMPLETE":
                    assert recurring == sum(1 for i in o["Items"]
                                            if i["Code"] in ("CLOUD-BASIC", "DESKTOP-LICENSE")
                                            or i.get("RecurringOptions")), o["RefNo"]
                else:
                    assert recurring == 0, o["RefNo"]
            if page * 200 >= data["Pagination"]["Count"]:
                break
            page += 1
        assert seen >= len(acked)
        # order numbers stay a gapless count of what was committed
        numbers = sorted(vendor.rest("GET", f"/orders/{ref}/").json()["OrderNo"]
                         for ref in acked)
        assert len(set(numbers)) == len(numbers)
    finally:
        server.stop(check=False)
