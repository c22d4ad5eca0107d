"""Signals accounts sends; the apps above it listen (accounts imports none of them)."""

from django.dispatch import Signal

# Sent once the transaction has committed, whenever sessions of a user end:
# - a logout: `jti` is the access token presented, only that session ends;
# - a password change or reset, a deactivation: `jti` is None, every session of the user ends.
# Keyword arguments: user_id (UUID), jti (str | None).
sessions_ended = Signal()
