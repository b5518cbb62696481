"""Settings for the newsroom event map.

Everything that differs between a laptop and production is read from the
environment through the typed helpers in project.env. A fresh checkout runs on an
embedded SQLite file; DATABASE_URL selects PostgreSQL. The README lists every
variable.
"""
from pathlib import Path

import dj_database_url
import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
from django.core.exceptions import ImproperlyConfigured

from project.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", False)

# Only a development run may fall back to a known key; production must set one.
_DEV_SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"
SECRET_KEY = envstr("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. For a development run set DEBUG=1."
        )
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "events",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "project.urls"
WSGI_APPLICATION = "project.wsgi.application"
ASGI_APPLICATION = "project.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite next to the code unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 0, minimum=0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: the interface speaks English, Arabic and French.
LANGUAGE_CODE = envstr("LANGUAGE_CODE", "en")
LANGUAGES = [("en", "English"), ("ar", "العربية"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = envstr("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# Static files: served by WhiteNoise, vendored map libraries come from the
# xstatic packages listed in requirements.txt (no CDN at run time).
STATIC_URL = "static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/leaflet", xstatic.pkg.leaflet.BASE_DIR),
    ("vendor/leaflet-markercluster", xstatic.pkg.leaflet_markercluster.BASE_DIR),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "admin:login"

# Security: strict by default when DEBUG is off; each knob can be relaxed, e.g.
# behind a proxy that already redirects to HTTPS.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
if envbool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Geocoding: the offline gazetteer by default; any geopy service can replace it.
GEOCODER = {
    "BACKEND": envstr("GEOCODER_BACKEND", "events.geocoding.OfflineGeocoder"),
    "OPTIONS": {},
}

# Where the built gazetteer is cached (rebuilt automatically when its inputs change).
GAZETTEER_CACHE_DIR = Path(envstr("GAZETTEER_CACHE_DIR", str(BASE_DIR / "var" / "gazetteer")))

# The journalists' map.
EVENT_MAP = {
    "REQUIRE_LOGIN": envbool("MAP_REQUIRE_LOGIN", False),
    "TILES_URL": envstr("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
    "TILES_ATTRIBUTION": envstr(
        "MAP_TILES_ATTRIBUTION",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    ),
}

# Background jobs (imports, large exports) on Celery, and the files they read and
# write. Without a broker, tasks run in the sending process (eager): `make run`
# needs nothing more. Job files go through the default storage (MEDIA_ROOT, or any
# shared storage backend set in STORAGES["default"] when scaled out).
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "media/"  # never served publicly: job files are downloaded through their job's page
CELERY_BROKER_URL = envstr("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = envstr("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_TASK_ACKS_LATE = True  # a task is acknowledged when done, so a lost worker's job runs again
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # long tasks: a worker takes one at a time
CELERY_TASK_IGNORE_RESULT = True  # the Job row holds the state and the result
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis redelivers an unacknowledged task after this many seconds: longer than the longest job.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT", 6 * 3600, minimum=60)}
# An export of more events than this runs as a job; smaller ones stream at once.
EXPORT_STREAM_LIMIT = envint("EXPORT_STREAM_LIMIT", 50_000, minimum=0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
}
