"""Side effects that follow a committed change: pushes, queued emails, file removal."""

import logging
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger(__name__)


def run_after_commit(func: Callable, /, *args, **kwargs) -> None:
    """Runs `func(*args, **kwargs)` once the current transaction commits (at once outside one).

    Rule: a failure here is logged and swallowed, never raised. The change it follows is already
    committed, so the request succeeded; a broker or Redis outage must not turn it into a 500.
    (Django's own `robust=True` cannot be used with functools.partial on 5.2: its error log reads
    `__qualname__`, which a partial lacks.)
    """
    name = getattr(func, "__qualname__", repr(func))

    def hook() -> None:
        try:
            func(*args, **kwargs)
        except Exception:
            logger.exception("after-commit %s failed; the committed change stands", name)

    transaction.on_commit(hook)
