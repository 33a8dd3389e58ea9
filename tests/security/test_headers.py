"""Security headers, cookies and the HTTPS redirect as production serves them.

The test suite itself runs with development settings, so these checks start a separate
Python process with ``SYNERGY_ENV=production`` and the environment docs/deploy.md asks for,
and send real WSGI requests to ``synergy.wsgi.application`` there: what is asserted is what
the production settings module produces, not a copy of it. The only change is where
``collectstatic`` writes (a temporary folder, as the benchmark does).
"""

import json
import os
import re
import subprocess
import sys
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [ROOT / "synergy" / "templates", *sorted((ROOT / "synergy").glob("*/templates"))]

# Runs in the production process: migrate a fresh SQLite file, make one member, then replay
# a visitor's requests through the WSGI application and print what came back as JSON.
PRODUCTION_VISIT = r"""
import io, json, os, sys
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
settings.STATIC_ROOT = os.environ["TEST_STATIC_ROOT"]
call_command("migrate", verbosity=0)
call_command("createcachetable", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
from allauth.account.models import EmailAddress
from synergy.accounts.models import User
user = User.objects.create_user("mia@example.org", password="correct horse battery staple", display_name="Mia")
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
from synergy.wsgi import application
from urllib.parse import urlencode

cookies = {}

def visit(method, path, data=None, https=True):
    body = urlencode(data or {}).encode()
    environ = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "synergy.example.org",
        "SERVER_PORT": "80", "HTTP_HOST": "synergy.example.org", "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr, "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "application/x-www-form-urlencoded", "REMOTE_ADDR": "127.0.0.1",
        "HTTP_COOKIE": "; ".join(f"{k}={v}" for k, v in cookies.items()),
    }
    if https:  # as the reverse proxy says it, after terminating TLS
        environ["HTTP_X_FORWARDED_PROTO"] = "https"
        environ["HTTP_X_FORWARDED_FOR"] = "203.0.113.7"
        environ["HTTP_REFERER"] = "https://synergy.example.org/"
    answer = {}
    def start_response(status, headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = headers
    content = b"".join(application(environ, start_response)).decode()
    for name, value in answer["headers"]:
        if name == "Set-Cookie":
            key, _, rest = value.partition("=")
            cookies[key.strip()] = rest.split(";")[0]
    return {"path": path, "https": https, "status": answer["status"], "headers": answer["headers"], "body": content}

visits = [
    visit("GET", "/", https=False),
    visit("GET", "/healthz", https=False),
    visit("GET", "/"),
    visit("GET", "/accounts/login/"),
]
token = cookies[settings.CSRF_COOKIE_NAME]
visits.append(visit("POST", "/me/language/", {"language": "de", "csrfmiddlewaretoken": token}))
visits.append(visit("POST", "/accounts/login/", {
    "login": "mia@example.org", "password": "correct horse battery staple", "csrfmiddlewaretoken": token}))
print(json.dumps(visits))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> dict:
    """Responses of the production process, by (method-less) label; run once per module."""
    folder = tmp_path_factory.mktemp("production")
    ignored = {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in ignored}
    env.update({
        "DJANGO_SETTINGS_MODULE": "synergy.settings", "SYNERGY_ENV": "production",
        "SECRET_KEY": "production-like-secret-" + "x" * 50, "ALLOWED_HOSTS": "synergy.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://synergy.example.org", "SQLITE_PATH": str(folder / "db.sqlite3"),
        "MEDIA_ROOT": str(folder / "media"), "TEST_STATIC_ROOT": str(folder / "static"),
        "OUTBOX_DELIVERY_BACKEND": "django.core.mail.backends.locmem.EmailBackend", "LOG_LEVEL": "ERROR",
    })  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_VISIT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    visits = json.loads(result.stdout.strip().splitlines()[-1])
    labels = ["http home", "http healthz", "home", "login page", "language switch", "sign-in"]
    return dict(zip(labels, visits, strict=True))


def _header(visit: dict, name: str) -> str:
    values = [value for key, value in visit["headers"] if key.lower() == name.lower()]
    assert len(values) == 1, f"{name}: {values}"
    return values[0]


def _cookies(visit: dict) -> SimpleCookie:
    jar = SimpleCookie()
    for key, value in visit["headers"]:
        if key == "Set-Cookie":
            jar.load(value)
    return jar


def test_plain_http_is_redirected_to_https(production):
    visit = production["http home"]
    assert visit["status"] == 301
    assert _header(visit, "Location") == "https://synergy.example.org/"


def test_health_check_answers_over_plain_http(production):
    """Load balancers probe the app servers directly, without TLS."""
    assert production["http healthz"]["status"] in (200, 503)
    assert '"ok"' in production["http healthz"]["body"]


def test_pages_run_no_inline_script_under_the_content_security_policy(production):
    visit = production["home"]
    assert visit["status"] == 200
    directives = {}
    for part in _header(visit, "Content-Security-Policy").split(";"):
        if part.split():
            name, *sources = part.split()
            directives[name] = sources
    script_src = directives.get("script-src", directives["default-src"])
    assert "'self'" in script_src
    for unsafe in ("'unsafe-inline'", "'unsafe-eval'", "data:", "*", "http:", "https:"):
        assert unsafe not in script_src
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]


def test_transport_and_framing_headers(production):
    visit = production["home"]
    hsts = _header(visit, "Strict-Transport-Security")
    assert int(re.search(r"max-age=(\d+)", hsts)[1]) >= 365 * 24 * 3600
    assert "includeSubDomains" in hsts
    assert _header(visit, "X-Frame-Options") == "DENY"
    assert _header(visit, "X-Content-Type-Options") == "nosniff"
    assert _header(visit, "Referrer-Policy") == "same-origin"
    assert _header(visit, "Cross-Origin-Opener-Policy") == "same-origin"


def _assert_locked(cookie, *, http_only: bool) -> None:
    assert cookie["secure"] is True
    assert cookie["samesite"] in ("Lax", "Strict")
    assert bool(cookie["httponly"]) is http_only


def test_csrf_cookie_is_secure_http_only_and_same_site(production):
    _assert_locked(_cookies(production["login page"])["csrftoken"], http_only=True)


def test_language_cookie_is_secure_http_only_and_same_site(production):
    visit = production["language switch"]
    assert visit["status"] == 302
    cookie = _cookies(visit)["django_language"]
    assert cookie.value == "de"
    _assert_locked(cookie, http_only=True)


def test_session_cookie_is_secure_http_only_and_same_site(production):
    visit = production["sign-in"]
    assert visit["status"] == 302, visit["body"][:500]
    _assert_locked(_cookies(visit)["sessionid"], http_only=True)


def _templates():
    for folder in TEMPLATE_DIRS:
        yield from sorted(folder.rglob("*.html"))


def test_the_template_scan_sees_every_app():
    scanned = {path.relative_to(ROOT).parts[1] for path in _templates()}
    assert {"templates", "core", "accounts", "trainings", "challenges", "funding", "facilities"} <= scanned


def test_no_template_has_an_inline_script_or_event_handler():
    """The CSP forbids them, so any would silently break in production."""
    inline_script = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    # onclick= and the like, and htmx's hx-on, which evaluates its value as script.
    handler = re.compile(r"<[a-z][^>]*\s(on[a-z]+|hx-on[-:\w]*)\s*=", re.IGNORECASE | re.DOTALL)
    javascript_url = re.compile(r"(?:href|src|action)\s*=\s*[\"']?\s*javascript:", re.IGNORECASE)
    found = []
    for path in _templates():
        text = path.read_text()
        for pattern in (inline_script, handler, javascript_url):
            found += [f"{path.relative_to(ROOT)}: {match[0][:80]}" for match in pattern.finditer(text)]
    assert not found
