import re
from urllib.parse import unquote

import pytest


@pytest.fixture
def emails_sent(mailoutbox, django_capture_on_commit_callbacks):
    """Runs the request inside `with emails_sent():` so after-commit emails are actually sent."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    run.outbox = mailoutbox
    return run


def token_in(message, path: str) -> str:
    match = re.search(rf"{re.escape(path)}\?token=(\S+)", message.body)
    assert match, f"no {path} link in: {message.body}"
    return unquote(match.group(1))
