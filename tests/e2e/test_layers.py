"""The layering of src/, from its #include lines (scripts/layers.py): the domain includes nothing
above it (no adapter, server, store backend, jansson, libxml2, libmicrohttpd or sqlite3), its
modules include each other without a cycle, and only the SQLite backend includes sqlite3.h."""
import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def test_no_cycle_in_the_domain_and_no_arrow_up():
    r = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "layers.py")],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith("layers: ok")
