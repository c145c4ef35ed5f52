"""The national algorithms (国密) at rest: members' private contact fields encrypted with SM4, found
by exact value through a keyed SM3 digest.

The algorithms come from ``cryptography`` (its OpenSSL has SM3, SM4 and SM4's GCM mode), tested
against the standards' published vectors (``tests/core/test_crypto.py``).

- ``SM4EncryptedCharField``: the model, forms and serializers see the text; the column holds
  ``sm4:<key id>:<base64 of nonce, ciphertext and tag>`` (SM4-GCM: a 12-byte random nonce per
  value, a 16-byte tag that refuses any change), or ``""`` for an empty value (so "has a phone"
  stays a query). The column cannot be compared in SQL with anything but ``""``: a lookup that
  tries raises at once rather than finding nothing.
- ``SM3BlindIndexField``: HMAC-SM3 of another field's value (spaces and dashes dropped, upper case),
  under a key derived from the current SM4 key, written with the row; ``blind_indexes(value)`` gives
  the digests to look for under every configured key, so an exact phone number is found in SQL. A
  digest tells equal values apart from different ones, nothing more, and only to the key's holder.
- Keys: ``settings.FIELD_ENCRYPTION_KEYS``, ``{key id: 32 hex digits}``; the first encrypts, all
  decrypt. ``manage.py encryption_rotate`` re-encrypts every value under the first, so the others
  can then be dropped (once no backup that needs them is kept).

A backup (``dumpdata``) holds the columns' ciphertext, not the text; loading it decrypts only inside
``ciphertext_accepted()`` (the restore), so a form or an import never turns a pasted ciphertext into
its text.
"""

import base64
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured, ValidationError
from django.db import connections, models
from django.db.models.query_utils import DeferredAttribute
from django.utils.translation import gettext_lazy as _

PREFIX = "sm4"
NONCE_BYTES = 12
TAG_BYTES = 16
TOKEN = re.compile(r"sm4:([A-Za-z0-9_-]{1,16}):([A-Za-z0-9_-]+=*)")
INDEX_KEY_LABEL = b"cppcc blind index"

_accept_ciphertext: ContextVar[bool] = ContextVar("accept_ciphertext", default=False)


class DecryptionError(ImproperlyConfigured):
    """A stored value that the configured keys cannot decrypt: its key is missing from
    ``FIELD_ENCRYPTION_KEYS``, or the value was altered."""


def hmac_sm3(key: bytes, data: bytes) -> bytes:
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize()


@cache
def _keyring(configured: tuple[tuple[str, str], ...]) -> dict[str, bytes]:
    return {key_id: bytes.fromhex(key) for key_id, key in configured}


def keyring() -> dict[str, bytes]:
    """``{key id: key}``, the current key first."""
    return _keyring(tuple(settings.FIELD_ENCRYPTION_KEYS.items()))


def current_key_id() -> str:
    return next(iter(keyring()))


def encrypt(text: str) -> str:
    """``text`` as a token under the current key."""
    key_id, key = next(iter(keyring().items()))
    nonce = os.urandom(NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    sealed = encryptor.update(text.encode()) + encryptor.finalize() + encryptor.tag
    return f"{PREFIX}:{key_id}:{base64.urlsafe_b64encode(nonce + sealed).decode('ascii')}"


def key_id_of(token: str) -> str | None:
    """The id of the key a token was encrypted with; ``None`` if ``token`` is not one."""
    match = TOKEN.fullmatch(token)
    return match[1] if match else None


def decrypt(token: str) -> str:
    match = TOKEN.fullmatch(token)
    if match is None:
        raise DecryptionError("The column holds a value that is not SM4-encrypted (run manage.py migrate).")
    key = keyring().get(match[1])
    if key is None:
        raise DecryptionError(
            f"A value is encrypted with the key {match[1]!r}, which FIELD_ENCRYPTION_KEYS lacks: add it back "
            "(after the current key) until manage.py encryption_rotate has re-encrypted everything."
        )
    try:
        raw = base64.urlsafe_b64decode(match[2])
        nonce, sealed, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
        decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
        return (decryptor.update(sealed) + decryptor.finalize()).decode()
    except (InvalidTag, ValueError):
        raise DecryptionError(
            f"A value encrypted with the key {match[1]!r} fails its check: it was altered."
        ) from None


@contextmanager
def ciphertext_accepted() -> Iterator[None]:
    """Within: encrypted fields take a token for their value and decrypt it (loading a backup)."""
    reset = _accept_ciphertext.set(True)
    try:
        yield
    finally:
        _accept_ciphertext.reset(reset)


def normalised(value: str) -> str:
    """A value as its blind index reads it: without spaces and dashes, in upper case."""
    return re.sub(r"[\s-]", "", value).upper()


@cache
def _index_key(key: bytes) -> bytes:
    return hmac_sm3(key, INDEX_KEY_LABEL)


def _index(key: bytes, value: str) -> str:
    return hmac_sm3(_index_key(key), normalised(value).encode()).hex()


def blind_index(value: str) -> str:
    """The digest stored for ``value`` (under the current key); empty for an empty value."""
    return _index(next(iter(keyring().values())), value) if normalised(value or "") else ""


def blind_indexes(value: str) -> list[str]:
    """The digests ``value`` may be stored under, one per configured key (none for an empty value)."""
    return [_index(key, value) for key in keyring().values()] if normalised(value or "") else []


class SM4EncryptedCharField(models.CharField):
    """Text stored SM4-encrypted (see the module). ``max_length`` bounds the text; the column is a
    text column, long enough for the token."""

    description = _("Text encrypted with SM4")

    def get_internal_type(self) -> str:
        return "TextField"

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def to_python(self, value):
        value = super().to_python(value)
        if value and TOKEN.fullmatch(value):
            if not _accept_ciphertext.get():
                raise ValidationError(
                    _("This looks like an encrypted value; enter the text itself."), code="ciphertext"
                )
            return decrypt(value)
        return value

    def get_db_prep_save(self, value, connection):
        if value is None or value == "" or hasattr(value, "as_sql"):
            return value
        return encrypt(str(value))

    def get_db_prep_value(self, value, connection, prepared=False):
        value = super().get_db_prep_value(value, connection, prepared)
        if value not in (None, ""):
            raise FieldError(
                f"{self.model.__name__}.{self.name} is encrypted: SQL compares it with an empty value "
                "only (find an exact value through its blind index)."
            )
        return value

    def get_lookup(self, lookup_name):
        return super().get_lookup(lookup_name) if lookup_name in ("exact", "isnull") else None

    def value_to_string(self, obj) -> str:
        value = self.value_from_object(obj)
        return encrypt(value) if value else ""


class _BlindIndexAttribute(DeferredAttribute):
    """A blind index reads as the digest of its source's value as it is now, whatever was loaded or
    set, so that every write through the ORM stores one that matches (``save``, ``bulk_create``,
    ``bulk_update`` naming it). What was loaded is kept, so Django counts the field as loaded."""

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        return blind_index(getattr(instance, self.field.source) or "")

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value


class SM3BlindIndexField(models.CharField):
    """The blind index of the field named ``source`` (see the module). ``QuerySet.update`` of the
    source leaves it stale, and so does saving an instance loaded without it (``only``, ``defer``):
    change the source through instances that hold both."""

    descriptor_class = _BlindIndexAttribute

    def __init__(self, *args, source: str, **kwargs):
        self.source = source
        kwargs.update(max_length=64, editable=False, blank=True, default="", db_index=True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for fixed in ("max_length", "editable", "blank", "default", "db_index"):
            kwargs.pop(fixed, None)
        return name, path, args, {**kwargs, "source": self.source}


def rewrite_rows(
    model: type[models.Model],
    columns: Sequence[str],
    change: Callable[[tuple], tuple | None],
    *,
    using: str = "default",
    batch_size: int = 500,
) -> int:
    """Pass the stored values of ``columns`` of every row of ``model``'s table, as they are in the
    database (ciphertext, not text), to ``change``, and write back what it returns in their place
    (``None``: leave the row); in batches of ``batch_size`` rows, by primary key. Returns the rows
    written. The data migrations and ``encryption_rotate`` call it inside their transaction."""
    connection = connections[using]
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    names = ", ".join(quote(column) for column in columns)
    first = f"SELECT {pk}, {names} FROM {table} ORDER BY {pk} LIMIT {int(batch_size)}"
    after = f"SELECT {pk}, {names} FROM {table} WHERE {pk} > %s ORDER BY {pk} LIMIT {int(batch_size)}"
    update = f"UPDATE {table} SET {', '.join(f'{quote(column)} = %s' for column in columns)} WHERE {pk} = %s"
    written, last = 0, None
    with connection.cursor() as cursor:
        while True:
            if last is None:
                cursor.execute(first)
            else:
                cursor.execute(after, [last])
            rows = cursor.fetchall()
            if not rows:
                return written
            changed = []
            for pk_value, *values in rows:
                new = change(tuple(values))
                if new is not None:
                    changed.append([*new, pk_value])
            if changed:
                cursor.executemany(update, changed)
                written += len(changed)
            last = rows[-1][0]


def encrypted_models() -> list[tuple[type[models.Model], list[models.Field], list[SM3BlindIndexField]]]:
    """Every model with encrypted fields: the model, those fields, its blind indexes."""
    found = []
    for model in apps.get_models():
        fields = [field for field in model._meta.concrete_fields if isinstance(field, SM4EncryptedCharField)]
        indexes = [field for field in model._meta.concrete_fields if isinstance(field, SM3BlindIndexField)]
        if fields:
            found.append((model, fields, indexes))
    return found


def rotate(*, using: str = "default", batch_size: int = 500) -> dict[str, Counter]:
    """Re-encrypt under the current key every value of every encrypted field that another key
    encrypted, and write every blind index under the current key. Per model: ``rows`` written,
    values ``reencrypted``, ``indexes`` rewritten, and the values found under each key
    (``key <id>``). The caller holds the transaction."""
    current = current_key_id()
    report = {}
    for model, fields, indexes in encrypted_models():
        tally = Counter()
        position = {field.name: number for number, field in enumerate(fields)}

        def change(
            row: tuple, fields=fields, indexes=indexes, position=position, tally=tally
        ) -> tuple | None:
            values = list(row)
            for number in range(len(fields)):
                if values[number]:
                    key_id = key_id_of(values[number])
                    tally[f"key {key_id}"] += 1
                    if key_id != current:
                        values[number] = encrypt(decrypt(values[number]))
                        tally["reencrypted"] += 1
            for number, index in enumerate(indexes, start=len(fields)):
                source = row[position[index.source]]
                expected = blind_index(decrypt(source) if source else "")
                if values[number] != expected:
                    values[number] = expected
                    tally["indexes"] += 1
            if values == list(row):
                return None
            tally["rows"] += 1
            return tuple(values)

        columns = [field.column for field in [*fields, *indexes]]
        rewrite_rows(model, columns, change, using=using, batch_size=batch_size)
        report[model._meta.label] = tally
    return report
