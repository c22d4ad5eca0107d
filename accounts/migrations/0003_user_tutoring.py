# The tutor's directory profile, a student's tutor and the unread-message digest choice (issue 15).

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_loginsession"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="bio",
            field=models.TextField(blank=True, default="", max_length=2000),
        ),
        migrations.AddField(
            model_name="user",
            name="photo_url",
            field=models.URLField(
                blank=True,
                default="",
                max_length=500,
                validators=[django.core.validators.URLValidator(schemes=["http", "https"])],
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="subjects",
            field=models.JSONField(
                blank=True, default=list, help_text='Exams and subjects covered, e.g. ["NCLEX-RN"].'
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="tutor",
            field=models.ForeignKey(
                blank=True,
                limit_choices_to={"role": "tutor"},
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="students",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="unread_message_emails",
            field=models.BooleanField(default=True),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(("tutor", models.F("pk")), _negated=True), name="accounts_user_not_own_tutor"
            ),
        ),
    ]
