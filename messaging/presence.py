"""Who has a messaging socket open, in the shared cache (Redis when `REDIS_URL` is set), so that
every server process sees the same answer.

Per user: `open`, the number of open sockets (incremented on connect, decremented on
disconnect), and `seen`, when one was last connected or closed. A socket lives at most one access
token's lifetime (the consumer closes it when the token expires), so the counter expires that long
after the last connect: a process that dies with sockets open cannot leave a user "online" forever.
The unread-message digest (`messaging.tasks`) asks `away_since` before emailing anyone.
Cache errors are swallowed (django-redis is configured to ignore them): presence is a hint.
"""

import time

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.cache import cache

# Kept a day after the last socket closes: the digest's delay is minutes, not days.
SEEN_SECONDS = 24 * 3600


def _keys(user_id) -> tuple[str, str]:
    hex_id = getattr(user_id, "hex", str(user_id))
    return f"messaging:presence:open:{hex_id}", f"messaging:presence:seen:{hex_id}"


def _socket_lifetime() -> int:
    return int(settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds()) + 60


async def socket_connected(user_id) -> None:
    """The consumer's hook: a socket of `user_id` opened (cache calls run off the event loop)."""
    await sync_to_async(connected)(user_id)


async def socket_disconnected(user_id) -> None:
    """The consumer's hook: a socket of `user_id` closed."""
    await sync_to_async(disconnected)(user_id)


def connected(user_id) -> None:
    open_key, seen_key = _keys(user_id)
    cache.add(open_key, 0, timeout=_socket_lifetime())
    try:
        cache.incr(open_key)
    except ValueError:  # expired between add and incr
        cache.set(open_key, 1, timeout=_socket_lifetime())
    cache.touch(open_key, timeout=_socket_lifetime())
    cache.set(seen_key, time.time(), timeout=SEEN_SECONDS)


def disconnected(user_id) -> None:
    open_key, seen_key = _keys(user_id)
    try:
        remaining = cache.decr(open_key)
        if remaining is not None and remaining <= 0:  # None: the cache is unreachable
            cache.delete(open_key)
    except ValueError:  # already expired
        pass
    cache.set(seen_key, time.time(), timeout=SEEN_SECONDS)


def away_for(user_ids) -> dict:
    """For each user id: seconds since their last socket closed (None: none seen lately), or 0
    while a socket is open. Two cache reads for any number of users."""
    keys = {user_id: _keys(user_id) for user_id in user_ids}
    opened = cache.get_many([open_key for open_key, _ in keys.values()])
    seen = cache.get_many([seen_key for _, seen_key in keys.values()])
    now = time.time()
    away = {}
    for user_id, (open_key, seen_key) in keys.items():
        if (opened.get(open_key) or 0) > 0:
            away[user_id] = 0.0
        elif seen_key in seen:
            away[user_id] = max(0.0, now - seen[seen_key])
        else:
            away[user_id] = None
    return away
