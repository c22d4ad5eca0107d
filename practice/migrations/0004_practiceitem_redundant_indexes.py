"""Drops the indexes of PracticeItem.test and PracticeItem.question: the unique (test, position) and
the (question, flagged) indexes lead with those columns and serve every lookup the two did, and
each test writes one row per item (two fewer indexes to update on each).

Only the indexes are dropped (`DROP INDEX`, a brief lock, no scan). A plain AlterField would also
drop and re-add the foreign keys, and re-adding one validates every row of the table under a lock
that blocks writes: too long on a school's table of practice items."""

import django.db.models.deletion
from django.db import migrations, models

INDEXES = {
    "practice_practiceitem_test_id_b0b0f36c": "test_id",
    "practice_practiceitem_question_id_1637e06a": "question_id",
}


class Migration(migrations.Migration):
    dependencies = [
        ("practice", "0003_pending_response"),
        ("questions", "0003_draw_key_python_default"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="practiceitem",
                    name="question",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="questions.question",
                    ),
                ),
                migrations.AlterField(
                    model_name="practiceitem",
                    name="test",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="items",
                        to="practice.practicetest",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql=f"DROP INDEX IF EXISTS {name}",
                    reverse_sql=f"CREATE INDEX {name} ON practice_practiceitem ({column})",
                )
                for name, column in INDEXES.items()
            ],
        ),
    ]
