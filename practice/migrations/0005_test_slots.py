"""A test's items move onto the test's own row (`PracticeTest.slots`); a PracticeItem row is then only
written when an item is touched. Existing tests get their slots from their rows, which stay (a row
for an untouched item is as valid as none). Backwards, each slot without a row gets one."""

from django.db import migrations, models

BATCH = 500


def slots_from_rows(apps, schema_editor):
    PracticeTest = apps.get_model("practice", "PracticeTest")
    PracticeItem = apps.get_model("practice", "PracticeItem")
    tests = PracticeTest.objects.order_by("pk").values_list("pk", flat=True)
    for start in range(0, tests.count(), BATCH):
        batch = list(PracticeTest.objects.filter(pk__in=list(tests[start : start + BATCH])))
        rows = PracticeItem.objects.filter(test__in=batch).order_by("test_id", "position")
        slots: dict = {}
        for test_id, question_id, version_id in rows.values_list("test_id", "question_id", "version_id"):
            slots.setdefault(test_id, []).append([str(question_id), str(version_id)])
        for test in batch:
            test.slots = slots.get(test.pk, [])
        PracticeTest.objects.bulk_update(batch, ["slots"])


def rows_from_slots(apps, schema_editor):
    PracticeTest = apps.get_model("practice", "PracticeTest")
    PracticeItem = apps.get_model("practice", "PracticeItem")
    for test in PracticeTest.objects.iterator(chunk_size=BATCH):
        touched = set(PracticeItem.objects.filter(test=test).values_list("position", flat=True))
        PracticeItem.objects.bulk_create(
            PracticeItem(test=test, position=position, question_id=question_id, version_id=version_id)
            for position, (question_id, version_id) in enumerate(test.slots, start=1)
            if position not in touched
        )


class Migration(migrations.Migration):
    dependencies = [
        ("practice", "0004_practiceitem_redundant_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="practicetest",
            name="slots",
            field=models.JSONField(
                default=list, help_text="The items in position order, each [question id, version id]: the version shown."
            ),
        ),
        migrations.RunPython(slots_from_rows, rows_from_slots),
    ]
