"""``manage.py encryption_rotate`` puts every encrypted value and blind index under the current key,
in batches, all or nothing, and says what it did."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from cppcc.core import crypto
from cppcc.org.models import Member
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

OLD = "00112233445566778899aabbccddeeff"
NEW = "ffeeddccbbaa99887766554433221100"


def columns(table: str, *names: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY id")
        return cursor.fetchall()


def rotate(**options) -> str:
    out = io.StringIO()
    call_command("encryption_rotate", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def under_the_old_key(settings, city):
    settings.FIELD_ENCRYPTION_KEYS = {"old": OLD}
    members = [
        MemberFactory(committee=city, phone=f"1380535000{n}", address=f"柳园街道 {n} 号") for n in range(5)
    ]
    MemberFactory(committee=city, phone="", address="")
    members[0].id_number = "11010519491231002X"
    members[0].save()
    settings.FIELD_ENCRYPTION_KEYS = {"new": NEW, "old": OLD}
    return members


def test_every_value_and_index_moves_to_the_current_key(settings, under_the_old_key):
    before = {member.pk: (member.phone, member.address) for member in Member.objects.all()}

    report = rotate(batch_size=2)

    # Five phones and one ID number: six digests.
    assert "org.Member: 5 rows rewritten, 11 values re-encrypted, 6 blind indexes rewritten" in report
    assert "(values found per key: old 11)" in report
    # Six creations and one change of the member: seven history rows, thirteen values.
    assert "org.HistoricalMember: 6 rows rewritten, 13 values re-encrypted, 0 blind indexes" in report
    assert "The keys old decrypt nothing in the database any more" in report
    for table in ("org_member", "org_historicalmember"):
        values = [value for row in columns(table, "phone", "address", "id_number") for value in row if value]
        assert values and all(crypto.key_id_of(value) == "new" for value in values)
    indexes = columns("org_member", "phone_index", "id_number_index")
    assert indexes == [
        (crypto.blind_index(member.phone), crypto.blind_index(member.id_number))
        for member in Member.objects.order_by("pk")
    ]

    settings.FIELD_ENCRYPTION_KEYS = {"new": NEW}  # the old key dropped
    assert {member.pk: (member.phone, member.address) for member in Member.objects.all()} == before
    assert list(Member.objects.with_phone_or_id_number("13805350003")) == [under_the_old_key[3]]
    assert list(Member.objects.with_phone_or_id_number("11010519491231002x")) == [under_the_old_key[0]]
    again = rotate()
    assert "org.Member: 0 rows rewritten, 0 values re-encrypted, 0 blind indexes rewritten" in again
    assert "(values found per key: new 11)" in again


def test_a_value_no_key_decrypts_stops_the_rotation_with_nothing_changed(settings, city):
    settings.FIELD_ENCRYPTION_KEYS = {"mid": NEW}
    MemberFactory.create_batch(2, committee=city)  # rewritten by the first batch, then rolled back
    settings.FIELD_ENCRYPTION_KEYS = {"old": OLD}
    MemberFactory(committee=city)
    settings.FIELD_ENCRYPTION_KEYS = {"new": "0f" * 16, "mid": NEW}
    stored = columns("org_member", "phone", "address", "phone_index")
    with pytest.raises(CommandError, match="Nothing was changed: .*'old', which FIELD_ENCRYPTION_KEYS lacks"):
        rotate(batch_size=2)
    assert columns("org_member", "phone", "address", "phone_index") == stored
