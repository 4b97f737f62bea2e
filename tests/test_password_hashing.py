"""Real passwords are hashed with scrypt, a memory-hard KDF."""

from werkzeug.security import check_password_hash

import server.services.auth as auth


def test_passwords_use_scrypt(monkeypatch):
    monkeypatch.undo()  # the suite swaps in a fast hash for fixtures; test the real one
    hashed = auth.hash_password("mật khẩu đủ dài")
    assert hashed.startswith("scrypt:")
    assert check_password_hash(hashed, "mật khẩu đủ dài")
    assert not check_password_hash(hashed, "mat khau du dai")
