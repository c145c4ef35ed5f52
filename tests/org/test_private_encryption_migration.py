"""The migration that encrypts members' private fields encrypts the phones and addresses already in
the member table and its change history, indexes the phones, and gives the text back when reversed."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from cppcc.core import crypto
from cppcc.org.models import Member

BEFORE = [("org", "0008_handling_unit_duties")]
AFTER = [("org", "0009_member_private_encrypted")]


def raw(table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT phone, address FROM {table} ORDER BY id")
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_existing_values_are_encrypted_and_decrypted_back(migrated_back_to_the_latest):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    committee = old.get_model("org", "Committee").objects.create(
        code="liaocheng", name="聊城市政协", short_name="聊城市", level="city"
    )
    term = old.get_model("org", "Term").objects.create(
        committee=committee, number=14, name="第十四届", start_year=2022, end_year=2027
    )
    members = old.get_model("org", "Member")
    for name, phone, address in (("张新华", "138 0535 1234", "柳园街道 8 号"), ("李秀英", "", "")):
        member = members.objects.create(
            committee=committee, term=term, name=name, gender="male", phone=phone, address=address
        )
        old.get_model("org", "HistoricalMember").objects.create(
            id=member.pk,
            committee_id=committee.pk,
            term_id=term.pk,
            name=name,
            gender="male",
            phone=phone,
            address=address,
            history_date=timezone.now(),
            history_type="+",
        )
    plain = [("138 0535 1234", "柳园街道 8 号"), ("", "")]
    assert raw("org_member") == raw("org_historicalmember") == plain

    MigrationExecutor(connection).migrate(AFTER)

    for table in ("org_member", "org_historicalmember"):
        (phone, address), empty = raw(table)
        assert crypto.key_id_of(phone) == crypto.key_id_of(address) == "test" and empty == ("", "")
    zhang = Member.objects.get(name="张新华")
    assert (zhang.phone, zhang.address, zhang.id_number) == ("138 0535 1234", "柳园街道 8 号", "")
    assert zhang.history.get().phone == "138 0535 1234"
    assert list(Member.objects.with_phone_or_id_number("13805351234")) == [zhang]

    MigrationExecutor(connection).migrate(BEFORE)

    assert raw("org_member") == raw("org_historicalmember") == plain
