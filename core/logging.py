"""What may reach a log line: no credentials, and no characters that could start a forged line.

`LogSanitizer` is a logging filter that rewrites a record before any formatter sees it:
- a token in a query string (`?token=…`, `&access_token=…`, `refresh=…`) or after `Bearer ` becomes
  `[redacted]`: the WebSocket URL carries the access JWT, and servers log request targets;
- control and other non-printable characters (CR, LF, ESC, U+2028, bidi overrides …) are written
  as Python escapes (`\\n`, `\\x1b`, `\\u2028`), so a path like `/api/x%0a2026-01-01 INFO forged`
  stays on one line in the text format.
Only the message and its arguments are rewritten (their types kept, so `%d` and servers' own
formatters still work); a traceback stays multi-line.

It is installed on our console handler (settings.LOGGING: every record that reaches it, including
Django's development server's request lines and Daphne's) and, by `sanitize_server_logs()` from
`config.asgi`, on the loggers uvicorn and gunicorn write their request lines to with handlers of
their own.
"""

import logging
import numbers
import re
from collections.abc import Mapping

REDACTED = "[redacted]"
# Names of query parameters and headers that carry a credential.
_TOKEN_IN_QUERY = re.compile(r"(?i)([?&;](?:token|access_token|refresh_token|access|refresh|jwt)=)[^&;#\s\"']*")
_BEARER = re.compile(r"(?i)(\bbearer[\s,]+)[A-Za-z0-9\-._~+/]+=*")
# The loggers servers write request lines to through handlers of their own (not our console handler).
SERVER_LOGGERS = ("uvicorn.error", "uvicorn.access", "gunicorn.error", "gunicorn.access")
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def redact_tokens(text: str) -> str:
    """`text` with every query-string token and bearer credential replaced by `[redacted]`."""
    if "=" not in text and "earer" not in text:  # fast path: most lines have neither
        return text
    return _BEARER.sub(rf"\g<1>{REDACTED}", _TOKEN_IN_QUERY.sub(rf"\g<1>{REDACTED}", text))


def escape_controls(text: str) -> str:
    """`text` with every non-printable character (str.isprintable: categories Cc, Cf, Zl, Zp, Zs but
    the space, unassigned) written as its Python escape, so it cannot break or disguise a log line."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def _escape(char: str) -> str:
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def sanitize(text: str) -> str:
    return escape_controls(redact_tokens(text))


def _sanitized_arg(value):
    if value is None or isinstance(value, numbers.Number):  # keeps %d, %.2f working
        return value
    return sanitize(value if isinstance(value, str) else str(value))


class LogSanitizer(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_sanitized", False):  # a handler filter after the logger's own
            return True
        if isinstance(record.msg, str):
            record.msg = sanitize(record.msg)
        elif record.msg is not None and not record.args:
            record.msg = sanitize(str(record.msg))
        if isinstance(record.args, Mapping):
            record.args = {key: _sanitized_arg(value) for key, value in record.args.items()}
        elif record.args:
            record.args = tuple(_sanitized_arg(value) for value in record.args)
        record._sanitized = True
        return True


def sanitize_server_logs() -> None:
    """Put `LogSanitizer` on the servers' own loggers (they log through handlers of their own, not
    through settings.LOGGING's console handler). Idempotent."""
    for name in SERVER_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, LogSanitizer) for f in logger.filters):
            logger.addFilter(LogSanitizer())
