"""Settings read the environment and refuse to start when production values are missing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cppcc.settings import database_from_url

ROOT = Path(__file__).resolve().parents[2]


def run_django(env_overrides: dict, *args: str) -> subprocess.CompletedProcess:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "FIELD_ENCRYPTION_KEYS"
    }
    env.update({"DJANGO_SETTINGS_MODULE": "cppcc.settings", **env_overrides})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_django({"DJANGO_DEBUG": "0"}, "check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


PRODUCTION = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-" + "x" * 40}
KEY = "k2027:" + "0f1e2d3c4b5a69788796a5b4c3d2e1f0"


def test_production_refuses_to_start_without_a_field_encryption_key():
    result = run_django(PRODUCTION, "check")
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS is required" in result.stderr


@pytest.mark.parametrize("keys", ["k1:0123", "k 1:" + "0" * 32, "k1:" + "g" * 32, "k1"])
def test_a_malformed_field_encryption_key_is_refused(keys):
    result = run_django({**PRODUCTION, "FIELD_ENCRYPTION_KEYS": keys}, "check")
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS" in result.stderr


def test_debug_runs_on_the_development_key():
    result = run_django(
        {"DJANGO_DEBUG": "1"},
        "shell",
        "-c",
        "from django.conf import settings; print(settings.FIELD_ENCRYPTION_KEYS)",
    )
    assert result.returncode == 0, result.stderr
    assert "'dev'" in result.stdout


def test_an_unknown_password_hasher_is_refused():
    result = run_django(
        {**PRODUCTION, "FIELD_ENCRYPTION_KEYS": KEY, "DJANGO_PASSWORD_HASHER": "md5"}, "check"
    )
    assert result.returncode != 0
    assert "DJANGO_PASSWORD_HASHER must be sha256 or sm3" in result.stderr


def test_a_malformed_boolean_is_refused():
    result = run_django({"DJANGO_DEBUG": "perhaps"}, "check")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be a boolean" in result.stderr


def test_production_settings_pass_the_deployment_checks():
    result = run_django(
        {**PRODUCTION, "FIELD_ENCRYPTION_KEYS": KEY, "DJANGO_ALLOWED_HOSTS": "cppcc.example.org"},
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_benchmark_is_installed_by_its_own_settings_only():
    production = {"DJANGO_DEBUG": "1"}
    assert "Unknown command: 'bench'" in run_django(production, "bench", "--help").stderr
    bench = run_django({**production, "DJANGO_SETTINGS_MODULE": "cppcc.bench.settings"}, "bench", "--help")
    assert bench.returncode == 0 and "--scale" in bench.stdout


def test_database_urls():
    assert database_from_url("sqlite:////tmp/x.db")["NAME"] == "/tmp/x.db"
    assert database_from_url("sqlite:///db.sqlite3")["NAME"] == str(ROOT / "db.sqlite3")
    pg = database_from_url("postgres://app:s%40cret@db.internal:5433/cppcc?sslmode=require")
    assert pg["ENGINE"] == "django.db.backends.postgresql"
    assert (pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"], pg["NAME"]) == (
        "app",
        "s@cret",
        "db.internal",
        "5433",
        "cppcc",
    )
    assert pg["OPTIONS"] == {"connect_timeout": 5, "sslmode": "require"}
    assert (pg["CONN_MAX_AGE"], pg["CONN_HEALTH_CHECKS"]) == (60, True)
    patient = database_from_url("postgres://app@db.internal/cppcc?connect_timeout=30")
    assert patient["OPTIONS"] == {"connect_timeout": "30"}
    with pytest.raises(ImproperlyConfigured):
        database_from_url("mysql://x/y")
    with pytest.raises(ImproperlyConfigured):
        database_from_url("postgres://host")
