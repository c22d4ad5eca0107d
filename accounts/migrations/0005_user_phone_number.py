# An optional phone number per user, in E.164 (issue 11, item 18).

from django.db import migrations, models

import accounts.phone_numbers


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_email_canonical"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="phone_number",
            field=models.CharField(
                blank=True, default="", max_length=16, validators=[accounts.phone_numbers.validate_phone_number]
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("phone_number", ""), ("phone_number__regex", "^\\+[1-9][0-9]{6,14}$"), _connector="OR"
                ),
                name="accounts_user_phone_number_e164",
            ),
        ),
    ]
