# Emails in one canonical spelling (issue 11, item 1; accounts.email_rules): the field writes NFC,
# lower-case spellings from now on, and the rows already stored are rewritten to it. Format
# characters (Unicode Cf, e.g. U+200B) are dropped from stored addresses: they were how a second
# account for one mailbox was made. Where two rows then spell one address, the account that already
# had the canonical spelling (else the oldest) keeps it; each other one is deactivated and its email
# replaced by `<id>@duplicate.invalid` (reserved, never delivered), so nothing is deleted and an
# admin can look at it.

import unicodedata

from django.db import migrations

import accounts.email_rules


def _canonical(email: str) -> str:
    without_format = "".join(ch for ch in email if unicodedata.category(ch) != "Cf")
    return accounts.email_rules.email_canonical(without_format)


def canonicalise_emails(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    rows = list(User.objects.order_by("created_at", "pk").values_list("pk", "email"))
    owners: dict[str, object] = {}
    for pk, email in rows:
        key = _canonical(email)
        current = owners.get(key)
        # The row already spelt canonically wins over an earlier look-alike.
        if current is None or (email == key and current[1] != key):
            owners[key] = (pk, email)
    for pk, email in rows:
        key = _canonical(email)
        if owners[key][0] != pk:
            User.objects.filter(pk=pk).update(email=f"{pk}@duplicate.invalid", is_active=False)
    for key, (pk, email) in owners.items():
        if email != key:
            User.objects.filter(pk=pk).update(email=key)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_tutoring"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="email",
            field=accounts.email_rules.CanonicalEmailField(max_length=254, unique=True),
        ),
        migrations.RunPython(canonicalise_emails, migrations.RunPython.noop),
    ]
