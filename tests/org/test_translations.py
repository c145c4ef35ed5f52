"""Every label a person reads has a Chinese translation: model and field names and enum labels."""

import re

from django.apps import apps
from django.conf import settings
from django.utils import translation

CJK = re.compile(r"[\u4e00-\u9fff]")
PROJECT_APPS = {"org", "proposals", "opinions", "platforms", "scoring", "dashboards", "portal"}


def project_models():
    for model in apps.get_models():
        if model._meta.app_label in PROJECT_APPS and not model.__name__.startswith("Historical"):
            yield model


def test_every_model_field_and_choice_is_translated():
    untranslated = []
    with translation.override("zh-hans"):
        for model in project_models():
            meta = model._meta
            for label in (meta.verbose_name, meta.verbose_name_plural):
                if not CJK.search(str(label)):
                    untranslated.append(f"{meta.label}: {label}")
            for field in meta.get_fields():
                if field.auto_created or not hasattr(field, "verbose_name"):
                    continue
                if not CJK.search(str(field.verbose_name)):
                    untranslated.append(f"{meta.label}.{field.name}: {field.verbose_name}")
                for _code, label in getattr(field, "flatchoices", None) or []:
                    if not CJK.search(str(label)):
                        untranslated.append(f"{meta.label}.{field.name} choice: {label}")
    assert untranslated == []


def test_chinese_is_the_default_and_english_is_available():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _name in settings.LANGUAGES] == ["zh-hans", "en"]
    with translation.override("en"):
        from cppcc.org.models import Member

        assert str(Member._meta.verbose_name) == "member"
