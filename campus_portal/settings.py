"""Settings of Campus Portal, read from the environment (see .env.example)."""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env is a convenience for development; production sets real variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)


def required(name: str, *, why: str) -> str:
    """Read a variable production cannot run without, or stop start-up saying which."""
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set. {why} Set it in the environment "
            f"(see .env.example), or set DJANGO_DEBUG=true for local development."
        )
    return value


if DEBUG:
    # Development only: a fixed, public key is harmless when DEBUG is on.
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-never-in-production")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
else:
    SECRET_KEY = required("DJANGO_SECRET_KEY", why="It signs sessions and tokens.")
    ALLOWED_HOSTS = [
        host.strip()
        for host in required(
            "DJANGO_ALLOWED_HOSTS", why="It lists the host names the portal answers to."
        ).split(",")
        if host.strip()
    ]

CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# A trivial page behind the whole middleware stack, the benchmark's floor (bench/README.md);
# its URL exists only when this is on.
BENCH_FLOOR = env.bool("DJANGO_BENCH_FLOOR", default=False)

INSTALLED_APPS = [
    # modeltranslation must come before admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "campus_portal",
    "students",
    "companies",
    "jobboard",
    "events",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "campus_portal.middleware.SecurityHeadersMiddleware",
    # Outside the middleware that may refuse a request (a bad Host in CommonMiddleware):
    # error responses from there get the CSP and X-Frame-Options too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "campus_portal.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "campus_portal.middleware.StaffSecondFactorMiddleware",
    # allauth's UserSessionsMiddleware, writing the activity every few minutes only.
    "campus_portal.middleware.SessionActivityMiddleware",
]

ROOT_URLCONF = "campus_portal.urls"
WSGI_APPLICATION = "campus_portal.wsgi.application"

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
                "csp.context_processors.nonce",
                "campus_portal.context_processors.portal",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# SQLite by default so the portal runs anywhere; PostgreSQL whenever DATABASE_URL is set.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------
# Rate limits and sessions must be shared between app servers: production needs Redis.
if DEBUG:
    CACHE_URL = env.str("CACHE_URL", default="locmem://")
else:
    CACHE_URL = required(
        "CACHE_URL",
        why="Several app servers share login rate limits and cached pages through Redis.",
    )
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "campus",
        }
    }
elif CACHE_URL.startswith("locmem://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured("CACHE_URL must start with redis://, rediss:// or locmem://.")
# How long public data (home sections, reference lists, public fragments) is kept in the
# cache, per language, until the data changes; 0 turns app-level caching off.
PUBLIC_CACHE_SECONDS = env.int("DJANGO_PUBLIC_CACHE_SECONDS", default=60)

# --- Authentication ---------------------------------------------------------------------
AUTH_USER_MODEL = "campus_portal.User"
AUTHENTICATION_BACKENDS = [
    # allauth's backend, loading the role profiles with the user: first, so that logins
    # (allauth's and the test client's) keep it in the session.
    "campus_portal.auth_backends.AccountBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"  # each role lands on its area: see AccountAdapter
SITE_ID = 1

ACCOUNT_ADAPTER = "campus_portal.accounts.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "campus_portal.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Campus Portal – "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# allauth's rate limits are on by default (login failures, sign-up, password reset…).
# Failed logins, counted in the shared cache: per address, and per account for a period
# after which the account is free again (a password reset frees it at once).
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("LOGIN_FAILED_RATE", default="10/m/ip,5/5m/key"),
    "signup": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Campus Portal"
USERSESSIONS_TRACK_ACTIVITY = True

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("nl", "Nederlands"), ("en", "English")]
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fr",)
# Our catalogues, then Dutch for the few strings of Django that its own catalogue lacks
# (they would otherwise fall back to French, the default language).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "upstream"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "campus_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and uploaded files ------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "var" / "media")
PRIVATE_MEDIA_ROOT = env.path("DJANGO_PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")
# The web server (nginx, another user) serves the public files: readable by all whatever
# the process's umask. Private files keep FILE_UPLOAD_PERMISSIONS below.
_public_files = {"file_permissions_mode": 0o644, "directory_permissions_mode": 0o755}
STORAGES = {
    # Public store: logos and other files anyone may see.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": MEDIA_URL, **_public_files},
    },
    # Private store: CVs and application copies, only ever served by permission-checked views.
    "private": {
        "BACKEND": "campus_portal.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "OPTIONS": _public_files,
    },
}
# Several app servers share one S3-compatible object store instead of local folders.
S3_ENDPOINT_URL = env.str("S3_ENDPOINT_URL", default="")
MEDIA_ORIGINS = []  # where logos are served from, when not from this site (for the CSP)
if S3_ENDPOINT_URL:
    _s3_required = (
        "S3_ACCESS_KEY_ID",
        "S3_SECRET_ACCESS_KEY",
        "S3_PUBLIC_BUCKET",
        "S3_PRIVATE_BUCKET",
    )
    _s3_missing = [name for name in _s3_required if not env.str(name, default="")]
    if _s3_missing:
        raise ImproperlyConfigured(
            f"S3_ENDPOINT_URL is set, so object storage also needs {', '.join(_s3_missing)} "
            "(see .env.example)."
        )
    _s3 = {
        "endpoint_url": S3_ENDPOINT_URL,
        "access_key": env.str("S3_ACCESS_KEY_ID"),
        "secret_key": env.str("S3_SECRET_ACCESS_KEY"),
        "region_name": env.str("S3_REGION", default="") or None,
        # endpoint/bucket/key: works with every S3-compatible server, no DNS per bucket.
        "addressing_style": "path",
        # Like local folders: a second "logo.png" gets a new name instead of replacing one.
        "file_overwrite": False,
    }
    _public_domain = env.str("S3_PUBLIC_DOMAIN", default="")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        # Plain, stable addresses that browsers cache; the bucket's policy makes them readable.
        "OPTIONS": {
            **_s3,
            "bucket_name": env.str("S3_PUBLIC_BUCKET"),
            "querystring_auth": False,
            "custom_domain": _public_domain or None,
        },
    }
    STORAGES["private"] = {
        "BACKEND": "campus_portal.storage.PrivateS3Storage",
        "OPTIONS": {**_s3, "bucket_name": env.str("S3_PRIVATE_BUCKET")},
    }
    _endpoint = urlsplit(S3_ENDPOINT_URL)
    _public_origin = f"{_endpoint.scheme}://{_endpoint.netloc}"
    MEDIA_ORIGINS = [f"https://{_public_domain}" if _public_domain else _public_origin]
FILE_UPLOAD_PERMISSIONS = 0o640
# Where `manage.py backup` writes (docs/operations.md): the database dump and both stores.
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "var" / "backups")
# Backups hold personal data: each run deletes those older than this many days (0: none).
BACKUP_KEEP_DAYS = env.int("BACKUP_KEEP_DAYS", default=30)

# --- Email --------------------------------------------------------------------------------
# Messages are rendered in the request and queued; a task delivers them after the commit
# through EMAIL_DELIVERY_BACKEND (the console in development, SMTP in production).
EMAIL_BACKEND = "campus_portal.mail.QueuedEmailBackend"
EMAIL_DELIVERY_BACKEND = env.str(
    "EMAIL_DELIVERY_BACKEND",
    default=(
        "django.core.mail.backends.console.EmailBackend"
        if DEBUG
        else "django.core.mail.backends.smtp.EmailBackend"
    ),
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Campus Portal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks -------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env.str(
            "TASKS_BACKEND",
            default=(
                "django_tasks.backends.immediate.ImmediateBackend"
                if DEBUG
                else "django_tasks_db.DatabaseBackend"
            ),
        ),
    }
}

# --- Security ---------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "campus_portal.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SILENCED_SYSTEM_CHECKS = [
    # The offers' covering index is for PostgreSQL; SQLite builds it without the extra
    # columns, which is what we want there.
    "models.W040",
]
if not DEBUG:
    # TLS ends at the reverse proxy, which says so in X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Behind it REMOTE_ADDR is the proxy's for everyone: allauth's per-address rate limits
    # take the client from the entry the proxy appends to X-Forwarded-For.
    ALLAUTH_TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=1)
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # The load balancer's health check speaks plain HTTP to the app server.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # __Host- cookies are only accepted over HTTPS, for this host, on path /.
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_SECURE = True
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SILENCED_SYSTEM_CHECKS += [
        # HSTS preload lists a domain in browsers for good: that is the domain owner's
        # decision (the City of Brussels), not a default this project can make for it.
        "security.W021",
    ]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # allauth shows the TOTP enrolment QR code as a data: image; logos may come from
        # the object store.
        "img-src": ["'self'", "data:", *MEDIA_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# --- Forms ------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Logging ----------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}
