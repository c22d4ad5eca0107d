"""`Cache-Control: no-store` on every API response that carries a token or a signed-in user's data.

A browser, a shared proxy or a CDN must never keep such a response: a later user of the same
machine or cache would be handed the tokens or the account (OWASP ASVS 5.0 14.3.2; RFC 6749 §5.1
for token responses). Covered: any `/api/` request sent with `Authorization`, and every response of
`/api/auth/` (login, refresh, register, reset), whether or not it hands out tokens. Anonymous public
reads (the catalogue, plans, certificate checks) are left cacheable.
"""

from core.middleware import SyncAndAsyncMiddleware


def _private(request) -> bool:
    path = request.path
    return path.startswith("/api/") and ("HTTP_AUTHORIZATION" in request.META or path.startswith("/api/auth/"))


def _no_store(request, response):
    if _private(request):
        response["Cache-Control"] = "no-store"
        response["Pragma"] = "no-cache"  # HTTP/1.0 caches (RFC 6749 §5.1)
    return response


class NoStoreMiddleware(SyncAndAsyncMiddleware):
    def after(self, request, response):
        return _no_store(request, response)
