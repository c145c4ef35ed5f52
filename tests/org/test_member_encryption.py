"""Members' phone, address and ID number are SM4-encrypted in the database (the member's table and its
change history), read as text by the model, found by exact value through their blind indexes, and
never compared in SQL by mistake."""

import pytest
from django.core.exceptions import FieldError, ValidationError
from django.db import connection

from cppcc.core import crypto
from cppcc.org.models import Member
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"  # the example of GB 11643-1999


def stored(pk: int, *columns: str) -> tuple:
    """A member's columns as the database holds them."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM org_member WHERE id = %s", [pk])
        return cursor.fetchone()


def test_the_database_holds_ciphertext_and_the_model_reads_text(city):
    member = MemberFactory(committee=city, phone="13805351234", address="聊城市东昌府区柳园街道 8 号")
    member.id_number = ID_NUMBER
    member.save()
    for table in ("org_member", "org_historicalmember"):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT phone, address, id_number FROM {table} WHERE id = %s", [member.pk])
            rows = cursor.fetchall()
        assert rows and all(value.startswith("sm4:test:") for row in rows for value in row if value)
        assert not any(text in str(rows) for text in ("13805351234", "柳园", ID_NUMBER))
    fresh = Member.objects.get(pk=member.pk)
    assert (fresh.phone, fresh.address, fresh.id_number) == (
        "13805351234",
        "聊城市东昌府区柳园街道 8 号",
        ID_NUMBER,
    )
    history = member.history.order_by("history_date")
    assert [row.phone for row in history] == ["13805351234", "13805351234"]
    assert history.last().id_number == ID_NUMBER
    assert Member.objects.filter(pk=member.pk).values_list("phone", flat=True).get() == "13805351234"


def test_an_empty_value_stays_empty_so_who_has_a_phone_is_a_query(city):
    with_phone = MemberFactory(committee=city)
    without = MemberFactory(committee=city, phone="")
    assert stored(without.pk, "phone", "phone_index") == ("", "")
    assert list(Member.objects.exclude(phone="").values_list("pk", flat=True)) == [with_phone.pk]
    assert list(Member.objects.filter(phone="").values_list("pk", flat=True)) == [without.pk]


def test_sql_never_compares_an_encrypted_value(city):
    member = MemberFactory(committee=city, phone="13805351234")
    with pytest.raises(FieldError, match="Member.phone is encrypted"):
        list(Member.objects.filter(phone="13805351234"))
    with pytest.raises(FieldError, match="Unsupported lookup 'contains'"):
        Member.objects.filter(address__contains="柳园")
    with pytest.raises(FieldError, match="Unsupported lookup 'startswith'"):
        Member.objects.filter(phone__startswith="138")
    assert list(Member.objects.with_phone_or_id_number("138-0535-1234")) == [member]


def test_bulk_writes_encrypt_and_index_too(city, city_term):
    created = Member.objects.bulk_create(
        [Member(committee=city, term=city_term, name="批量", gender="male", phone="13900000001")]
    )
    pk = created[0].pk
    phone, index = stored(pk, "phone", "phone_index")
    assert phone.startswith("sm4:test:") and index == crypto.blind_index("13900000001")
    member = Member.objects.get(pk=pk)
    member.phone = "13900000002"
    Member.objects.bulk_update([member], ["phone", "phone_index"])
    assert Member.objects.get(pk=pk).phone == "13900000002"
    assert list(Member.objects.with_phone_or_id_number("13900000002")) == [member]
    assert not Member.objects.with_phone_or_id_number("13900000001").exists()


def test_a_member_is_found_by_phone_or_id_number_under_an_older_key(city, settings):
    member = MemberFactory(committee=city, phone="13805351234", id_number=ID_NUMBER)
    MemberFactory(committee=city, phone="13805351235")
    settings.FIELD_ENCRYPTION_KEYS = {"next": "0f" * 16, **settings.FIELD_ENCRYPTION_KEYS}
    assert list(Member.objects.with_phone_or_id_number("138 0535 1234")) == [member]
    assert list(Member.objects.with_phone_or_id_number(ID_NUMBER.lower())) == [member]
    assert not Member.objects.with_phone_or_id_number("1380535123").exists()  # exact values only
    assert not Member.objects.with_phone_or_id_number("  ").exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("11010519491231002", "18"),
        ("1101051949123100XX", "18"),
        ("110105194913310021", "出生日期"),
        ("110105194912310021", "校验"),
    ],
)
def test_a_bad_id_number_is_refused_in_chinese(city, value, message):
    member = MemberFactory.build(committee=city, term=MemberFactory(committee=city).term, id_number=value)
    with pytest.raises(ValidationError) as refused:
        member.full_clean()
    assert message in " ".join(refused.value.message_dict["id_number"])


def test_a_lower_case_check_character_is_kept_in_upper_case(city):
    member = MemberFactory.build(
        committee=city, term=MemberFactory(committee=city).term, id_number=ID_NUMBER.lower()
    )
    member.full_clean()
    assert member.id_number == ID_NUMBER


def test_a_pasted_ciphertext_is_refused_not_decrypted(city):
    member = MemberFactory.build(
        committee=city, term=MemberFactory(committee=city).term, address=crypto.encrypt("别人的地址")
    )
    with pytest.raises(ValidationError) as refused:
        member.full_clean()
    assert "密文" in " ".join(refused.value.message_dict["address"])
    with crypto.ciphertext_accepted():  # a backup being loaded
        assert Member._meta.get_field("address").to_python(member.address) == "别人的地址"


def test_the_admin_finds_a_member_by_phone_or_id_number_in_full(client, city_clerk, city):
    MemberFactory(committee=city, name="张新华", phone="13805351234", id_number=ID_NUMBER)
    MemberFactory(committee=city, name="李秀英", phone="13805359999", workplace="聊城一中 校长")
    client.force_login(city_clerk)

    def found(term: str) -> list[str]:
        response = client.get("/admin/org/member/", {"q": term})
        return sorted(member.name for member in response.context["cl"].result_list)

    assert found("138 0535 1234") == ["张新华"]
    assert found(ID_NUMBER.lower()) == ["张新华"]
    assert found("1380535") == []  # part of a phone finds nothing: it is encrypted
    assert found("聊城一中") == ["李秀英"] and found("张新") == ["张新华"]
    page = client.get("/admin/org/member/").content.decode()
    assert "13805351234" in page and "完整的电话号码" in page


def test_the_admin_form_refuses_a_pasted_ciphertext_in_chinese(client, city_clerk, city, city_term):
    member = MemberFactory(committee=city, term=city_term, name="张新华")
    client.force_login(city_clerk)
    form = client.get(f"/admin/org/member/{member.pk}/change/").context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name != "special_committees"
    }
    data.update(address=crypto.encrypt("别人的地址"), id_number="110105194912310021")
    response = client.post(f"/admin/org/member/{member.pk}/change/", data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "密文" in errors["address"][0] and "校验" in errors["id_number"][0]
    data.update(address="聊城市东昌府区柳园街道 8 号", id_number=ID_NUMBER)
    assert client.post(f"/admin/org/member/{member.pk}/change/", data).status_code == 302
    member.refresh_from_db()
    assert (member.address, member.id_number) == ("聊城市东昌府区柳园街道 8 号", ID_NUMBER)
    assert list(Member.objects.with_phone_or_id_number(ID_NUMBER)) == [member]
