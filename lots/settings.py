"""Lots settings. Every value that differs between installs is read through `config()`."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from lots.conf import (
    Var,
    cache_from_url,
    config,
    local_secret_key,
    private_sqlite_file,
    rsa_private_key_pem,
    settings_table,
)

BASE_DIR = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
VAR_DIR = Path(
    config(
        "LOTS_VAR_DIR",
        str(BASE_DIR / "var"),
        help="Directory for local state: SQLite file, generated keys, uploads, the anchor; Lots makes them its "
        "owner's only (files 0600, folders 0700). Static files (static/) are public.",
        documented_default="var/ in the checkout",
    )
)

DEBUG = config("DEBUG", False, cast=bool, help="Django debug mode. Never on in production.")
SECRET_KEY = config(
    "SECRET_KEY",
    None,
    secret=True,
    help="Signing key. When unset, a key is generated once into LOTS_VAR_DIR/secret_key (local installs only).",
) or local_secret_key(VAR_DIR / "secret_key")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "django_htmx",
    "lots.core",
    "lots.organisations",
    "lots.people",
    "lots.access",
    "lots.children",
    "lots.audit",
    "lots.intake",
    "lots.catalogue",
    "lots.security",
    "lots.documents",
    "lots.retention",
    "lots.plans",
    "lots.followup",
    "lots.routines",
    "lots.families",
    "lots.deviations",
    "lots.forums",
    "lots.attendance",
    "lots.portal",
    "lots.interop",
    "lots.notifications",
    "lots.api",
    # After Lots' apps, so that their Swedish wins where DRF translates the same message.
    "rest_framework",
    "drf_spectacular",
    "axes",
    "oauth2_provider",  # the family view's development identity provider (`portal.dev_idp`)
]

MIDDLEWARE = [
    "lots.core.middleware.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "lots.core.middleware.RequestIdMiddleware",
    "lots.audit.middleware.DeniedAttemptMiddleware",
    "lots.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lots.security.middleware.SessionRenewalMiddleware",
    "lots.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "lots.security.membership.ActingMembershipMiddleware",
    "lots.portal.middleware.FamilyBoundaryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lots.urls"
WSGI_APPLICATION = "lots.wsgi.application"
ASGI_APPLICATION = "lots.asgi.application"

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
                "lots.organisations.context_processors.acting_membership",
                "lots.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASE_URL = config(
    "DATABASE_URL",
    f"sqlite:///{VAR_DIR / 'lots.sqlite3'}",
    help="Database. SQLite file by default; postgres://user@host:5432/name for PostgreSQL.",
    documented_default="SQLite file LOTS_VAR_DIR/lots.sqlite3",
)
DATABASE_PREPARE_THRESHOLD = config(
    "DATABASE_PREPARE_THRESHOLD",
    5,
    cast=int,
    help="PostgreSQL: prepare a statement after this many uses on a connection; 0 never "
    "(behind a pooler in transaction mode without prepared-statement support).",
)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        private_sqlite_file(Path(DATABASES["default"]["NAME"]))  # 0600 in a folder 0700, never world-readable
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
else:
    # The access policy makes long SQL: planning it cost more than running it (4 ms against
    # 0.4 ms for a child's SIPs). Parameters bound on the server let psycopg prepare a statement
    # after its fifth use on a connection, and PostgreSQL reuse the plan (docs/decisions).
    DATABASES["default"]["OPTIONS"] = {
        "server_side_binding": True,
        "prepare_threshold": DATABASE_PREPARE_THRESHOLD or None,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisations.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out account before the password is tried
    "django.contrib.auth.backends.ModelBackend",
    "lots.security.oidc.StaffOIDCBackend",  # answers only when OIDC is configured
    "lots.portal.oidc.FamilyOIDCBackend",  # the same, at the family view's own callback
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}", "OPTIONS": options}
    for name, options in [
        ("UserAttributeSimilarityValidator", {}),
        ("MinimumLengthValidator", {"min_length": 12}),
        ("CommonPasswordValidator", {}),
        ("NumericPasswordValidator", {}),
    ]
]

# The session's age is LOTS_SESSION_IDLE_MINUTES (below); it is renewed once a minute while in use
# (lots.security.middleware), not written on every request.
SESSION_RENEW_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

SECURE_PRODUCTION = config(
    "LOTS_PRODUCTION",
    False,
    cast=bool,
    help="Served over HTTPS in production: secure cookies, HSTS, redirect.",
)
SESSION_COOKIE_SECURE = SECURE_PRODUCTION
CSRF_COOKIE_SECURE = SECURE_PRODUCTION
# In production the cookies are __Host- cookies: a browser keeps such a cookie only when it is
# Secure, has Path=/ and no Domain, so no other host under the municipality's domain can set or
# overwrite it (no session fixation from a sibling site). Browsers refuse the prefix on cookies
# without Secure, and the demo and `make run` serve plain http, so there the names are plain.
SESSION_COOKIE_NAME = "__Host-sessionid" if SECURE_PRODUCTION else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if SECURE_PRODUCTION else "csrftoken"
SESSION_COOKIE_PATH = CSRF_COOKIE_PATH = "/"
SESSION_COOKIE_DOMAIN = CSRF_COOKIE_DOMAIN = None
SECURE_SSL_REDIRECT = SECURE_PRODUCTION
SECURE_HSTS_SECONDS = 31536000 if SECURE_PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_PRODUCTION
SECURE_HSTS_PRELOAD = SECURE_PRODUCTION
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE_PRODUCTION else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
FORMAT_MODULE_PATH = ["lots.core.formats"]  # one date and one time format per language (lots/core/formats/)
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = VAR_DIR / "uploads"

TASKS = {
    "default": {
        "BACKEND": config(
            "LOTS_TASKS_BACKEND",
            "django_tasks_db.DatabaseBackend",
            help="Task backend; the database backend needs no other service.",
        ),
        "QUEUES": ["default"],
    }
}

LOG_LEVEL = config("LOG_LEVEL", "INFO", help="Level of the application log (never carries person data).")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "lots.core.logging.RequestIdFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # WeasyPrint's progress is seven INFO lines per PDF, a tenth of its time (lots/plans/pdf.py).
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint.progress": {"level": "WARNING"}},
}

LOTS_WORKING_HOURS = tuple(
    int(hour)
    for hour in config(
        "LOTS_WORKING_HOURS",
        "7-18",
        help="Working hours (local, Mon–Fri) as START-END; access outside is flagged.",
    ).split("-")
)

LOTS_AUDIT_KEY = config(
    "LOTS_AUDIT_KEY",
    None,
    secret=True,
    help="Key of the access log's hash chains. Keep it outside the database and with the backups; "
    "when unset, a key is generated once into LOTS_VAR_DIR/audit_key (local installs only).",
) or local_secret_key(VAR_DIR / "audit_key")

# Signed checkpoints of the access log, kept outside the database (docs/decisions/0008).
LOTS_ANCHOR_KEY = config(
    "LOTS_ANCHOR_KEY",
    None,
    secret=True,
    help="Key that signs the access log's checkpoints and the backups' manifests; not LOTS_AUDIT_KEY. Only "
    "the task worker and the verify, backup and restore commands need it; when unset, a key is generated once "
    "into LOTS_VAR_DIR/anchor_key (local installs only).",
)
LOTS_ANCHOR_FILE = Path(
    config(
        "LOTS_ANCHOR_FILE",
        str(VAR_DIR / "audit-anchor.jsonl"),
        help="File the access log's signed checkpoints are appended to (one JSON line each); ship it to "
        "storage that only appends, and keep it: the verifier and restores read it.",
        documented_default="LOTS_VAR_DIR/audit-anchor.jsonl",
    )
)

# Plain settings, read each from one variable of the same name unless `setting` says otherwise
# (`lots.conf.settings_table`); a setting used further down, secret or computed is read below.
_plain = {
    "LOTS_BREAK_GLASS_HOURS": Var(4, "How long a break-the-glass access lasts, in hours."),
    "LOTS_AUDIT_CHAINS": Var(
        16,
        "Independent hash chains the access log is written in: on PostgreSQL as many transactions can "
        "log at once without waiting for each other (SQLite has one writer and uses chain 0). Changing "
        "it leaves existing rows verifying.",
    ),
    "LOTS_ANCHOR_SYSLOG": Var(
        "",
        "Also send each checkpoint to syslog (facility auth): a socket path such as /dev/log, or "
        "HOST:PORT (UDP). Empty: the file only.",
    ),
    "LOTS_SERVER_TIMING": Var(
        False, "Benchmarks only: answer with a Server-Timing header (time in Lots, in the database, queries)."
    ),
    # Hosts, mail and links
    "ALLOWED_HOSTS": Var(["localhost", "127.0.0.1", "[::1]"], "Comma-separated host names served."),
    "CSRF_TRUSTED_ORIGINS": Var([], "Comma-separated origins trusted for CSRF behind a proxy."),
    "EMAIL_BACKEND": Var("django.core.mail.backends.console.EmailBackend", "Django e-mail backend."),
    "DEFAULT_FROM_EMAIL": Var("lots@localhost", "Sender of notifications."),
    "LOTS_BASE_URL": Var("http://127.0.0.1:8000", "The address staff reach Lots at, for links in e-mails."),
    "LOTS_SESSION_IDLE_MINUTES": Var(
        30, "A session ends after this many minutes without a request.", setting="SESSION_COOKIE_AGE", times=60
    ),
    "LOTS_SESSION_MAX_HOURS": Var(
        10,
        "A session ends this many hours after sign-in however active it is (a working day and some); then "
        "one signs in again.",
        setting="SESSION_MAX_HOURS",
    ),
    # Sign-in (docs/security.md), through the identity provider too
    "LOTS_LOGIN_CLIENT_FAILURE_LIMIT": Var(
        200,
        "Failed sign-ins from one client address (across all accounts) within LOTS_LOGIN_LOCKOUT_MINUTES "
        "before that address is refused for as long. High on purpose: a municipality's staff may share "
        "one address (NAT).",
    ),
    "LOTS_LOGIN_FAILURE_LIMIT": Var(
        5, "Wrong passwords in a row before an account is locked for a while.", setting="AXES_FAILURE_LIMIT"
    ),
    "LOTS_OIDC_CLIENT_ID": Var("", "Lots' client id at the identity provider.", setting="OIDC_RP_CLIENT_ID"),
    "LOTS_OIDC_SIGN_ALGORITHM": Var(
        "RS256", "Algorithm the IdP signs ID tokens with (RS256, ES256, …).", setting="OIDC_RP_SIGN_ALGO"
    ),
    "LOTS_OIDC_SCOPES": Var("openid profile", "Scopes asked for at sign-in.", setting="OIDC_RP_SCOPES"),
    "LOTS_OIDC_MATCH_CLAIM": Var(
        "sub", "The stable claim that identifies a member of staff (linked to a user in the admin)."
    ),
    "LOTS_OIDC_USERNAME_CLAIM": Var(
        "", "Optional claim matched against an existing user name on the first sign-in, then linked for good."
    ),
    "LOTS_OIDC_LABEL": Var("e-legitimation", "What the sign-in button calls the IdP (e.g. SITHS-kort)."),
    # The apps' deadlines and reminders
    "LOTS_INTAKE_ACCEPT_WORKING_DAYS": Var(
        3,
        "Working days within which an agency must accept a request from the shared entry point; a "
        "request no one has accepted by then is escalated to the entry point's manager.",
    ),
    "LOTS_INTAKE_REMINDER_DAYS": Var(2, "Calendar days before a concern-report deadline that reception is reminded."),
    "LOTS_ROUTINES_REMINDER_DAYS": Var(
        7, "Days after a routine version is published that staff who have not read it are reminded (once)."
    ),
    "LOTS_ROUTINES_UNHELD_DAYS": Var(
        2,
        "Days a journey step may stay without anyone holding it (or a handover unaccepted) before it is "
        "raised to the owning unit's manager; overdue steps are raised at once.",
    ),
    "LOTS_ROUTINES_STEERING_DAYS": Var(
        5,
        "Further days a raised journey step may stay overdue or unheld before it is raised to the steering group.",
    ),
    # Uploaded documents and imports (docs/interop.md), in megabytes and kilobytes
    "LOTS_FOLLOWUP_SMALL_COUNT": Var(
        5,
        'Counts of children under this number are shown as "<5" in every figure of Lots (follow-up, '
        "process views, exports, API), with secondary suppression so that no hidden count can be worked out.",
    ),
    "LOTS_PORTAL_OWN_PLAN_AGE": Var(
        13,
        "The age from which a young person sees their own plan in the family view (from 18 it is theirs alone).",
    ),
    "LOTS_ATTENDANCE_MAX_ROWS": Var(
        2_000_000,
        "Most rows under the headings of an absence file (a year of a large school's lessons is about a million).",
    ),
    "LOTS_ATTENDANCE_INVESTIGATION_DAYS": Var(
        14,
        "Days after the routine's threshold is crossed within which the head teacher's investigation of the "
        "absence (Skollagen 7 kap. 19 a §) is due; later it is shown as overdue.",
    ),
    "LOTS_DEVIATIONS_HANDLING_DAYS": Var(
        30,
        "Days the nearest managers have to handle and close a deviation before it is raised as overdue "
        "to them and the steering group.",
    ),
    "LOTS_DOCUMENT_MAX_MB": Var(
        10, "Largest document accepted, in megabytes.", setting="LOTS_DOCUMENT_MAX_BYTES", times=MB
    ),
    "LOTS_IMPORT_MAX_MB": Var(
        20,
        "Largest import file (FHIR, CSV, Excel) accepted, in megabytes.",
        setting="LOTS_IMPORT_MAX_BYTES",
        times=MB,
    ),
    "LOTS_IMPORT_MAX_UNPACKED_MB": Var(
        64,
        "Largest unpacked content of an imported Excel file, in megabytes (an .xlsx is a ZIP: this stops "
        "a small file that unpacks to a huge one).",
        setting="LOTS_IMPORT_MAX_UNPACKED_BYTES",
        times=MB,
    ),
    "LOTS_IMPORT_INLINE_KB": Var(
        256,
        "A pupil import whose content (an Excel file's unpacked) is up to this many kilobytes runs while "
        "the user waits; a bigger one runs as a background task.",
        setting="LOTS_IMPORT_INLINE_BYTES",
        times=1024,
    ),
    "LOTS_IMPORT_MAX_ROWS": Var(
        50_000,
        "Most rows under the headings of an imported spreadsheet (CSV or Excel); a sheet that declares "
        "or holds more is refused before it is read further.",
    ),
    "LOTS_IMPORT_MAX_COLUMNS": Var(
        100, "Most columns of an imported spreadsheet; a sheet that declares or holds more is refused."
    ),
    # Background work that fails is retried, then reported to the operators (never lost).
    "LOTS_TASK_ATTEMPTS": Var(3, "Tries of a background task before it is reported."),
    "LOTS_TASK_RETRY_SECONDS": Var(60, "Delay before a failed task's second try (doubles for each further try)."),
    "LOTS_TASK_STALLED_SECONDS": Var(
        3600, "A task still running after this many seconds is taken to have lost its worker and is run again."
    ),
    "LOTS_OPERATORS": Var([], "User names of the operators told (in Lots) when a background task fails for good."),
    # Retention (gallring): what a culling run may remove per run, so that a mistake is bounded.
    "LOTS_RETENTION_BATCH": Var(10000, "Most records one culling run removes per kind."),
    # The REST API under /api/v1/ (docs/api.md): bearer tokens of API clients, or a staff session.
    "LOTS_API_RATE": Var(
        "600/min",
        "Calls each API client may make, as N/second, N/min, N/hour or N/day; over it: 429 with Retry-After.",
    ),
}
globals().update(settings_table(_plain))
_drop_dir = config(
    "LOTS_ATTENDANCE_DROP_DIR",
    "",
    help="Folder the school administration system writes absence exports to, one subfolder per school "
    "named by its school unit code; the nightly task imports them. Empty: no drop folder.",
)
LOTS_ATTENDANCE_DROP_DIR = Path(_drop_dir) if _drop_dir else None
LOTS_ATTENDANCE_MAX_BYTES = config(
    "LOTS_ATTENDANCE_MAX_MB", 200, cast=int, help="Largest absence file accepted, in megabytes."
) * (1024 * 1024)

LOTS_DEMO = config("LOTS_DEMO", False, cast=bool, help="Marks a demo install: the sign-in page lists demo log-ins.")
if LOTS_DEMO:
    # The demo (the package `demo` beside `lots`, which imports Lots and is never imported by it):
    # `manage.py load_demo`, and it hands the sign-in page its log-ins when it starts.
    INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
LOTS_MEETING_VIDEO_HOSTS = config(
    "LOTS_MEETING_VIDEO_HOSTS",
    ["meet.sjoland.se"] if LOTS_DEMO else [],
    cast=list,
    documented_default="meet.sjoland.se on a demo install (LOTS_DEMO), otherwise none",
    help="Comma-separated hosts the region allows for meetings' video links (https only; a host or any "
    "host under it, e.g. meet.sjoland.se, teams.microsoft.com). None: no video links.",
)

# Security and reliability (docs/security.md) -------------------------------------------------

# Sign-in guessing: after LOTS_LOGIN_FAILURE_LIMIT wrong passwords an account is locked for
# LOTS_LOGIN_LOCKOUT_MINUTES (django-axes); the page says so in Swedish. Beside the account's lock, a
# much higher limit per client address (LOTS_LOGIN_CLIENT_FAILURE_LIMIT) slows password spraying;
# lots.security.signin_limits counts both and says why the numbers are what they are.
LOTS_LOGIN_LOCKOUT_MINUTES = config(
    "LOTS_LOGIN_LOCKOUT_MINUTES", 15, cast=int, help="How long a locked account stays locked, in minutes."
)
AXES_COOLOFF_TIME = LOTS_LOGIN_LOCKOUT_MINUTES / 60
LOTS_TRUSTED_PROXIES = config(
    "LOTS_TRUSTED_PROXIES",
    1 if SECURE_PRODUCTION else 0,
    cast=int,
    help="Reverse proxies in front of Lots: the client's address is taken that many hops back in "
    "X-Forwarded-For (0: the connecting address). Never more than there are, or clients choose their address.",
    documented_default="1 with LOTS_PRODUCTION, else 0",
)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "lots.security.signin_limits.SignInAttempts"
AXES_CLIENT_IP_CALLABLE = "lots.security.signin_limits.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "lots.security.views.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = True

# Staff sign-in through the municipality's identity provider (OpenID Connect, e.g. SITHS via
# the IdP). Off unless an issuer is configured. Users are matched to existing staff by a stable
# claim; the IdP never creates users or gives roles.
LOTS_OIDC_ISSUER = config(
    "LOTS_OIDC_ISSUER", "", help="OpenID Connect issuer URL; empty turns sign-in through the IdP off."
)
LOTS_OIDC_ENABLED = bool(LOTS_OIDC_ISSUER)
OIDC_RP_CLIENT_SECRET = config(
    "LOTS_OIDC_CLIENT_SECRET", "", secret=True, help="Lots' client secret at the identity provider."
)
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = 10
OIDC_CALLBACK_CLASS = "lots.security.oidc.CallbackView"
OIDC_AUTHENTICATE_CLASS = "lots.security.oidc.StartView"
LOGIN_REDIRECT_URL_FAILURE = "/konto/logga-in/?idp=misslyckades"

# The family view's sign-in (decision 0010): e-legitimation (BankID, Freja) through an OpenID
# Connect identity provider of its own, the citizen found by their identity number's claim. On a
# demo or development install a development IdP (django-oauth-toolkit, `portal.dev_idp`) stands
# in at /dev-idp/; LOTS_PRODUCTION refuses it (a deploy check).
LOTS_DEV_IDP = config(
    "LOTS_DEV_IDP",
    LOTS_DEMO or DEBUG,
    cast=bool,
    documented_default="on with LOTS_DEMO or DEBUG, else off",
    help="Serves the development identity provider for the family view at /dev-idp/ (any identity number "
    "of the register signs in, no e-legitimation). Never in production.",
)
LOTS_FAMILY_OIDC_ISSUER = config(
    "LOTS_FAMILY_OIDC_ISSUER",
    f"{LOTS_BASE_URL}/dev-idp" if LOTS_DEV_IDP else "",  # noqa: F821 (from the settings table above)
    documented_default="LOTS_BASE_URL/dev-idp with LOTS_DEV_IDP, else empty",
    help="The family view's OpenID Connect issuer (e-legitimation); empty turns the family's sign-in off.",
)
LOTS_FAMILY_OIDC_CLIENT_ID = config(
    "LOTS_FAMILY_OIDC_CLIENT_ID", "lots-familj", help="The family view's client id at its identity provider."
)
LOTS_FAMILY_OIDC_CLIENT_SECRET = config(
    "LOTS_FAMILY_OIDC_CLIENT_SECRET",
    "dev-idp-secret" if LOTS_DEV_IDP else "",
    secret=True,
    help="The family view's client secret at its identity provider.",
)
LOTS_FAMILY_OIDC_CLAIM = config(
    "LOTS_FAMILY_OIDC_CLAIM",
    "personnummer",
    help="The ID token's claim that carries the citizen's identity number (12 digits).",
)
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_ISS_ENDPOINT": LOTS_FAMILY_OIDC_ISSUER,
    # The development IdP's signing key, made once into a file outside git (every worker signs alike).
    "OIDC_RSA_PRIVATE_KEY": local_secret_key(VAR_DIR / "dev-idp-key.pem", make=rsa_private_key_pem)
    if LOTS_DEV_IDP
    else "",
    "OAUTH2_VALIDATOR_CLASS": "lots.portal.dev_idp.DevValidator",
    "PKCE_REQUIRED": True,
    "SCOPES": {"openid": "OpenID Connect"},
    "DEFAULT_SCOPES": ["openid"],
    "ID_TOKEN_EXPIRE_SECONDS": 300,
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 60,
    # OAuth 2.0 Security BCP (RFC 9700) throughout: no implicit or password grant, PKCE S256 only,
    # tokens never in a query string and stored hashed, `iss` in the answer, refresh replay revoked.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    # `make run` and the demo serve plain http on loopback; production only https.
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"] if SECURE_PRODUCTION else ["http", "https"],
}

# Uploaded documents (scanned consent forms): kept outside the web root, served only through
# the access policy.
LOTS_DOCUMENTS_DIR = Path(
    config(
        "LOTS_DOCUMENTS_DIR",
        str(VAR_DIR / "documents"),
        help="Where uploaded documents are stored (outside the web root; back it up with the database).",
        documented_default="LOTS_VAR_DIR/documents",
    )
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB of form fields (uploads are counted separately)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# The cache holds the API's rate-limit counts (and nothing about people). Every app server and
# worker process must count together, so the default is a table in the database (made by
# migrate); Redis, when it runs, through Django's own RedisCache.
LOTS_CACHE_URL = config(
    "LOTS_CACHE_URL",
    "db",
    help="Cache shared by every process: 'db' (a table in the database, no other service) or "
    "redis://host:6379/0 (Redis, through Django's RedisCache).",
)
CACHES = {"default": cache_from_url(LOTS_CACHE_URL)}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "lots.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",  # staff, CSRF enforced
    ],
    "DEFAULT_PERMISSION_CLASSES": ["lots.api.permissions.ApiAccess"],
    "DEFAULT_THROTTLE_CLASSES": ["lots.api.throttling.ClientRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["lots.api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "lots.api.pagination.Cursor",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "NUM_PROXIES": LOTS_TRUSTED_PROXIES,  # the address of a public endpoint's caller, as for sign-in
    "EXCEPTION_HANDLER": "lots.api.problems.handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Lots API",
    "DESCRIPTION": "Children, SIPs, consents, concern reports and interventions, under the access policy.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "lots.api.schema.add_problem_responses"],
}
