"""Real passwords are hashed with scrypt, a memory-hard KDF."""

import json
import subprocess
import sys
from pathlib import Path

from werkzeug.security import check_password_hash

import server.services.accounts.credentials as auth


def test_passwords_use_scrypt(monkeypatch):
    monkeypatch.undo()  # the suite swaps in a fast hash for fixtures; test the real one
    hashed = auth.hash_password("mật khẩu đủ dài")
    assert hashed.startswith("scrypt:")
    assert check_password_hash(hashed, "mật khẩu đủ dài")
    assert not check_password_hash(hashed, "mat khau du dai")


HUB_SCRIPT = r"""
import eventlet

eventlet.monkey_patch()

import json
import sys

from flask import Flask
from werkzeug.security import generate_password_hash

import server.services.accounts.credentials as auth

real_thread = eventlet.patcher.original("_thread")
real_threading = eventlet.patcher.original("threading")
hub_thread = real_thread.get_ident()
seen = []


flag = real_threading.Event()


def watched(real):
    def call(*args, **kwargs):
        # A green thread spawned on the hub sets the flag; it can only run while the hash waits
        # if the hub is free. Run on the hub itself, this wait ends by its timeout, unset.
        seen.append({"native": real_thread.get_ident() != hub_thread, "hub_free": flag.wait(20)})
        return real(*args, **kwargs)

    return call


def on_hub_meanwhile():
    flag.clear()
    eventlet.spawn(flag.set)


auth.check_password_hash = watched(auth.check_password_hash)
auth.generate_password_hash = watched(auth.generate_password_hash)
app = Flask("t")
app.config["ASYNC_MODE"] = sys.argv[1]
with app.app_context():
    stored = generate_password_hash("mật khẩu đủ dài", method="scrypt")
    on_hub_meanwhile()
    right = auth.password_matches(stored, "mật khẩu đủ dài")
    on_hub_meanwhile()
    wrong = auth.password_matches(stored, "sai rồi")
    on_hub_meanwhile()
    hashed = auth.hash_password("mật khẩu mới")
scrypt = hashed.startswith("scrypt:")
print(json.dumps({"right": right, "wrong": wrong, "scrypt": scrypt, "seen": seen}))
"""


def _run(*args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_scrypt_runs_in_a_native_thread_while_the_eventlet_hub_serves_others():
    """Under eventlet, hashing and checking run in tpool: other green threads keep running."""
    outcome = _run(HUB_SCRIPT, "eventlet")
    assert outcome["right"] is True and outcome["wrong"] is False and outcome["scrypt"]
    assert outcome["seen"] == [{"native": True, "hub_free": True}] * 3


def test_threading_mode_hashes_in_place_without_importing_eventlet():
    """In threading mode the call is plain, and eventlet is not even imported for it."""
    script = (
        "import json, sys\n"
        "from flask import Flask\n"
        "import server.services.accounts.credentials as auth\n"
        "app = Flask('t'); app.config['ASYNC_MODE'] = 'threading'\n"
        "with app.app_context():\n"
        "    hashed = auth.hash_password('mật khẩu đủ dài')\n"
        "    ok = auth.password_matches(hashed, 'mật khẩu đủ dài')\n"
        "print(json.dumps({'ok': ok, 'eventlet': 'eventlet' in sys.modules}))\n"
    )
    assert _run(script) == {"ok": True, "eventlet": False}
