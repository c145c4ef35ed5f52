import pytest
from django.core.management import call_command

from cppcc.org.models import Committee, HandlingUnit, Member, RoleAssignment, Session, User
from cppcc.org.validators import validate_id_number

pytestmark = pytest.mark.django_db


def counts():
    return [
        model.objects.count() for model in (Committee, Member, HandlingUnit, Session, User, RoleAssignment)
    ]


def test_seed_demo_builds_the_city_and_its_counties_and_is_idempotent():
    call_command("seed_demo", verbosity=0)
    city = Committee.objects.get(code="liaocheng")
    assert city.name == "聊城市政协"
    assert sorted(city.children.values_list("short_name", flat=True)) == sorted(
        ["东昌府区", "茌平区", "临清市", "阳谷县", "莘县", "东阿县", "冠县", "高唐县"]
    )
    assert 380 <= Member.objects.filter(committee=city).count() <= 420
    assert HandlingUnit.objects.filter(committee=city).count() >= 40
    assert Session.objects.get(committee=city, name="十四届三次会议").opened_on.year == 2024
    for username in ("secretariat", "leader", "member", "member2", "unit", "county"):
        assert User.objects.get(username=username).check_password("cppcc-demo")
    assert Member.objects.get(user__username="member").committee == city
    assert not Member.objects.filter(id_number="").exists()
    for member in Member.objects.only("id_number"):
        validate_id_number(member.id_number)  # GB 11643's check character, a birth date
        assert member.id_number[:4] == "3715"  # 聊城
    first = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == first


def test_if_empty_leaves_an_existing_database_alone(city):
    call_command("seed_demo", "--if-empty", verbosity=0)
    assert not Committee.objects.filter(code="liaocheng").exists()
