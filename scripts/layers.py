#!/usr/bin/env python3
"""scripts/layers.py — checks the layering of src/ from its #include lines.

1. The domain (src/domain) includes nothing above it: no api/, http/ or store/ header, no
   jansson, libxml2, libmicrohttpd or sqlite3 — only the C library, core/ and itself.
2. No cycle among the domain's modules. A module is a .c and its .h; an edge A -> B means a
   file of A includes B's header. store.h is the storage interface (the domain's port, which
   the backends implement): what it includes are the types it stores, so its own edges do not
   count, while a module including it calls out, to a backend, not into another module.
3. Only src/store/sqlite/ includes sqlite3.h.

Prints what it finds and exits 1 on any violation. `scripts/layers.py --graph` prints the
module graph. Run by tests/e2e/test_layers.py, so it stays true."""
import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
SRC = os.path.join(ROOT, "src")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
FORBIDDEN_SYSTEM = ("jansson.h", "libxml/", "microhttpd.h", "sqlite3.h", "libpq-fe.h")
PORTS = {"store"}  # interfaces whose own includes are the types they carry


def includes(path):
    with open(path, encoding="utf-8") as f:
        return INCLUDE.findall(f.read())


def domain_graph(problems):
    ddir = os.path.join(SRC, "domain")
    graph = {}
    for name in sorted(os.listdir(ddir)):
        if not name.endswith((".c", ".h")):
            continue
        module = name[:-2]
        path = os.path.join(ddir, name)
        edges = graph.setdefault(module, set())
        for kind, inc in includes(path):
            if kind == "<":
                if inc.startswith(FORBIDDEN_SYSTEM):
                    problems.append(f"src/domain/{name} includes <{inc}>")
                continue
            target = os.path.normpath(os.path.join(ddir, inc))
            rel = os.path.relpath(target, SRC)
            if rel.startswith("core" + os.sep):
                continue
            if not rel.startswith("domain" + os.sep):
                problems.append(f"src/domain/{name} includes \"{inc}\": an arrow out of the domain, up")
                continue
            other = os.path.basename(rel)
            if not other.endswith(".h"):
                continue  # a table (.def) of the module itself
            other = other[:-2]
            if other != module and not (module in PORTS and name.endswith(".h")):
                edges.add(other)
    return graph


def cycles(graph):
    """Every elementary cycle reported once, as the strongly connected components of size > 1
    (or a self-loop)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def sqlite_outside(problems):
    for dirpath, _, files in os.walk(SRC):
        for name in files:
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, SRC)
            if rel.startswith(os.path.join("store", "sqlite") + os.sep):
                continue
            for kind, inc in includes(path):
                if kind == "<" and inc == "sqlite3.h":
                    problems.append(f"src/{rel} includes <sqlite3.h>")


def main():
    problems = []
    graph = domain_graph(problems)
    for comp in cycles(graph):
        path = " -> ".join(comp)
        detail = "; ".join(f"{a} -> {b}" for a in comp for b in sorted(graph[a]) if b in comp)
        problems.append(f"a cycle among the domain's modules {{{path}}}: {detail}")
    sqlite_outside(problems)
    if "--graph" in sys.argv:
        for m in sorted(graph):
            print(f"{m}: {' '.join(sorted(graph[m]))}")
    for p in problems:
        print(p)
    if not problems:
        print(f"layers: ok ({len(graph)} domain modules, no cycle, no arrow up)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
