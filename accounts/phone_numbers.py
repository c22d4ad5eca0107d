"""A student's phone number (schools reach students by phone): optional, stored in E.164
(`+2348012345678`), checked by Google's libphonenumber rules (the `phonenumbers` package), so a
number that cannot exist in its country is refused, not just a malformed one."""

import phonenumbers
from django.core.exceptions import ValidationError

INVALID_PHONE_NUMBER = "Enter a valid phone number in international format, e.g. +2348012345678."
E164_PATTERN = r"^\+[1-9][0-9]{6,14}$"  # the database's check: a plus, a country code, at most 15 digits


def phone_number_e164(value: str) -> str:
    """The number in E.164, or "" for none. Spaces, dashes and brackets are accepted and dropped
    (`+234 801 234-5678`); the leading `+` and country code are required (no region is guessed).
    Raises ValidationError for anything that is not a valid number."""
    value = value.strip()
    if not value:
        return ""
    if not value.startswith("+"):
        raise ValidationError(INVALID_PHONE_NUMBER, code="invalid")
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        raise ValidationError(INVALID_PHONE_NUMBER, code="invalid") from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(INVALID_PHONE_NUMBER, code="invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_phone_number(value: str) -> None:
    """The model field's validator (the admin site's forms): the stored value must already be E.164."""
    if value and phone_number_e164(value) != value:
        raise ValidationError(INVALID_PHONE_NUMBER, code="invalid")
