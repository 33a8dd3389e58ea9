"""Settings come from the environment; production refuses to start without its secrets."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(env_overrides: dict, *args: str) -> subprocess.CompletedProcess:
    ignored = {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in ignored}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_without_a_secret_key_refuses_to_start():
    result = _run({"SYNERGY_ENV": "production"}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_pass_the_deployment_checklist(tmp_path):
    result = _run(
        {
            "SYNERGY_ENV": "production",
            "SECRET_KEY": "x" * 64 + "production-like-secret-for-the-check",
            "ALLOWED_HOSTS": "synergy.example.org",
            "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_database_url_switches_to_postgresql():
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    env = {**os.environ, "DATABASE_URL": "postgres://u@127.0.0.1:5432/x", "DJANGO_SETTINGS_MODULE": "synergy.settings"}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_redis_url_moves_cache_sessions_and_tasks_to_redis():
    code = (
        "from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE, settings.TASKS['default']['BACKEND'])"
    )
    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/9", "DJANGO_SETTINGS_MODULE": "synergy.settings"}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.stdout.split() == [
        "synergy.core.redis_cache.RedisCache",
        "django.contrib.sessions.backends.cache",
        "django_tasks_rq.RQBackend",
    ]
