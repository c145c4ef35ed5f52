"""Every password set enters the history (as a hash, with its time); none of the last five may be
used again, and only the last five are kept."""

import datetime

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from cppcc.accounts.models import PasswordHistory
from cppcc.org.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORDS = [f"Plum-crater-{n}X" for n in range(7)]


def change(user, password):
    validate_password(password, user)
    user.set_password(password)
    user.save()


def reused(user, password) -> bool:
    try:
        validate_password(password, user)
    except ValidationError as refused:
        return "password_reused" in {error.code for error in refused.error_list}
    return False


def test_creating_an_account_records_its_password_and_when():
    before = timezone.now()
    user = User.objects.create_user("zhaowj", password=PASSWORDS[0])
    [entry] = PasswordHistory.objects.filter(user=user)
    assert entry.password == user.password and entry.password.startswith("md5$")
    assert entry.set_at >= before


def test_saving_without_a_new_password_records_nothing():
    user = UserFactory()
    user.name = "赵文静"
    user.save()
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    assert PasswordHistory.objects.filter(user=user).count() == 1


def test_the_current_and_the_last_five_passwords_are_refused_older_ones_accepted():
    user = UserFactory()
    for password in PASSWORDS[:6]:
        change(user, password)
    assert reused(user, PASSWORDS[5]), "the current password"
    assert all(reused(user, password) for password in PASSWORDS[1:6])
    assert not reused(user, PASSWORDS[0])
    assert not reused(user, PASSWORDS[6])
    assert (
        "密码不得与最近 5 次使用过的密码相同。"
        in pytest.raises(ValidationError, validate_password, PASSWORDS[3], user).value.messages
    )


def test_only_the_last_five_are_kept_newest_first():
    user = UserFactory()
    for password in PASSWORDS:
        change(user, password)
    kept = list(PasswordHistory.objects.filter(user=user))
    assert len(kept) == 5
    assert kept[0].password == user.password
    assert [entry.set_at for entry in kept] == sorted((entry.set_at for entry in kept), reverse=True)


def test_the_count_follows_the_setting(settings):
    settings.PASSWORD_HISTORY_COUNT = 2
    user = UserFactory()
    for password in PASSWORDS[:4]:
        change(user, password)
    assert PasswordHistory.objects.filter(user=user).count() == 2
    assert reused(user, PASSWORDS[2]) and not reused(user, PASSWORDS[1])


def test_without_a_history_the_newest_password_is_kept_for_its_age(settings):
    settings.PASSWORD_HISTORY_COUNT = 0
    user = UserFactory()
    change(user, PASSWORDS[1])
    change(user, PASSWORDS[1])  # the same again: nothing refuses it
    assert PasswordHistory.objects.filter(user=user).count() == 1


def test_the_hashes_are_shown_to_nobody(city_clerk):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    assert not PasswordHistory.objects.restrict(city_clerk, "view").exists()
    assert PasswordHistory.objects.restrict(superuser, "view").exists()  # the gate's rule for superusers
    assert PasswordHistory not in __import__("django.contrib.admin").contrib.admin.site._registry


def test_a_new_account_has_no_history_to_compare():
    validate_password(PASSWORDS[0], UserFactory.build())


def test_when_the_password_was_set_is_kept():
    user = UserFactory()
    PasswordHistory.objects.filter(user=user).update(set_at=timezone.now() - datetime.timedelta(days=30))
    change(user, PASSWORDS[0])
    newest = PasswordHistory.objects.filter(user=user).first()
    assert timezone.now() - newest.set_at < datetime.timedelta(minutes=1)
