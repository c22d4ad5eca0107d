"""Settings for the NCLEX Virtual School backend.

One module, configured from the environment (django-environ). With no environment at all the
project runs on an embedded default: SQLite, local media, console email, in-memory cache and
channel layer, the sandbox payment gateway and DEBUG on. Every variable is documented in
`.env.example`.
"""

import sys
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="dev-insecure-secret-key-never-use-in-production-0123456789")
else:
    try:
        SECRET_KEY = env("SECRET_KEY")
    except ImproperlyConfigured:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set in the environment when DEBUG is off "
            '(generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))").'
        ) from None

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The frontend: its origin may call the API from the browser, and emails link to it.
FRONTEND_URL = env("FRONTEND_URL", default="http://localhost:3000").rstrip("/")
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=["http://localhost:3000"])
CORS_URLS_REGEX = r"^/(api|ws)/.*$"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI assets served by us, not a CDN
    "corsheaders",
    "channels",
    "axes",  # the Django admin site's login lockout (accounts.admin_login)
    "core",
    "accounts",
    "courses",
    "messaging",
    "payments",
    "questions",
    "practice",
    "exams",
    "tutors",
    "admissions",
    "adminpanel",
]

MIDDLEWARE = [
    "core.middleware.RequestLogMiddleware",
    "core.middleware.ApiHostCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Cache-Control: no-store on authenticated and token-bearing /api/ responses.
    "accounts.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: answers a locked-out admin login with 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# How long a connection is kept, decided here alone. Under the WSGI server (config/gunicorn.py, the
# REST API) each worker thread keeps its connection for 60 s between requests (health-checked before
# reuse). Anywhere else 0, a connection per request closed when it ends: under ASGI (uvicorn, the
# WebSocket server) each request runs in a thread of its own, so persistent connections are not
# reused but pile up (Django's docs say to disable them; bench/RESULTS.md), and one-off commands and
# tests have no requests to share one. The WSGI entry point is what is being loaded when
# `config.wsgi` is importing these settings.
SERVED_BY_WSGI = "config.wsgi" in sys.modules and "config.asgi" not in sys.modules
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60 if SERVED_BY_WSGI else 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable database host fails a request (503) in seconds instead of hanging it (psycopg: 130 s).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
    # No JIT compilation: it pays off for long analytical queries, not for an API's short ones, where
    # PostgreSQL's cost estimate still triggers it (a 100,000-item practice draw spent 280 ms compiling
    # and 105 ms running; bench/RESULTS.md). DATABASE_JIT=on gives it back.
    if not env.bool("DATABASE_JIT", default=False):
        DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, throttling state and the Channels layer: Redis when REDIS_URL is set -----------------
REDIS_URL = env("REDIS_URL", default="")
# Seconds a cache call or a task hand-off waits on an unreachable or frozen Redis before giving up.
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=0.5)
if REDIS_URL:
    from redis.asyncio.retry import Retry as RedisRetry
    from redis.backoff import NoBackoff
    from redis.exceptions import ConnectionError as RedisConnectionError

    # django-redis rather than Django's own RedisCache: during a Redis outage it turns cache errors into
    # misses (logged), so the API keeps answering, throttles let requests through, and short socket
    # timeouts keep a frozen Redis from hanging requests.
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="nclex"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": REDIS_SOCKET_TIMEOUT,
                "SOCKET_TIMEOUT": REDIS_SOCKET_TIMEOUT,
            },
        }
    }
    # The same Redis without IGNORE_EXCEPTIONS, for the callers that must know when it is down because
    # they have a fail-open branch of their own: the throttle counters (core.throttles) and the status
    # poll's re-verify marker (payments.services). Through `default` an outage looks like a miss.
    CACHES["strict"] = {**CACHES["default"], "OPTIONS": {**CACHES["default"]["OPTIONS"], "IGNORE_EXCEPTIONS": False}}
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
                        # Above the layer's own 5 s blocking reads; bounds a push to a frozen Redis.
                        "socket_timeout": 10,
                        # After a Redis restart the pooled connections are dead: a command that finds one
                        # is retried once on a fresh connection instead of failing the socket or the push.
                        "retry": RedisRetry(NoBackoff(), 1, supported_errors=(RedisConnectionError,)),
                    }
                ],
                "prefix": env("CHANNELS_PREFIX", default="nclex-asgi"),
            },
        }
    }
else:
    # One process-memory store under both names (LocMemCache shares its data by LOCATION).
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "strict": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# --- Background jobs (Celery on the Redis broker; eager in-process without REDIS_URL) ------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing a task (e.g. an email after registration) must not hang a request on a frozen broker.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
    "socket_timeout": 2 * REDIS_SOCKET_TIMEOUT,
}
# Periodic jobs, run by `make beat` (one beat process per deployment) on the workers. Nightly work is
# spread over the quiet hours (UTC): statistics first, then calibration, which reads the same answers.
CELERY_BEAT_SCHEDULE = {
    # An exam past its deadline is finished by the time rule even if the student never comes back.
    "exams-settle-expired": {"task": "exams.tasks.exams_settle_expired", "schedule": 60.0},
    # Likewise a timed practice test past its limit.
    "practice-tests-expire": {"task": "practice.tasks.practice_tests_expire_task", "schedule": 60.0},
    # One email to users whose messages wait unread while they are away (messaging.digests).
    "messaging-unread-digests": {"task": "messaging.tasks.unread_digests_send_task", "schedule": 300.0},
    "questions-statistics-nightly": {
        "task": "questions.tasks.question_statistics_refresh_task",
        "schedule": crontab(hour=2, minute=0),
    },
    "questions-calibrate-nightly": {
        "task": "exams.tasks.questions_calibrate_nightly",
        "schedule": crontab(hour=3, minute=0),
    },
    # Refresh tokens past their expiry and the login sessions they have all expired from.
    "accounts-sessions-prune-nightly": {
        "task": "accounts.tasks.sessions_prune_task",
        "schedule": crontab(hour=4, minute=0),
    },
    # "Your plan ends in three days", once per end (courses.plan_services.plan_expiry_reminders_due).
    "plan-expiry-reminders": {"task": "courses.tasks.plan_expiry_reminders_task", "schedule": 3600.0},
}

# --- Accounts -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out admin-site login before the password is checked.
AUTHENTICATION_BACKENDS = [
    "accounts.admin_login.AdminLoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The admin site's login (/admin/login/) is throttled per account and per client address
# (accounts.admin_login); the API login has its own throttles and is not counted here.
AXES_ONLY_ADMIN_SITE = True
AXES_FAILURE_LIMIT = env.int("ADMIN_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("ADMIN_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one: per account, per address
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "accounts.admin_login.client_address"
AXES_USERNAME_CALLABLE = "accounts.admin_login.account_key"
PASSWORD_HASHERS = [
    "accounts.hashers.SchoolArgon2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ["email", "full_name"]},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3600)
EMAIL_VERIFICATION_TIMEOUT = env.int("EMAIL_VERIFICATION_TIMEOUT", default=3 * 24 * 3600)
REQUIRE_EMAIL_VERIFICATION = env.bool("REQUIRE_EMAIL_VERIFICATION", default=False)

# --- Messaging ----------------------------------------------------------------------------------
# A user with unread messages and no messaging socket for this long gets one digest email.
UNREAD_DIGEST_AFTER_MINUTES = env.int("UNREAD_DIGEST_AFTER_MINUTES", default=15)

# --- WebSockets (messaging.consumers) -------------------------------------------------------------
# A socket opened without a token must send {"type": "auth", "token": ...} this soon, or it closes (4401).
WS_AUTH_TIMEOUT_SECONDS = env.float("WS_AUTH_TIMEOUT_SECONDS", default=5.0)
# Typing frames a socket may send per second (a burst of this many); the excess is dropped.
WS_TYPING_FRAMES_PER_SECOND = env.int("WS_TYPING_FRAMES_PER_SECOND", default=5)

# --- Admin dashboard ----------------------------------------------------------------------------
# The school totals of GET /api/admin/stats/ are recomputed at most this often (0: every request).
ADMIN_STATS_CACHE_SECONDS = env.int("ADMIN_STATS_CACHE_SECONDS", default=30)

# --- Email --------------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-emails"))  # filebased backend only
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="NCLEX Virtual School <no-reply@localhost>")

# --- Question bank, practice tests, adaptive exam (CONTRACT §7, §8) -----------------------------
PRACTICE_SECONDS_PER_ITEM = env.int("PRACTICE_SECONDS_PER_ITEM", default=90)
EXAM_MIN_ITEMS = env.int("EXAM_MIN_ITEMS", default=85)
EXAM_MAX_ITEMS = env.int("EXAM_MAX_ITEMS", default=150)
EXAM_TIME_LIMIT_SECONDS = env.int("EXAM_TIME_LIMIT_SECONDS", default=18_000)
EXAM_MAX_PRETEST_ITEMS = env.int("EXAM_MAX_PRETEST_ITEMS", default=15)
EXAM_RANDOMESQUE_K = env.int("EXAM_RANDOMESQUE_K", default=5)
EXAM_REPEAT_EXCLUSION_DAYS = env.int("EXAM_REPEAT_EXCLUSION_DAYS", default=365)
# Rasch logits (NCSBN: RN 0.00 since April 2013, PN -0.18 since April 2020).
PASSING_STANDARD_RN = env.float("PASSING_STANDARD_RN", default=0.0)
PASSING_STANDARD_PN = env.float("PASSING_STANDARD_PN", default=-0.18)
CALIBRATION_MIN_RESPONSES = env.int("CALIBRATION_MIN_RESPONSES", default=200)
QUESTION_IMPORT_MAX_ITEMS = 5_000
# The import's body may exceed DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB, every other route): 5,000 items
# with rationales are about 10-20 MB of JSON. Over it: 413 (checked before the body is read).
QUESTION_IMPORT_MAX_BYTES = env.int("QUESTION_IMPORT_MAX_BYTES", default=32 * 1024 * 1024)
# Seconds the peers' percentages of the performance page are kept in the shared cache.
PRACTICE_PEERS_CACHE_SECONDS = env.int("PRACTICE_PEERS_CACHE_SECONDS", default=300)

# --- API ----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # SimpleJWT's checks plus the session's: logout and refresh-token reuse end access tokens too.
    "DEFAULT_AUTHENTICATION_CLASSES": ["accounts.authentication.BearerAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["core.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["core.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.OptionalLimitOffsetPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "core.schema.SchoolAutoSchema",
    "EXCEPTION_HANDLER": "core.exceptions.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
    "DEFAULT_THROTTLE_RATES": {
        "login": env("THROTTLE_LOGIN", default="20/min"),
        "login_email": env("THROTTLE_LOGIN_EMAIL", default="5/min"),
        # Change-password attempts per account: guesses of the current password, like login_email.
        "password_change": env("THROTTLE_PASSWORD_CHANGE", default="5/min"),
        "register": env("THROTTLE_REGISTER", default="10/hour"),
        "password_reset": env("THROTTLE_PASSWORD_RESET", default="10/hour"),
        "password_reset_email": env("THROTTLE_PASSWORD_RESET_EMAIL", default="3/hour"),
        "verification": env("THROTTLE_VERIFICATION", default="10/hour"),
        "verification_email": env("THROTTLE_VERIFICATION_EMAIL", default="3/hour"),
        "send_message": env("THROTTLE_SEND_MESSAGE", default="60/min"),
        "payment_initiate": env("THROTTLE_PAYMENT_INITIATE", default="20/min"),
        # Access code redemptions (admissions.throttles): guesses of a code, per user and per client IP.
        "access_code_redeem": env("THROTTLE_ACCESS_CODE_REDEEM", default="10/min"),
        "access_code_redeem_ip": env("THROTTLE_ACCESS_CODE_REDEEM_IP", default="30/min"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_TOKEN_MINUTES", default=15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_TOKEN_DAYS", default=7)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    # An access token carries a fingerprint of the password hash, so a password change or reset
    # also ends every access token issued before it, not just the refresh tokens.
    "CHECK_REVOKE_TOKEN": True,
    "SIGNING_KEY": env("JWT_SIGNING_KEY", default=SECRET_KEY),
    "AUTH_HEADER_TYPES": ("Bearer",),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "NCLEX Virtual School API",
    "DESCRIPTION": "Accounts, courses, progress, messaging and payments for the NCLEX Virtual School.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # drf-spectacular's enum hook (its default), then one component per item type's JSON (questions.schema).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "questions.schema.item_type_components",
    ],
    # The question bank's choice sets, named once: several apps' serializers share them.
    "ENUM_NAME_OVERRIDES": {
        "ExamEnum": "questions.models.Exam",
        "ItemExamEnum": "questions.models.ItemExam",
        "ItemStatusEnum": "questions.models.Status",
        "ItemTypeEnum": "questions.models.ItemType",
        "ClientNeedEnum": "questions.models.ClientNeed",
        "CjmmStepEnum": "questions.models.CjmmStep",
        "PracticeModeEnum": "practice.models.Mode",
        # Practice tests and adaptive exams share one set: in_progress | finished.
        "SittingStatusEnum": "exams.models.ExamStatus",
        "ExamStopReasonEnum": "exams.models.StopReason",
        "PaymentStatusEnum": "payments.models.Payment.Status",
        "LessonKindEnum": "courses.models.Lesson.Kind",
    },
}

# --- Files --------------------------------------------------------------------------------------
STATIC_URL = "/static/"
# Where `collectstatic` gathers the admin and Swagger UI assets that whitenoise serves with DEBUG off.
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MAX_VIDEO_UPLOAD_MB = env.int("MAX_VIDEO_UPLOAD_MB", default=1024)
# A student import (POST /api/admin/users/import/): a larger request body is refused with 413 (the
# view's max_body_setting), a longer sheet with 400 (10,000 rows are about 1 MB of CSV).
STUDENT_IMPORT_MAX_BYTES = env.int("STUDENT_IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=10_000)
# A file lesson's PDF (courses.lesson_files): larger ones are refused with 413.
MAX_LESSON_FILE_UPLOAD_MB = env.int("MAX_LESSON_FILE_UPLOAD_MB", default=50)
# Where a certificate's PDF sends its reader to check it: a URL with `{number}` (e.g. a frontend
# page). Empty: this API's own public check, /api/certificates/{number}/.
CERTIFICATE_VERIFICATION_URL = env("CERTIFICATE_VERIFICATION_URL", default="")
# Uploads past 2.5 MB stream to a temporary file instead of memory (Django's default handler).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_TEMP_DIR = env("FILE_UPLOAD_TEMP_DIR", default=None)
# Stored videos and PDFs are never public: a requester with access gets a link that works this many
# seconds (an S3 presigned URL, or the local signed route /api/media/<token>/), so a shared link
# soon stops working. A player that seeks after it expires reloads the course for a fresh one.
SIGNED_MEDIA_URL_SECONDS = env.int("SIGNED_MEDIA_URL_SECONDS", default=3600)

AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN", default=None)
    # With a custom domain, links are signed by CloudFront or not at all (courses.checks refuses that).
    AWS_CLOUDFRONT_KEY_ID = env("AWS_CLOUDFRONT_KEY_ID", default=None)
    AWS_CLOUDFRONT_KEY = env("AWS_CLOUDFRONT_KEY", default=None)
    # Presigned URLs (courses.videos.signed_media_url): the bucket itself stays private.
    AWS_QUERYSTRING_AUTH = True
    AWS_QUERYSTRING_EXPIRE = SIGNED_MEDIA_URL_SECONDS
    AWS_DEFAULT_ACL = None
    _default_storage = {"BACKEND": "storages.backends.s3.S3Storage"}
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Payments -----------------------------------------------------------------------------------
DEFAULT_CURRENCY = env("DEFAULT_CURRENCY", default="USD")
PAYSTACK_SECRET_KEY = env("PAYSTACK_SECRET_KEY", default="")
PAYSTACK_BASE_URL = env("PAYSTACK_BASE_URL", default="https://api.paystack.co").rstrip("/")
FLUTTERWAVE_SECRET_KEY = env("FLUTTERWAVE_SECRET_KEY", default="")
FLUTTERWAVE_SECRET_HASH = env("FLUTTERWAVE_SECRET_HASH", default="")
FLUTTERWAVE_BASE_URL = env("FLUTTERWAVE_BASE_URL", default="https://api.flutterwave.com").rstrip("/")
PAYMENTS_SANDBOX_ENABLED = env.bool("PAYMENTS_SANDBOX_ENABLED", default=DEBUG)
# On with DEBUG off is refused (check error payments.E001, servers do not start) unless this is set
# to the exact phrase in payments.checks.SANDBOX_OVERRIDE: for a staging server only.
PAYMENTS_SANDBOX_IN_PRODUCTION = env("PAYMENTS_SANDBOX_IN_PRODUCTION", default="")
SANDBOX_WEBHOOK_SECRET = env("SANDBOX_WEBHOOK_SECRET", default=f"sandbox:{SECRET_KEY}")
PAYMENT_CARD_PROVIDER = env("PAYMENT_CARD_PROVIDER", default="")
PAYMENT_GATEWAY_TIMEOUT = env.float("PAYMENT_GATEWAY_TIMEOUT", default=10.0)
# Where this API is reachable from the outside (the sandbox checkout link points there).
# Empty: derived from the incoming request.
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", default="").rstrip("/")

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Security (all on once DEBUG is off; `manage.py check --deploy` is clean) -------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^api/health/$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Logging ------------------------------------------------------------------------------------
# One line per request (logger "nclex.access") with a request id on every record. JSON lines when
# LOG_FORMAT=json (the default with DEBUG off), readable text otherwise.
LOG_FORMAT = env("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "core.middleware.RequestIdFilter"},
        # No token and no control character reaches a log line (core/logging.py).
        "sanitize": {"()": "core.logging.LogSanitizer"},
    },
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id", "sanitize"]}
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Our access log replaces Django's and the servers' own request lines.
        "django.request": {"level": "ERROR"},
        # runserver's own lines (4xx/5xx: the request line, query string included) go through our handler.
        "django.server": {"level": "WARNING", "handlers": ["console"], "propagate": False},
        "nclex.access": {"level": env("ACCESS_LOG_LEVEL", default="INFO")},
    },
}
