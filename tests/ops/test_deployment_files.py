"""The sample environment and the README name every variable the settings read; no secrets in them."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def variables_read_by_settings() -> set[str]:
    settings = (ROOT / "cppcc/settings.py").read_text()
    return set(re.findall(r'env_(?:str|bool|int|float|list|map)\("([A-Z_]+)"', settings))


def sample_environment() -> dict[str, str]:
    lines = (ROOT / "deploy/cppcc.env.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def test_the_sample_environment_sets_every_variable_without_secrets():
    sample = sample_environment()
    assert variables_read_by_settings() <= set(sample)
    assert sample["DJANGO_SECRET_KEY"] == "" and sample["FIELD_ENCRYPTION_KEYS"] == ""
    assert sample["DJANGO_DEBUG"] == "0"
    assert ":" not in sample["DATABASE_URL"].split("@")[0].removeprefix("postgres://")  # no password


def test_the_readme_documents_every_variable():
    readme = (ROOT / "README.md").read_text()
    assert [name for name in sorted(variables_read_by_settings()) if f"`{name}`" not in readme] == []
    assert "## Deployment" in readme


def test_the_deployment_examples_exist():
    for name in ["cppcc.service", "cppcc-backup.service", "cppcc-backup.timer", "nginx.conf"]:
        assert (ROOT / "deploy" / name).is_file()
    assert "gunicorn cppcc.wsgi:application" in (ROOT / "deploy/cppcc.service").read_text()
