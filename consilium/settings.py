"""Consilium's one settings module: every deployment difference comes from environment variables."""

from __future__ import annotations

import os
from functools import cache, partial
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.functional import lazy
from whitenoise.compress import Compressor

from consilium.datadir import data_dir, stored_secret_key


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent
# The data dir holds the database, the secret key and patients' photos. Importing the
# settings creates nothing: Django's start-up makes the directory private and writes the key
# (consilium.apps), and the key is read from it once, when first used.
DATA_DIR = data_dir()
SECRET_KEY: str = (
    os.environ.get("SECRET_KEY") or lazy(cache(partial(stored_secret_key, DATA_DIR)), str)()
)
DEBUG = env_flag("DEBUG")
# Django's test set-up adds "testserver" itself; nothing else should answer to it.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# `consilium serve` sets SITE_URL for its processes from the address it serves.
SITE_URL = os.environ.get("SITE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}").rstrip(
    "/"
)

INSTALLED_APPS = [
    # First, so the data directory is ready before any other app's start-up touches it.
    "consilium",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    # Before django_tasks_db, so that its db_worker command (with leases) is the one run.
    "consilium.worker",
    "django_tasks",
    "django_tasks_db",
    "axes",
    # Serves the API docs' Swagger UI from its own static files, not from a CDN.
    "ninja",
    "consilium.accounts",
    "consilium.doctors",
    "consilium.topics",
    "consilium.qa",
    "consilium.consensus",
    "consilium.moderation",
    "consilium.outcomes",
    "consilium.search",
    "consilium.pagecache",
    "consilium.api",
    "consilium.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses pages made for one reader; pages from the page cache come compressed.
    "consilium.web.compression.HtmlGZipMiddleware",
    # Before anything reads the database: a person who just wrote reads from the primary.
    "consilium.replicas.PrimaryAfterWrite",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Answers 304 to a reader whose copy of a page is current (ETag or Last-Modified).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After sign-in is known (signed-in pages are never cached), before every view.
    "consilium.web.security.SecurityHeaders",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks, so it sees the outcome of every sign-in attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "consilium.urls"
# Labels without colons, help text and errors tied to their fields (consilium/web/forms_rendering).
FORM_RENDERER = "consilium.web.forms_rendering.SiteFormRenderer"
WSGI_APPLICATION = "consilium.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "consilium.web.context_processors.header",
                "consilium.web.context_processors.emergency_number",
            ],
        },
    },
]

# Database: embedded SQLite in WAL mode unless DATABASE_URL names another server.
if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"],
            conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "consilium.sqlite3"),
            # Kept open between requests: opening one runs the pragmas, registers Django's
            # SQL functions and reads the schema again, and starts with an empty page cache.
            "CONN_MAX_AGE": int(os.environ.get("CONN_MAX_AGE", "60")),
            "OPTIONS": {
                # IMMEDIATE makes writers queue for the lock at BEGIN instead of failing
                # mid-transaction when two gunicorn workers write at once.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
# Read replicas (PostgreSQL streaming replicas of DATABASE_URL): ORM reads go to them,
# writes and a writer's next reads to the primary (consilium/replicas.py).
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS", "")):
    DATABASES[f"replica{_number}"] = {
        **dj_database_url.parse(_url, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60"))),
        # Tests read their rows back through the replica alias from the test database.
        "TEST": {"MIRROR": "default"},
    }
if len(DATABASES) > 1:
    DATABASE_ROUTERS = ["consilium.replicas.ReplicaRouter"]
PRIMARY_AFTER_WRITE_SECONDS = int(os.environ.get("PRIMARY_AFTER_WRITE_SECONDS", "5"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES: dict[str, dict[str, Any]]
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "consilium"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Pages for signed-out readers and the versions that writes bump. Every app process must
# see every bump, so this cache is shared: Redis when there is one, else files in the data
# dir (a process's local memory would keep serving pages another process's write changed).
CACHES["pages"] = (
    {**CACHES["default"], "KEY_PREFIX": CACHES["default"].get("KEY_PREFIX", "") + "-pages"}
    if os.environ.get("REDIS_URL")
    else {
        "BACKEND": "consilium.pagecache.files.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache" / "pages"),
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_ENTRIES", "5000"))},
    }
)
# Sessions are read from a cache on every signed-in request and written through to the
# database, which they are read back from when the cache lost them. The cache is shared like
# the pages' one: signing out in one process must end the session in every process.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_CACHE_ALIAS = "sessions"
CACHES["sessions"] = (
    {**CACHES["default"], "KEY_PREFIX": CACHES["default"].get("KEY_PREFIX", "") + "-sessions"}
    if os.environ.get("REDIS_URL")
    else {
        "BACKEND": "consilium.pagecache.files.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache" / "sessions"),
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("SESSION_CACHE_ENTRIES", "20000"))},
    }
)
# How long a cached page is kept at most, and how long a shared cache in front (a CDN) may
# serve it without asking again.
PAGE_CACHE = env_flag("PAGE_CACHE", default=True)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "3600"))
PAGE_CACHE_SHARED_SECONDS = int(os.environ.get("PAGE_CACHE_SHARED_SECONDS", "30"))

# Rate-limit counters (API requests, sign-ups, sign-ins) must be one count for the whole site:
# in Redis when there is one, else in the database whenever more than one app process serves
# (`consilium serve --workers N` passes N on as WEB_CONCURRENCY); a lone process may count in
# its own memory.
WEB_WORKERS = int(os.environ.get("WEB_CONCURRENCY", "2"))
if os.environ.get("REDIS_URL"):
    CACHES["counters"] = {**CACHES["default"], "KEY_PREFIX": CACHES["default"]["KEY_PREFIX"] + ":n"}
elif WEB_WORKERS > 1:
    CACHES["counters"] = {"BACKEND": "consilium.api.counters.DatabaseCounters"}
else:
    CACHES["counters"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "counters",
    }
RATELIMIT_USE_CACHE = "counters"

# Background work goes through the database queue; tests and single-shot commands may
# ask for the immediate backend, which runs a task when it is enqueued.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASKS_BACKEND],
    }
}
# A task worker renews its lease every third of this; the tasks of a worker whose lease ran
# out (it was killed, or its machine went away) are queued again.
TASK_LEASE_SECONDS = float(os.environ.get("TASK_LEASE_SECONDS", "60"))

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "consilium.accounts.backends.EmailOrUsernameBackend",
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

# Client addresses: the number of proxies in front of the app that append to X-Forwarded-For
# (a load balancer: 1). 0 trusts no header and takes the connection's address.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))

# Sign-in throttling (django-axes): an account that fails this many times from one address is
# locked out there for the cool-off period, counted in the database so every app process
# agrees. An account is never locked from addresses that did not fail: anyone who knows an
# email could lock its owner out. An address trying many accounts meets SIGN_IN_RATE.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("LOGIN_LOCKOUT_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/accounts/locked_out.html"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "consilium.accounts.throttle.client_address"
# Sign-in attempts and new accounts per address, counted in the shared counters. "N/s|m|h|d".
SIGN_IN_RATE = os.environ.get("SIGN_IN_RATE", "20/15m")
SIGN_UP_RATE = os.environ.get("SIGN_UP_RATE", "5/h")

# The number a question describing an emergency sign tells its reader to call (see
# docs/urgent-signs.md); set the local one where the site serves another country.
EMERGENCY_NUMBER = os.environ.get("EMERGENCY_NUMBER", "").strip() or "911"

# New accounts may post this many questions, answers and reports an hour during their first days.
NEW_ACCOUNT_DAYS = int(os.environ.get("NEW_ACCOUNT_DAYS", "3"))
NEW_ACCOUNT_POSTS_PER_HOUR = int(os.environ.get("NEW_ACCOUNT_POSTS_PER_HOUR", "5"))

# The JSON API (/api/v1). Requests are counted per token, else per signed-in user, else per
# client address, in the default cache (Redis when REDIS_URL is set, so every app process
# shares the counts); over the limit a request gets 429 with Retry-After. "N/s|m|h|d".
API_RATE_LIMIT_ANONYMOUS = os.environ.get("API_RATE_LIMIT_ANONYMOUS", "120/m")
API_RATE_LIMIT_AUTHENTICATED = os.environ.get("API_RATE_LIMIT_AUTHENTICATED", "600/m")
API_TOKENS_PER_USER = int(os.environ.get("API_TOKENS_PER_USER", "20"))
# django-ratelimit finds the client's address the way django-axes does (honouring PROXY_COUNT).
RATELIMIT_IP_META_KEY = AXES_CLIENT_IP_CALLABLE

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Patients' photos live in the data dir, served by a view that names their type; never
# under a path a web server would execute or list.
PHOTO_ROOT = Path(os.environ.get("CONSILIUM_PHOTO_DIR", DATA_DIR / "photos")).resolve()
# Doctors' application documents (licence scans, identity documents): in the data dir under
# random names, sent only to moderators and the applicant by a view that checks who asks.
DOCUMENT_ROOT = Path(os.environ.get("CONSILIUM_DOCUMENT_DIR", DATA_DIR / "documents")).resolve()
# Moderators may look an applicant up in a public registry (the US NPPES NPI registry) from
# the queue. Off unless REGISTRY_CHECKS is set: it sends the applicant's name to that registry.
REGISTRY_CHECKS = env_flag("REGISTRY_CHECKS")
NPPES_API_URL = os.environ.get("NPPES_API_URL", "https://npiregistry.cms.hhs.gov/api/")
REGISTRY_TIMEOUT_SECONDS = float(os.environ.get("REGISTRY_TIMEOUT_SECONDS", "8"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Files under hashed names, compressed ahead (gzip and brotli) and cached by browsers for
# good; `consilium serve` collects them at start. Without the manifest (tests, a fresh
# checkout's runserver) they are served straight from the apps' static folders.
STATIC_MANIFEST = env_flag("STATIC_MANIFEST", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
# Source maps (most of the API docs' bytes) are fetched by developer tools only.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
WHITENOISE_AUTOREFRESH = DEBUG

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if env_flag("HTTPS"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "3600"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_flag("HSTS_PRELOAD")
    # Plain-HTTP requests that reach the app are sent to HTTPS (the proxy says which they are).
    SECURE_SSL_REDIRECT = True
    if not SECURE_HSTS_PRELOAD:
        # Joining browsers' preload list is a lasting promise for the whole domain: the
        # operator opts in with HSTS_PRELOAD=1, so the reminder is not a warning here.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Consilium <noreply@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
