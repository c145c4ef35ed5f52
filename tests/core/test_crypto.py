"""The national algorithms as the library computes them, checked against the standards' published
vectors, and the field encryption built on them: tokens, keys, tamper detection, blind indexes."""

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from cppcc.core import crypto

OLD_KEY = "00112233445566778899aabbccddeeff"
NEW_KEY = "ffeeddccbbaa99887766554433221100"


def sm3(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def test_sm3_gives_the_vectors_of_gb_t_32905_2016():
    assert sm3(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    assert sm3(b"abcd" * 16) == "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"


def test_sm4_gives_the_vectors_of_gb_t_32907_2016():
    key = bytes.fromhex("0123456789abcdeffedcba9876543210")
    encryptor = Cipher(algorithms.SM4(key), modes.ECB()).encryptor()
    assert encryptor.update(key).hex() == "681edf34d206965e86b3e94f536e4246"
    decryptor = Cipher(algorithms.SM4(key), modes.ECB()).decryptor()
    assert decryptor.update(bytes.fromhex("681edf34d206965e86b3e94f536e4246")) == key
    block = key  # the standard's second example: the same block encrypted a million times
    for _ in range(1_000_000):
        block = encryptor.update(block)
    assert block.hex() == "595298c7c6fd271f0402f804c33d3f66"


def test_sm4_gcm_gives_the_vector_of_rfc_8998():
    """The mode the fields use (RFC 8998, appendix A.1)."""
    key = bytes.fromhex("0123456789ABCDEFFEDCBA9876543210")
    encryptor = Cipher(algorithms.SM4(key), modes.GCM(bytes.fromhex("00001234567800000000ABCD"))).encryptor()
    encryptor.authenticate_additional_data(bytes.fromhex("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2"))
    plain = bytes.fromhex("".join(letter * 16 for letter in "ABCDEFEA"))
    sealed = encryptor.update(plain) + encryptor.finalize()
    assert sealed.hex().upper() == (
        "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
        "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D"
    )
    assert encryptor.tag.hex().upper() == "83DE3541E4C2B58177E065A9BF7B62EC"


def test_hmac_sm3_is_rfc_2104_over_sm3():
    key, message = b"cppcc", "聊城市政协".encode()
    block = key.ljust(64, b"\0")
    inner = bytes.fromhex(sm3(bytes(b ^ 0x36 for b in block) + message))
    assert crypto.hmac_sm3(key, message).hex() == sm3(bytes(b ^ 0x5C for b in block) + inner)


@pytest.fixture
def keys(settings):
    settings.FIELD_ENCRYPTION_KEYS = {"old": OLD_KEY}
    return settings


def test_a_value_is_a_token_of_the_current_key_and_comes_back(keys):
    token = crypto.encrypt("聊城市东昌府区柳园街道 88 号")
    assert token.startswith("sm4:old:") and "柳园" not in token
    assert crypto.key_id_of(token) == "old"
    assert crypto.decrypt(token) == "聊城市东昌府区柳园街道 88 号"
    assert crypto.encrypt("13800001111") != crypto.encrypt("13800001111")  # a fresh nonce each time


def test_an_older_key_still_decrypts_and_the_first_one_encrypts(keys):
    token = crypto.encrypt("13800001111")
    keys.FIELD_ENCRYPTION_KEYS = {"new": NEW_KEY, "old": OLD_KEY}
    assert crypto.decrypt(token) == "13800001111"
    assert crypto.key_id_of(crypto.encrypt("13800001111")) == "new"


def test_a_missing_key_or_an_altered_value_is_refused(keys):
    token = crypto.encrypt("13800001111")
    keys.FIELD_ENCRYPTION_KEYS = {"new": NEW_KEY}
    with pytest.raises(crypto.DecryptionError, match="'old', which FIELD_ENCRYPTION_KEYS lacks"):
        crypto.decrypt(token)
    keys.FIELD_ENCRYPTION_KEYS = {"old": OLD_KEY}
    body = token.removeprefix("sm4:old:")
    altered = "sm4:old:" + body[:20] + ("A" if body[20] != "A" else "B") + body[21:]
    with pytest.raises(crypto.DecryptionError, match="altered"):
        crypto.decrypt(altered)
    with pytest.raises(crypto.DecryptionError, match="altered"):
        crypto.decrypt("sm4:old:AAAA")
    with pytest.raises(crypto.DecryptionError, match="not SM4-encrypted"):
        crypto.decrypt("13800001111")


def test_blind_indexes_ignore_spaces_dashes_and_case_and_follow_the_keys(keys):
    index = crypto.blind_index("138 0000-1111")
    assert len(index) == 64 and index == crypto.blind_index("13800001111")
    assert crypto.blind_index("37150219800101123x") == crypto.blind_index("37150219800101123X")
    assert crypto.blind_index("13800001112") != index
    assert crypto.blind_index("") == "" and crypto.blind_indexes(" - ") == []
    keys.FIELD_ENCRYPTION_KEYS = {"new": NEW_KEY, "old": OLD_KEY}
    new, old = crypto.blind_indexes("13800001111")
    assert old == index and new != index and crypto.blind_index("13800001111") == new
