"""Production refuses a database whose demo accounts still have the demo password (accounts.E001):
``check --database default`` and ``migrate`` fail with debug off; with debug on the demo is fine."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from cppcc.accounts.checks import demo_passwords
from cppcc.org.demo import DEMO_PASSWORD
from cppcc.org.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_accounts(db):
    return [UserFactory(username=name, password=DEMO_PASSWORD) for name in ("secretariat", "member")]


def test_debug_off_refuses_the_demo_password_naming_the_accounts(settings, demo_accounts):
    settings.DEBUG = False
    [error] = demo_passwords(databases=["default"])
    assert error.id == "accounts.E001" and error.is_serious()
    assert "member, secretariat" in error.msg and "演示密码" in error.msg and "DJANGO_DEBUG" in error.msg
    assert "manage.py changepassword" in error.hint
    with pytest.raises(SystemCheckError, match="accounts.E001"):
        call_command("check", "--database", "default", "--deploy")


def test_debug_on_allows_the_demo(settings, demo_accounts):
    settings.DEBUG = True
    assert demo_passwords(databases=["default"]) == []


def test_changed_or_deactivated_demo_accounts_pass(settings, demo_accounts):
    settings.DEBUG = False
    secretariat, member = demo_accounts
    secretariat.set_password("Plum-crater-2024")
    secretariat.save()
    User.objects.filter(pk=member.pk).update(is_active=False)
    assert demo_passwords(databases=["default"]) == []
    UserFactory(username="someone", password=DEMO_PASSWORD)  # not a demo username: not tried
    assert demo_passwords(databases=["default"]) == []


def test_the_check_reads_the_database_only_when_asked(settings, demo_accounts, django_assert_num_queries):
    settings.DEBUG = False
    with django_assert_num_queries(0):
        assert demo_passwords(databases=None) == []


def test_seed_demo_still_builds_the_accounts_with_the_demo_password(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    assert User.objects.get(username="secretariat").check_password(DEMO_PASSWORD)
    assert demo_passwords(databases=["default"]) == []
    settings.DEBUG = False
    assert [error.id for error in demo_passwords(databases=["default"])] == ["accounts.E001"]
