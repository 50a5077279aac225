#!/usr/bin/env python3
"""bench/hostile_clients.py PORT SECONDS [IDLE TRICKLE ADDRESSES] — the attack of
bench/hostile.sh: IDLE (2,000) connections that send nothing and TRICKLE (1,000) that send a
request line and then one header line every 5 seconds, never finishing their headers, spread
over ADDRESSES (30) loopback source addresses 127.0.1.x (distinct hostile clients, each under
the server's per-address limit). Whenever the server closes one, it is opened again at once, so
the counts stay up for as long as the attack lasts. One process, one epoll loop. Prints, each
second, the connections open, and at the end a summary line."""
import errno
import heapq
import itertools
import selectors
import socket
import sys
import time

port = int(sys.argv[1])
seconds = float(sys.argv[2])
n_idle = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
n_trickle = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
n_addr = int(sys.argv[5]) if len(sys.argv) > 5 else 30
TRICKLE_EVERY = 5.0

sel = selectors.DefaultSelector()
state = {}  # socket -> [kind, slot, next_send, lines sent]
tick = itertools.count()
due = []    # (next_send, n, socket) of the trickling ones: only those due are visited
stats = {"opened": 0, "closed_by_server": 0, "refused": 0}


def open_one(kind, slot):
    s = socket.socket()
    s.setblocking(False)
    s.bind((f"127.0.1.{1 + slot % n_addr}", 0))
    err = s.connect_ex(("127.0.0.1", port))
    if err not in (0, errno.EINPROGRESS):
        s.close()
        stats["refused"] += 1
        return False
    stats["opened"] += 1
    state[s] = [kind, slot, time.monotonic() if kind == "trickle" else None, 0]
    if kind == "trickle":
        heapq.heappush(due, (state[s][2], next(tick), s))
    sel.register(s, selectors.EVENT_READ)
    return True


def drop(s):
    kind, slot = state.pop(s)[:2]
    sel.unregister(s)
    s.close()
    return kind, slot


pending = [("idle", i) for i in range(n_idle)] + [("trickle", i) for i in range(n_trickle)]
start = time.monotonic()
last_report = start
samples = []
while time.monotonic() - start < seconds:
    # (re)open what is missing, a few hundred per round so the loop stays responsive
    for _ in range(min(len(pending), 300)):
        kind, slot = pending.pop()
        if not open_one(kind, slot):
            pending.append((kind, slot))
            break
    for key, _ in sel.select(timeout=0.05):
        s = key.fileobj
        try:
            data = s.recv(4096)
        except (BlockingIOError, InterruptedError):
            continue
        except OSError:
            data = b""
        if not data:  # closed by the server: open another
            stats["closed_by_server"] += 1
            pending.append(drop(s))
    now = time.monotonic()
    while due and due[0][0] <= now:
        _, _, s = heapq.heappop(due)
        st = state.get(s)
        if st is None:  # closed meanwhile
            continue
        line = (b"GET /rest/6.0/leads/ HTTP/1.1\r\nHost: x\r\n" if st[3] == 0
                else b"X-Trickle-%d: y\r\n" % st[3])
        try:
            s.send(line)
            st[3] += 1
        except (BlockingIOError, InterruptedError):
            pass
        except OSError:
            stats["closed_by_server"] += 1
            pending.append(drop(s))
            continue
        st[2] = now + TRICKLE_EVERY
        heapq.heappush(due, (st[2], next(tick), s))
    if now - last_report >= 1:
        last_report = now
        idle = sum(1 for st in state.values() if st[0] == "idle")
        samples.append((idle, len(state) - idle))
        print(f"attack t={now - start:5.1f}s open: idle {idle} trickling {len(state) - idle}",
              flush=True)
for s in list(state):
    drop(s)
tail = samples[len(samples) // 4:] or samples
print(f"attack summary: {n_idle} idle + {n_trickle} trickling wanted from {n_addr} addresses; "
      f"open on average {sum(a for a, _ in tail) / len(tail):.0f} idle and "
      f"{sum(b for _, b in tail) / len(tail):.0f} trickling (min {min(a + b for a, b in tail)} "
      f"in all); {stats['opened']} connections opened, {stats['closed_by_server']} closed by "
      f"the server, {stats['refused']} connect() refused", flush=True)
