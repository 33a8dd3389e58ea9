"""Synergy's one settings module, driven by environment variables.

With nothing set, a fresh checkout runs on SQLite with mail printed to the console.
`DATABASE_URL` switches to PostgreSQL, `REDIS_URL` moves cache, sessions and the task
queue to Redis, and `SYNERGY_ENV=production` turns on the production safeguards.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


PRODUCTION = env_str("SYNERGY_ENV", "development") == "production"
DEBUG = env_bool("DEBUG", default=not PRODUCTION)

# No default in production: its secrets come only from the environment.
SECRET_KEY = os.environ["SECRET_KEY"] if PRODUCTION else env_str("SECRET_KEY", "development-only-not-secret")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_ID = 1

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "django_filters",
    "template_partials",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "synergy.core",
    "synergy.accounts",
    "synergy.notifications",
    "synergy.actors",
    "synergy.trainings",
    "synergy.challenges",
    "synergy.funding",
    "synergy.facilities",
    "synergy.networks",
    "synergy.matchmaking",
    "synergy.strategy",
    "synergy.library",
    "synergy.reports",
    "synergy.api",
    "synergy.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "synergy.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "synergy.core.middleware.RefusedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "synergy.api.errors.MethodNotAllowedMiddleware",
    "synergy.core.middleware.PublicApiCacheMiddleware",
]

ROOT_URLCONF = "synergy.urls"
WSGI_APPLICATION = "synergy.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "synergy" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "synergy.core.context_processors.site",
                "synergy.notifications.context_processors.unread",
            ],
            "builtins": ["django.templatetags.i18n", "synergy.core.templatetags.synergy"],
        },
    }
]

# --- Database -------------------------------------------------------------------------
# SQLite by default: WAL for concurrent readers, IMMEDIATE transactions so writers queue
# on the busy timeout instead of failing with "database is locked" mid-transaction.
# PostgreSQL: one persistent connection per thread, checked before its first query in each
# request and replaced at once if the database restarted meanwhile. (psycopg's pool, by
# contrast, discards the dead connections it holds one at a time with a growing pause, so
# the first request after a quiet restart waited up to 10 s and failed; and every forked
# RQ work process paid for a fresh pool.) A database host that does not answer fails the
# request after connect_timeout seconds instead of holding it for minutes.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, task queue ------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "synergy.core.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_PREFIX", "synergy"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
    INSTALLED_APPS.append("django_rq")
    TASKS = {
        "default": {
            "BACKEND": "django_tasks_rq.RQBackend",
            "QUEUES": ["default"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "synergy_cache",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A task running this long on the database queue is taken for abandoned by a dead worker
# elsewhere and run again (synergy.core.tasks.requeue_abandoned_tasks).
TASKS_ABANDONED_AFTER = env_int("TASKS_ABANDONED_AFTER", 15 * 60)

# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "synergy.accounts.forms.SignupForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Synergy] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
# Sign-in, sign-up and reset are rate limited per IP and per account (allauth, on the cache).
# Wrong second-factor codes count as failed sign-ins of the account (login_failed).
ACCOUNT_RATE_LIMITS = {
    "login": env_str("RATE_LIMIT_LOGIN", "30/m/ip"),
    "login_failed": env_str("RATE_LIMIT_LOGIN_FAILED", "10/m/ip,5/5m/key"),
    "signup": env_str("RATE_LIMIT_SIGNUP", "20/m/ip"),
    "reset_password": env_str("RATE_LIMIT_RESET", "20/m/ip,5/m/key"),  # nosec B105 - a rate, not a password
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",  # nosec B105 - a rate, not a password
    "manage_email": "10/m/user",
    # The other writes open to visitors without an account (synergy.core.ratelimit).
    "set_language": env_str("RATE_LIMIT_LANGUAGE", "30/m/ip"),
    "unsubscribe": env_str("RATE_LIMIT_UNSUBSCRIBE", "10/m/ip"),
    "confirm_email_key": env_str("RATE_LIMIT_CONFIRM_EMAIL", "10/m/ip"),
    "request_translation": env_str("RATE_LIMIT_TRANSLATION_REQUEST", "5/h/ip"),
    # Reads that cost the server much more than a page: matching a need scores the whole index.
    "match_need": env_str("RATE_LIMIT_MATCH", "30/m/ip"),
}
# Behind the reverse proxy every request comes from the proxy's address: the limits above
# count per client only if the client address is read from the X-Forwarded-For entry the
# proxy added. Set to the number of proxies in front of gunicorn (0 when there is none).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if PRODUCTION else 0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Synergy"
# Accept the code of the previous or next 30-second window too: phones' clocks drift, and a
# code typed as the window turns is still honest. allauth refuses a code used twice.
MFA_TOTP_TOLERANCE = 1
TERMS_VERSION = "2026-11"
PRIVACY_VERSION = "2026-11"

# --- Languages ------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("pl", "Polski"),
    ("de", "Deutsch"),
    ("it", "Italiano"),
    ("sl", "Slovenščina"),
    ("hr", "Hrvatski"),
]
LOCALE_PATHS = [BASE_DIR / "synergy" / "locale"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_HTTPONLY = True  # only the server reads it
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "Europe/Brussels")

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "synergy" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# --- E-mail ---------------------------------------------------------------------------
# Every message is written to the outbox first (synergy.notifications) and delivered by a
# task through OUTBOX_DELIVERY_BACKEND, with retries, so an SMTP outage loses nothing.
EMAIL_BACKEND = "synergy.notifications.backends.OutboxBackend"
OUTBOX_DELIVERY_BACKEND = env_str(
    "OUTBOX_DELIVERY_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION or env_str("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 12)
OUTBOX_RETRY_SECONDS = env_int("OUTBOX_RETRY_SECONDS", 60)  # first retry; each later one waits twice as long
OUTBOX_STALE_CLAIM_SECONDS = env_int("OUTBOX_STALE_CLAIM_SECONDS", 600)  # a sender silent this long has died
DIGEST_HOUR = env_int("DIGEST_HOUR", 7)  # local time at which daily digests are sent
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Synergy <noreply@synergy.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Operator", addr) for addr in env_list("ADMIN_EMAILS")]

# --- Security -------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The preload directive only allows an operator to submit the domain to browsers' lists.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO" if PRODUCTION else "WARNING")},
    "loggers": {"synergy": {"level": env_str("LOG_LEVEL", "INFO"), "propagate": True}},
}

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500
NINJA_PAGINATION_CLASS = "synergy.api.pagination.BoundedLimitOffsetPagination"
PAGE_SIZE = 20
# How long a rendered fragment of a list or report is kept at most (synergy.core.caching): a
# saved change shows at once; a change made behind the models' backs, within this time.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 300)
# An organisation counts as active on the platform when it did something here within this many
# days: posted a challenge, shared equipment, joined a network, answered a request.
ACTOR_ACTIVE_DAYS = env_int("ACTOR_ACTIVE_DAYS", 365)
# The profile completeness (0-100) an organisation needs before the network formation assistant
# proposes it: a network is built from actors whose profiles say enough to judge the fit.
NETWORK_PROFILE_THRESHOLD = env_int("NETWORK_PROFILE_THRESHOLD", 60)
# The first year the public figures and the open data offer, one row per year from it to this one.
FIGURES_FIRST_YEAR = env_int("FIGURES_FIRST_YEAR", 2020)
# The largest CORDIS file an operator may upload on the import page (Horizon 2020's organization.csv is
# about 100 MB); the reverse proxy must allow as much on /actors/import/.
CORDIS_UPLOAD_MAX_BYTES = env_int("CORDIS_UPLOAD_MAX_BYTES", 300 * 1024 * 1024)
