"""PBKDF2-HMAC-SM3: the hash is RFC 8018's PBKDF2 over HMAC-SM3, chosen by a setting, and an account
hashed with the other algorithm moves to the chosen one when its owner signs in."""

import base64
import hmac

import pytest
from cryptography.hazmat.primitives import hashes
from django.contrib.auth.hashers import PBKDF2PasswordHasher, check_password

from cppcc.accounts.hashers import PBKDF2SM3PasswordHasher
from cppcc.accounts.models import PasswordHistory
from tests.factories import UserFactory

SM3_HASHER = "cppcc.accounts.hashers.PBKDF2SM3PasswordHasher"
SHA256_HASHER = "django.contrib.auth.hashers.PBKDF2PasswordHasher"
PASSWORD = "Liaocheng-2027!"


class SM3:
    """SM3 in hashlib's shape, for Python's own HMAC (the library's digest, its vectors in
    tests/core/test_crypto.py)."""

    digest_size, block_size, name = 32, 64, "sm3"

    def __init__(self, data: bytes = b""):
        self._hash = hashes.Hash(hashes.SM3())
        self._hash.update(data)

    def update(self, data: bytes) -> None:
        self._hash.update(data)

    def copy(self) -> "SM3":
        twin = SM3.__new__(SM3)
        twin._hash = self._hash.copy()
        return twin

    def digest(self) -> bytes:
        return self._hash.copy().finalize()


def pbkdf2_sm3(password: bytes, salt: bytes, iterations: int) -> bytes:
    """RFC 8018's PBKDF2, one block of 32 bytes, over Python's HMAC with SM3."""
    block = u = hmac.new(password, salt + (1).to_bytes(4, "big"), SM3).digest()
    for _ in range(iterations - 1):
        u = hmac.new(password, u, SM3).digest()
        block = bytes(a ^ b for a, b in zip(block, u, strict=True))
    return block


def test_the_hash_is_pbkdf2_of_hmac_sm3():
    encoded = PBKDF2SM3PasswordHasher().encode(PASSWORD, "seasalt2027", iterations=1000)
    algorithm, iterations, salt, digest = encoded.split("$")
    assert (algorithm, iterations, salt) == ("pbkdf2_sm3", "1000", "seasalt2027")
    assert base64.b64decode(digest) == pbkdf2_sm3(PASSWORD.encode(), b"seasalt2027", 1000)


def test_the_hasher_verifies_and_asks_for_a_rehash_at_another_count():
    hasher = PBKDF2SM3PasswordHasher()
    encoded = hasher.encode(PASSWORD, hasher.salt(), iterations=hasher.iterations)
    assert encoded.startswith(f"pbkdf2_sm3${hasher.iterations}$")
    assert hasher.verify(PASSWORD, encoded) and not hasher.verify(PASSWORD.lower(), encoded)
    assert not hasher.must_update(encoded)
    assert hasher.must_update(hasher.encode(PASSWORD, hasher.salt(), iterations=1000))


@pytest.fixture
def quick(monkeypatch, settings):
    """Both hashers at a thousand iterations, so that the test signs in quickly."""
    monkeypatch.setattr(PBKDF2SM3PasswordHasher, "iterations", 1000)
    monkeypatch.setattr(PBKDF2PasswordHasher, "iterations", 1000)
    return settings


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("chosen", "other", "before", "after"),
    [
        (SM3_HASHER, SHA256_HASHER, "pbkdf2_sha256$", "pbkdf2_sm3$1000$"),
        (SHA256_HASHER, SM3_HASHER, "pbkdf2_sm3$", "pbkdf2_sha256$1000$"),
    ],
)
def test_a_password_is_rehashed_with_the_chosen_hasher_at_sign_in(
    client, quick, chosen, other, before, after
):
    quick.PASSWORD_HASHERS = [other]
    user = UserFactory(username="weiyuan", password=PASSWORD)
    assert user.password.startswith(before)
    history = list(PasswordHistory.objects.filter(user=user).values_list("set_at", flat=True))

    quick.PASSWORD_HASHERS = [chosen, other]
    response = client.post("/accounts/login/", {"username": "weiyuan", "password": PASSWORD})
    assert response.status_code == 302

    user.refresh_from_db()
    assert user.password.startswith(after)
    assert check_password(PASSWORD, user.password)
    # The same password, rehashed: not a new one in the history, its age unchanged.
    assert list(PasswordHistory.objects.filter(user=user).values_list("set_at", flat=True)) == history
