"""The password policy's rules (cppcc/accounts/validators.py), each refusing and accepting, with
their limits read from settings when they run."""

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError

from cppcc.accounts.validators import character_classes
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

STRONG = "Tq7!vNe2#pLw"


def codes(password, user=None) -> set[str]:
    try:
        validate_password(password, user)
    except ValidationError as refused:
        return {error.code for error in refused.error_list}
    return set()


def messages(password, user=None) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    return refused.value.messages


def test_a_strong_password_passes_every_rule():
    assert codes(STRONG, UserFactory(username="liming", name="李明")) == set()


@pytest.mark.parametrize(("password", "refused"), [("Tq7!vNe2#", True), ("Tq7!vNe2#p", False)])
def test_at_least_ten_characters_by_default(password, refused):
    assert ("password_too_short" in codes(password)) is refused


def test_the_length_follows_the_setting(settings):
    settings.PASSWORD_MIN_LENGTH = 14
    assert "password_too_short" in codes(STRONG)
    assert messages(STRONG) == ["密码太短：至少需要 14 个字符。"]
    assert "password_too_short" not in codes(STRONG + "x9Y")


@pytest.mark.parametrize(
    ("password", "classes"),
    [
        ("qwertyuiopas", 1),
        ("qwertyuiop12", 2),
        ("Qwertyuiop12", 3),
        ("Qwertyuiop1!", 4),
        ("qwertyuiop中文!", 2),
    ],
    ids=str,
)
def test_the_four_classes_of_characters(password, classes):
    assert character_classes(password) == classes


@pytest.mark.parametrize(
    ("password", "refused"),
    [("plumcrater98", True), ("plum-crater-x", True), ("Plumcrater98", False), ("plum-crater-98", False)],
    ids=str,
)
def test_three_classes_of_four_by_default(password, refused):
    assert ("password_too_few_character_classes" in codes(password)) is refused


def test_the_classes_follow_the_setting(settings):
    settings.PASSWORD_CHARACTER_CLASSES = 4
    assert messages("Plumcrater98") == ["密码须至少包含大写字母、小写字母、数字、符号中的 4 类。"]
    assert codes("Plumcrater9!") == set()
    settings.PASSWORD_CHARACTER_CLASSES = 0
    assert codes("plumcraterxx") == set()


@pytest.mark.parametrize(
    "password",
    ["Wangxm2024!!", "My-wangxm-9Z", "李明远Plum2024", "Plum2024李明远", "Plum2024!王晓梅"],
    ids=str,
)
def test_the_username_and_the_names_are_refused_inside_a_password(password):
    user = UserFactory(username="wangxm", name="李明远")
    MemberFactory(user=user, name="王晓梅")
    assert "password_contains_user_attribute" in codes(password, user)
    assert "密码不得包含用户名或姓名。" in messages(password, user)


def test_short_latin_parts_are_not_looked_for_but_chinese_names_are():
    user = UserFactory(username="li", name="李明")
    assert codes("Plum-li-2024", user) == set()
    assert "password_contains_user_attribute" in codes("Plum李明2024", user)


def test_a_new_account_is_checked_by_its_username_before_it_is_saved():
    assert "password_contains_user_attribute" in codes(
        "Plum-zhangsan-2024!", UserFactory.build(username="zhangsan")
    )


def test_common_and_numeric_passwords_stay_refused():
    assert "password_too_common" in codes("password1234")
    assert "password_entirely_numeric" in codes("1234567890123")


def test_the_help_texts_state_the_policy_in_chinese():
    texts = password_validators_help_texts()
    assert "密码至少需要 10 个字符。" in texts
    assert "密码须至少包含大写字母、小写字母、数字、符号中的 3 类。" in texts
    assert "密码不得与最近 5 次使用过的密码相同。" in texts
