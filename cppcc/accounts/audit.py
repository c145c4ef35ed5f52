"""The audit log's hash chain: how an entry is hashed, and the walk that checks every link
(``manage.py audit_verify``). Entries are written by ``services.audit_record``.

An entry's hash is SHA-256 over the canonical JSON (sorted keys, no spaces, UTF-8) of its fields
and the hash of the entry before it (``prev_hash``); the first entry follows ``GENESIS``. A purge
(``services.logs_purge``) removes the oldest entries and appends an entry whose details keep the
hash of the last one removed (``anchor``): the oldest entry left must follow it.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.utils.translation import gettext_lazy as _

from .models import AuditEntry

GENESIS = "0" * 64
UNLINKED = _("it does not follow the entry before it (a change, insertion or removal)")
CHANGED = _("its content does not match its hash (the entry was changed)")
# The fields an entry's hash covers, besides prev_hash.
HASHED = (
    "at",
    "actor_id",
    "actor_name",
    "ip",
    "action",
    "committee_id",
    "object_type",
    "object_id",
    "label",
    "details",
)


def canonical_parts(fields: dict) -> tuple[str, str]:
    """The canonical JSON of an entry, cut where the previous hash goes (``prev_hash`` sorts after
    every other key, so it is the last member): the database writing an entry puts the chain's head
    between the two parts and hashes the whole."""
    values = {name: fields[name] for name in HASHED}
    values["at"] = values["at"].astimezone(UTC).isoformat(timespec="microseconds")
    values["prev_hash"] = ""
    text = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    cut = len(text) - len('"}')
    return text[:cut], text[cut:]


def canonical(fields: dict, prev_hash: str) -> bytes:
    """The bytes an entry's hash is taken over: its hashed fields, times in UTC to the microsecond,
    and the previous entry's hash, as JSON with sorted keys and no spaces."""
    prefix, suffix = canonical_parts(fields)
    return (prefix + prev_hash + suffix).encode()


def entry_hash(fields: dict, prev_hash: str) -> str:
    return hashlib.sha256(canonical(fields, prev_hash)).hexdigest()


def anchor() -> str:
    """The hash the oldest entry must follow: the last one the newest purge removed, or GENESIS."""
    purges = AuditEntry.objects.filter(action=AuditEntry.Action.PURGE).order_by("-id")
    for details in purges.values_list("details", flat=True).iterator():
        if isinstance(details, dict) and details.get("anchor"):
            return details["anchor"]
    return GENESIS


@dataclass(frozen=True)
class Verification:
    count: int
    head: str
    broken: int | None = None  # the id of the first entry whose link fails
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken is None


def verify() -> Verification:
    """Walk the chain from the oldest entry; stop at the first broken link."""
    expected = anchor()
    count = 0
    rows = AuditEntry.objects.order_by("id").values("id", "hash", "prev_hash", *HASHED)
    for row in rows.iterator(chunk_size=2000):
        if row["prev_hash"] != expected:
            return Verification(count=count, head=expected, broken=row["id"], reason=str(UNLINKED))
        if entry_hash(row, row["prev_hash"]) != row["hash"]:
            return Verification(count=count, head=expected, broken=row["id"], reason=str(CHANGED))
        expected = row["hash"]
        count += 1
    return Verification(count=count, head=expected)
