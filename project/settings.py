"""Settings for the newsroom event map.

Everything that differs between a laptop and production is read from the
environment through the typed helpers in project.env. A fresh checkout runs on an
embedded SQLite file; DATABASE_URL selects PostgreSQL. docs/operations.md lists
every variable. (Over 300 lines: one settings module, grouped by feature, is what a
sysadmin greps; splitting it would hide where a value comes from.)
"""
import datetime
from pathlib import Path

import dj_database_url
import folium
import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
from django.core.exceptions import ImproperlyConfigured

import project
from project.env import envbool, envchoice, envfloat, envint, envlist, envstr, load_env_file

BASE_DIR = Path(__file__).resolve().parent.parent
VERSION = project.__version__

# A development checkout's .env (written by `make run`: DEBUG=1) fills in what the
# environment leaves unset; see project/env.py and docs/operations.md.
load_env_file()

DEBUG = envbool("DEBUG", False)

# Only a development run may fall back to a known key; production must set one.
_DEV_SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"
SECRET_KEY = envstr("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set (or SECRET_KEY_FILE) when DEBUG is off. "
            "For a development run, `make run` writes a .env with DEBUG=1, or set DEBUG=1."
        )
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "project.apps.NewsroomAdminConfig",  # django.contrib.admin, two-factor by setting
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_filters",  # the public filters (events/public/filters.py)
    "events",
    # Change history of events and articles (events.models.history).
    "simple_history",
    # Login throttling (events.newsroom.login).
    "axes",
]

MIDDLEWARE = [
    "events.ops.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "events.ops.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "project.routers.ReplicaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Stamps the request's user on every historical record saved during the request.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Login throttling: turns a lockout into its page; keep it last.
    "axes.middleware.AxesMiddleware",
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

# Scale-out: read-only public pages may read from a replica (project/routers.py).
if envstr("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = dj_database_url.parse(
        envstr("DATABASE_REPLICA_URL", ""),
        conn_max_age=envint("DB_CONN_MAX_AGE", 0, minimum=0),
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["project.routers.ReplicaRouter"]

# Scale-out: one cache for every worker and instance in Redis when REDIS_URL is
# set (Django's own RedisCache), else each process keeps its own in memory.
REDIS_URL = envstr("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
         "KEY_PREFIX": envstr("CACHE_KEY_PREFIX", "eventmap"), "TIMEOUT": 300}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Sessions live in the database (read through the cache when Redis is there), so
# any web instance can serve any logged-in user. SESSION_IDLE_TIMEOUT logs a user
# out after that many seconds without a request.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
)
SESSION_COOKIE_AGE = envint("SESSION_IDLE_TIMEOUT", 8 * 3600, minimum=60)
SESSION_SAVE_EVERY_REQUEST = True

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
    # The map's heatmap: Leaflet.heat as the installed folium package ships it.
    ("vendor/folium", Path(folium.__file__).parent / "templates"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "project.storage.StaticFilesStorage"  # see its docstring: source maps
        )
    },
}
# Uploads and export files go through default_storage; MEDIA_ROOT is shared storage
# (a volume every web instance and worker mounts) in a scaled-out deployment.
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "media/"

LOGIN_URL = "admin:login"
# Where the admin lives, e.g. ADMIN_URL=newsroom-desk/ (a trailing slash is added).
ADMIN_URL = envstr("ADMIN_URL", "admin/").strip("/") + "/"
if ADMIN_URL == "/":
    raise ImproperlyConfigured("ADMIN_URL must not be empty: the public map lives at /.")
# Two-factor login for the admin (django-otp, TOTP devices): off unless ADMIN_OTP=1.
ADMIN_OTP = envbool("ADMIN_OTP", False)
OTP_TOTP_ISSUER = envstr("OTP_TOTP_ISSUER", "Newsroom event map")

# Security: strict by default when DEBUG is off; each knob can be relaxed, e.g.
# behind a proxy that already redirects to HTTPS.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
# Off by default: they bind every subdomain (preload: for months, in browsers'
# built-in lists), which is the newsroom's decision, not this app's.
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
# Django's deploy check warns while they are off (W005, W021); off is our decided
# default, so those two warnings are silenced rather than failing `check --deploy`.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
if envbool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers and monitors probe /healthz over plain HTTP on the private side.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Geocoding: the offline gazetteer by default; any geopy service can replace it.
GEOCODER = {
    "BACKEND": envstr("GEOCODER_BACKEND", "events.geocoding.OfflineGeocoder"),
    "OPTIONS": {},
}
# An online service's domain, timeout, key and user agent from the environment;
# only the ones given are passed to the geopy class (they differ between services).
for _option, _value in {
    "domain": envstr("GEOCODER_DOMAIN", ""),
    "api_key": envstr("GEOCODER_API_KEY", ""),
    "user_agent": envstr("GEOCODER_USER_AGENT", ""),
    "timeout": envfloat("GEOCODER_TIMEOUT", None, minimum=0.1),
}.items():
    if _value:
        GEOCODER["OPTIONS"][_option] = _value

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

# Change history (django-simple-history): records are read in the admin, never
# reverted from it; a correction is a new, reviewed edit.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Articles: the longest text the admin keeps (characters), and a request size that
# lets such a text through, so a too-long paste gets a form error that keeps it
# rather than a bare 400 (UTF-8 takes up to 4 bytes a character).
ARTICLE_MAX_CHARACTERS = envint("ARTICLE_MAX_CHARACTERS", 3_000_000, minimum=1000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 4 * ARTICLE_MAX_CHARACTERS + 1_000_000

# Login throttling (django-axes, events.newsroom.login): after LOGIN_FAILURE_LIMIT
# failed logins for one username from one address, logging in is refused for
# LOGIN_COOLOFF_MINUTES (0 = until an administrator runs `manage.py axes_reset`).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = envbool("LOGIN_THROTTLING", True)
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5, minimum=1)
_LOGIN_COOLOFF_MINUTES = envint("LOGIN_COOLOFF_MINUTES", 15, minimum=0)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=_LOGIN_COOLOFF_MINUTES) if _LOGIN_COOLOFF_MINUTES else None
AXES_LOCKOUT_PARAMETERS = [envlist("LOGIN_LOCKOUT_PARAMETERS", ["username", "ip_address"])]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no start-up banner on every management command
AXES_LOCKOUT_CALLABLE = "events.newsroom.login.lockout_response"
AXES_CLIENT_IP_CALLABLE = "events.newsroom.login.client_ip"
LOGIN_TRUSTED_PROXIES = envint("LOGIN_TRUSTED_PROXIES", 0, minimum=0)

# Operations: logs, error reports, health, content security policy.
# LOG_FORMAT=json writes one JSON object a line (one per request and per job, each
# with its request id); text is for a person at a terminal.
LOG_FORMAT = envchoice("LOG_FORMAT", "text", {"text", "json"})

# Background jobs (imports, large exports) on Celery, and the files they read and
# write. Without a broker, tasks run in the sending process (eager): `make run`
# needs nothing more. Job files go through the default storage (MEDIA_ROOT, or any
# shared storage backend set in STORAGES["default"] when scaled out).
# (MEDIA_ROOT is set above.) Job files are never served from MEDIA_URL: they are
# downloaded through their job's page, which checks who may see them.
CELERY_BROKER_URL = envstr("CELERY_BROKER_URL", "")
# Without a broker jobs run in-process whatever this says (events.jobs.start); set it
# to run them in-process even with one.
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", False)
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
# At most this many export jobs started by anonymous readers wait or run at once; one
# more gets a 429 "try again" page (logged-in users are not counted nor limited).
EXPORT_ANONYMOUS_JOBS = envint("EXPORT_ANONYMOUS_JOBS", 4, minimum=0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "events.ops.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "events.ops.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT,
                             "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        # Requests are logged once, by events.ops.middleware; Django's own lines repeat them.
        "django.server": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
    },
}
# Errors to Sentry when SENTRY_DSN is set (sentry-sdk is then required, not otherwise).
SENTRY_DSN = envstr("SENTRY_DSN", "")
if SENTRY_DSN:
    from events.ops.errors import init_sentry

    init_sentry(SENTRY_DSN, release=VERSION, environment=envstr("SENTRY_ENVIRONMENT", "production"))
# /healthz fails when the export storage has less free space than this.
HEALTHZ_MIN_FREE_BYTES = envint("HEALTHZ_MIN_FREE_MB", 500, minimum=0) * 1024 * 1024

# Content-Security-Policy on every response (django-csp). The public pages carry no
# inline script or style; img-src adds the tile server. The embed page may be
# framed and the admin gets a policy of its own: events/ops/csp.py.
from events.ops.csp import public_policy  # noqa: E402  (needs EVENT_MAP above)

CONTENT_SECURITY_POLICY = {"DIRECTIVES": public_policy(EVENT_MAP["TILES_URL"])}
