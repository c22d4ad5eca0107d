"""The Django admin site's login (`/admin/login/`), throttled like the API login: per account and
per client address, by django-axes (settings: `AXES_*` in config/settings.py).

After `AXES_FAILURE_LIMIT` wrong passwords for one email, or from one address, further attempts are
refused with 429 for `AXES_COOLOFF_TIME` (a successful login resets the count). Attempts are kept in
the database (the admin site lists them under Axes). The API login is not counted here: it has its
own throttles (`accounts.throttles`), and `AXES_ONLY_ADMIN_SITE` keeps the two apart.
"""

from axes.backends import AxesStandaloneBackend
from rest_framework.throttling import BaseThrottle

from accounts.models import normalize_email


class AdminLoginLockoutBackend(AxesStandaloneBackend):
    """django-axes' backend, except that an `authenticate()` without a request (a test client's
    `login()`, a script) is not a login at the admin site and is left to the next backend instead of
    raising."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_address(request) -> str:
    """The client's address as the API's throttles see it (`X-Forwarded-For` as far as NUM_PROXIES trusts it)."""
    return BaseThrottle().get_ident(request)


def account_key(request, credentials: dict | None) -> str | None:
    """The account an attempt is counted against: the email typed, however it is spelt."""
    username = (credentials or {}).get("username") or request.POST.get("username")
    return normalize_email(username) if isinstance(username, str) else None
