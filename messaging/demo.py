"""Demo data for `manage.py seed_demo`: conversations between the tutor and each student. Idempotent:
a student who already has a conversation with the tutor is left as they are."""

from datetime import timedelta

from django.utils import timezone

from accounts.demo import DemoPeople
from messaging.models import Conversation
from messaging.services import conversation_mark_read, message_create

# (from the student?, minutes before now, content). A reply implies the replier read what came
# before; the student has read everything, so the tutor's inbox shows the trailing student messages
# as unread.
SCRIPTS = [
    [
        (True, 2 * 24 * 60, "Hi Dr. Chen! I keep mixing up the beta blockers and the ACE inhibitors."),
        (False, 2 * 24 * 60 - 20, "Happy to help. Beta blockers end in -olol, ACE inhibitors in -pril."),
        (False, 2 * 24 * 60 - 19, "Watch for a dry cough with the -prils: that's the classic side effect."),
        (True, 2 * 24 * 60 - 5, "That helps a lot, thank you!"),
        (True, 45, "Could we go over priority questions (ABCs) this week?"),
    ],
    [
        (True, 26 * 60, "Is the pharmacology course enough for the NCLEX pharm questions?"),
        (False, 25 * 60, "It covers the core drug classes. Add practice questions daily."),
        (True, 10, "Thanks for the help!"),
    ],
    [
        (False, 3 * 24 * 60, "Welcome to the school, Kofi! Message me any time you get stuck."),
        (True, 3 * 24 * 60 - 90, "Thank you! Starting with fundamentals today."),
    ],
]


def seed(people: DemoPeople) -> None:
    now = timezone.now()
    tutor = people.tutor
    for student, script in zip(people.students, SCRIPTS, strict=False):
        if Conversation.objects.filter(user=tutor, other_user=student).exists():
            continue
        for from_student, minutes_ago, content in script:
            sender, receiver = (student, tutor) if from_student else (tutor, student)
            conversation_mark_read(reader=sender, other_user=receiver)
            message_create(
                sender=sender, receiver=receiver, content=content, created_at=now - timedelta(minutes=minutes_ago)
            )
        conversation_mark_read(reader=student, other_user=tutor)
