"""One mailbox, one account: what an account's email may be, and its one canonical spelling.

Canonical spelling (what is stored, compared and looked up): surrounding spaces removed, Unicode NFC,
lower case, and a domain written in punycode (`xn--…`) turned into its Unicode labels. Composed and
decomposed spellings of one address (`café` and `cafe` + U+0301), `A@X.COM` and `a@x.com`,
`a@xn--caf-dma.com` and `a@café.com` are one address; the database's unique index on the stored
(canonical) value makes them one account, whatever the write path (`CanonicalEmailField` writes
the canonical spelling on save, update and bulk_create alike).

Refused as invalid (Django's own message, `Enter a valid email address.`), because a mail server
would deliver them to someone else's mailbox or they read as someone else's address:
- any character of Unicode category Cf (format: U+200B, U+00AD, U+FEFF, U+2060 …): invisible, and
  dropped by IDNA, so `victim@example.com` + U+200B is the victim's mailbox;
- a non-ASCII character in the local part. Django's validator means the local part to be ASCII but,
  matching case-insensitively, lets through U+0131 (dotless i), U+017F (long s) and U+212A (Kelvin sign), whose
  upper or lower case is ASCII; internationalised local parts (SMTPUTF8) are not accepted at all;
- in the domain, a character NFKC changes (full-width letters, ligatures, long s), a non-ASCII
  character whose case mapping is ASCII (dotless i, dotted capital I, Kelvin sign), or a label that
  mixes scripts (`example` spelt with a Cyrillic e, U+0435). Single-script internationalised
  domains (`münchen.de`, `пример.рф`) are fine; Japanese labels may mix Han, Hiragana and Katakana.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.db import models

INVALID_EMAIL = "Enter a valid email address."
# Scripts that one language writes together in one word (Japanese): not a mix.
_ONE_SCRIPT = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "CJK": "CJK"}


def email_canonical(value: str) -> str:
    """The one spelling of an address that is stored and compared (see the module docstring)."""
    value = unicodedata.normalize("NFC", value.strip()).lower()
    local, at, domain = value.rpartition("@")
    if at and "xn--" in domain:
        labels = []
        for label in domain.split("."):
            try:
                labels.append(label.encode("ascii").decode("idna") if label.startswith("xn--") else label)
            except UnicodeError:  # not valid punycode: left as it is, the validator refuses it
                labels.append(label)
        value = unicodedata.normalize("NFC", f"{local}@{'.'.join(labels)}").lower()
    return value


def email_refusal(value: str) -> str | None:
    """Why this address cannot be an account's email, or None. The reason is for logs and tests;
    clients are told only `Enter a valid email address.`."""
    if any(unicodedata.category(ch) == "Cf" for ch in value):
        return "format character"
    raw_local, at, raw_domain = unicodedata.normalize("NFC", value.strip()).rpartition("@")
    if not at:
        return None  # not an address at all: Django's EmailValidator says so
    if not raw_local.isascii():
        return "non-ASCII local part"
    domain = email_canonical(value).rpartition("@")[2]
    for label in [*raw_domain.split("."), *domain.split(".")]:
        if unicodedata.normalize("NFKC", label) != label:
            return "compatibility character in the domain"
        if any(not ch.isascii() and any(c.isascii() for c in ch.upper() + ch.lower()) for ch in label):
            return "ASCII look-alike in the domain"
        if len(_scripts(label)) > 1:
            return "mixed scripts in a domain label"
    return None


def validate_account_email(value: str) -> None:
    """The validator of every field that takes an account's email (model, registration, forms)."""
    if isinstance(value, str) and email_refusal(value) is not None:
        raise ValidationError(INVALID_EMAIL, code="invalid")


class CanonicalEmailField(models.EmailField):
    """An EmailField that writes, and looks up, the canonical spelling: on save, `update()` and
    `bulk_create` alike, so the unique index compares canonical spellings whatever the write path."""

    default_validators = [*models.EmailField.default_validators, validate_account_email]

    def to_python(self, value):
        value = super().to_python(value)
        return email_canonical(value) if isinstance(value, str) else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return email_canonical(value) if isinstance(value, str) else value


def _scripts(label: str) -> set[str]:
    """The scripts of the label's letters, from their Unicode names (`LATIN SMALL LETTER A` is Latin);
    digits, hyphens and combining marks belong to none."""
    scripts = set()
    for ch in label:
        if unicodedata.category(ch).startswith("L"):
            first = unicodedata.name(ch, "UNKNOWN").split()[0]
            scripts.add(_ONE_SCRIPT.get(first, first))
    return scripts
