"""Settings come from the environment, strictly; production mode passes `check --deploy` with no warning."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from lib.env import env_bool, env_list


def test_a_boolean_that_is_neither_true_nor_false_is_an_error(monkeypatch):
    monkeypatch.setenv("KOSHI_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("KOSHI_FLAG", False)


def test_booleans_and_lists_are_read(monkeypatch):
    monkeypatch.setenv("KOSHI_FLAG", "Yes")
    monkeypatch.setenv("KOSHI_HOSTS", "a.kz, b.kz")
    assert env_bool("KOSHI_FLAG", False) is True
    assert env_list("KOSHI_HOSTS", []) == ["a.kz", "b.kz"]


def _manage(*args, **env):
    full_env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "KOSHI_MODE", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    full_env.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=full_env,
                          capture_output=True, text=True, timeout=120)


def test_production_mode_passes_the_deployment_check_without_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", KOSHI_MODE="production",
                     SECRET_KEY="x9" * 30 + "-production-secret", ALLOWED_HOSTS="koshi.gov.kz")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_mode_refuses_to_start_without_a_secret_key():
    result = _manage("check", KOSHI_MODE="production", ALLOWED_HOSTS="koshi.gov.kz", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
