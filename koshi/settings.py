"""Koshi settings, driven by the environment (see README, "Configuration").

KOSHI_MODE=development (default) runs on SQLite with DEBUG on; KOSHI_MODE=production demands a
SECRET_KEY and ALLOWED_HOSTS from the environment and turns every transport-security setting on, so
that `manage.py check --deploy` passes with no warnings.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
import plotly
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from lib.env import env_bool, env_int, env_list, env_str
from lib.postgresql.prepared import CONNECTION_OPTIONS as PREPARED_OPTIONS
from lib.sqlite import SQLITE_OPTIONS

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("KOSHI_VAR_DIR", str(BASE_DIR / "var")))

MODE = env_str("KOSHI_MODE", "development")
if MODE not in {"development", "production"}:
    raise ImproperlyConfigured(f"KOSHI_MODE must be development or production, not {MODE!r}.")
PRODUCTION = MODE == "production"

if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters with 5 distinct ones.")
else:
    SECRET_KEY = env_str("SECRET_KEY", "koshi-development-only-secret-key-never-use-it-in-production-0123456789")

DEBUG = env_bool("DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG cannot be on in production mode.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required in production mode.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The rooms of DESIGN.md: foundation first, then the domain rooms, then the faces.
KOSHI_APPS = [
    "geo",
    "people",
    "accounts",
    "law",
    "labour",
    "registry",
    "oversight",
    "relocation",
    "fund",
    "appeals",
    "surveys",
    "stats",
    "web",
    "api",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # intcomma: amounts grouped as the active language writes them
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    *KOSHI_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "api.middleware.ApiLanguageMiddleware",  # an API client that asks for no language gets API_DEFAULT_LANGUAGE
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the lockout page (429)
]

# WhiteNoise serves static files in both modes (gunicorn serves none): collectstatic's compressed, hashed files
# in production; in development straight from the apps' folders (no collectstatic needed).
MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

ROOT_URLCONF = "koshi.urls"
WSGI_APPLICATION = "koshi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "web.navigation.navigation",
            ],
        },
    },
]

# SQLite by default so that one command runs everything; PostgreSQL through DATABASE_URL.
# Persistent connections (CONN_MAX_AGE, seconds): each server thread keeps its connection between requests
# instead of opening one per request (on PostgreSQL a new backend process, several ms of each request); the
# health check replaces one the database closed. Each gunicorn thread holds one (workers x threads in all);
# a killed worker's connections end with it. DATABASE_CONN_MAX_AGE=0 closes after every request.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "lib.postgresql"  # Django's, its health check local when the socket is quiet
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):  # false behind a pooler in transaction mode (PgBouncer)
        DATABASES["default"].setdefault("OPTIONS", {}).update(PREPARED_OPTIONS)  # hot reads planned once
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)  # WAL, busy timeout, BEGIN IMMEDIATE
_test_db_name = env_str("KOSHI_TEST_DB_NAME", "")
if _test_db_name:
    DATABASES["default"]["TEST"] = {"NAME": _test_db_name}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# django-axes watches every login (the login page, the admin, the API's token endpoint) and refuses a
# username from an address after AXES_FAILURE_LIMIT failures for AXES_COOLOFF_TIME; the lockout is written to
# accounts' access log (event locked_out). The database handler: every server process sees the same count.
# ModelBackend whose get_user reads the user and their scope unit in one plain query (accounts/backends.py)
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "accounts.backends.UserBackend"]
AXES_FAILURE_LIMIT = env_int("KOSHI_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("KOSHI_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # one username from one address: no lockout of others
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # accounts.AccessLog records logins; axes keeps only its failure counts
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"  # 429, Retry-After, in the reader's language
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]  # behind a proxy, set to the header it writes

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Kazakh (the state language), Russian and English: every screen in all three.
LANGUAGE_CODE = "kk"
# The API answers in the language of Accept-Language; a client that sends none gets English, for every answer
# (errors, labels, CSV), as the OpenAPI description says (api/middleware.py).
API_DEFAULT_LANGUAGE = "en"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
# Rooms' catalogues are found as apps'; lib is no app, so its strings (lib/uploads.py) have their own.
LOCALE_PATHS = [BASE_DIR / "lib" / "locale"]
TIME_ZONE = "Asia/Almaty"
FORMAT_MODULE_PATH = ["koshi.formats"]  # Kazakh formats (Django ships none): koshi/formats/kk/formats.py
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# plotly.js is served from the installed plotly package: no page ever loads a script from a CDN.
STATICFILES_DIRS = [("vendor/plotly", Path(plotly.__file__).parent / "package_data")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"

# Slow and scheduled work runs on Django's Tasks framework (the django-tasks backport) with the database
# backend of django-tasks-db: no broker, the same on SQLite and PostgreSQL; `manage.py db_worker` runs it.
TASKS = {
    "default": {
        "BACKEND": env_str("KOSHI_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# labour's matching asks these for candidates beyond its job seekers (labour/README.md, "The provider hook").
KOSHI_LABOUR_MATCHING_PROVIDERS = ["relocation.matching.provider"]

# "default": each process's memory (sessions are in the database; DRF's throttles count per process).
# "shared": one store for every gunicorn worker (and the job worker), for results that are costly to build and
# the same for everyone who may see them, kept per data version — the statistics dashboard (stats.dashboard).
# Files: no service to run; KOSHI_SHARED_CACHE_DIR moves them (a tmpfs, a shared volume).
# "versions": each process's memory again, for results computed from rarely written tables and kept per data
# version, a token the database changes with every write of those tables (lib/data_versions.py): correct across
# processes, since each reads the token from the database. At most 200 entries (a third dropped when full): the
# largest, a dashboard page, is ~0.3 MB, so a process holds at most ~60 MB of it.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "versions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "versions",
                 "TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": 200}},
    "shared": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("KOSHI_SHARED_CACHE_DIR", str(VAR_DIR / "cache")),
        "TIMEOUT": 7 * 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 300},
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [  # Token first: an anonymous call is a 401 with WWW-Authenticate: Token
        "accounts.backends.UserTokenAuthentication",  # DRF's TokenAuthentication, the user read in one query
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "lib.openapi.AutoSchema",  # documents each endpoint's 400/401/403/404/409/429
    "DEFAULT_PAGINATION_CLASS": "lib.pagination.Pagination",  # ?limit= capped at 500; lib.pagination.CursorPagination
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("KOSHI_ANON_THROTTLE", "600/minute"),
        "law_calculator": env_str("KOSHI_LAW_THROTTLE", "600/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Koshi API",
    "DESCRIPTION": "Internal migration of the Republic of Kazakhstan: registers, law, programme, statistics. "
                   "Answers (errors, labels, CSV) are in the language of the Accept-Language header: kk, ru or en; "
                   "a client that sends none gets English.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "geo.models.UnitKind",
        "RegistrationKindEnum": "registry.models.Kind",
        "MigrationEventKindEnum": "registry.models.EventKind",
        "ContractEntryKindEnum": "labour.models.EntryKind",
        "OversightAlertStatusEnum": "oversight.models.Status",
        "FundGrantKindEnum": "fund.models.GrantKind",
        "SettlementTypeEnum": "relocation.models.SettlementType",
        "LawSettlementTypeEnum": "law.inputs.SETTLEMENT_TYPES",
        "LawMemberStatusEnum": "law.inputs.STATUSES",
    },
}

# Pseudonyms shown to researchers are keyed HMACs of the IIN; the key never leaves the server.
PSEUDONYM_KEY = env_str("KOSHI_PSEUDONYM_KEY", SECRET_KEY)
DEMO_PASSWORD = env_str("KOSHI_DEMO_PASSWORD", "koshi-demo")

SESSION_ENGINE = "accounts.sessions"  # Django's database sessions, read with one plain query (accounts/sessions.py)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content-Security-Policy: scripts only from Koshi itself or inline with the page's nonce
# (<script nonce="{{ request.csp_nonce }}">; no inline event handlers); nothing loaded from another host.
# Styles may be inline: plotly.js writes style attributes and <style> elements as it draws.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# E-mail (relocation's notifications): the console in development, SMTP in production (EMAIL_HOST etc.).
EMAIL_BACKEND = env_str("KOSHI_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION
                        else "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("KOSHI_FROM_EMAIL", "koshi@localhost")
