"""Admin actions on accounts (CONTRACT §5)."""

from django.db import transaction

from accounts.models import Role, User
from core.exceptions import ApplicationError
from tutors.services import tutor_assign

CANNOT_DEMOTE_SELF = "You cannot remove your own admin role."
CANNOT_DEACTIVATE_SELF = "You cannot deactivate your own account."


#: `tutor_id` not given (None is given: it unassigns).
UNCHANGED = object()


def user_update_by_admin(
    *, actor: User, user: User, role: str | None = None, is_active: bool | None = None, tutor_id=UNCHANGED
) -> User:
    """Change a user's role and/or active flag.

    Rule: an admin cannot demote or deactivate themselves, so the school is never left locked out
    by one click (another admin can). Staff access to the Django admin site follows the role (see
    `User.is_staff`), so a role change moves it too. A deactivated user's tokens stop working at
    once: every authenticated request and token refresh checks `is_active`. A `tutor_id` (None
    unassigns) goes through `tutors.services.tutor_assign`, which checks and records it, in the
    same transaction.
    """
    if user.pk == actor.pk:
        if role is not None and role != Role.ADMIN:
            raise ApplicationError(CANNOT_DEMOTE_SELF)
        if is_active is False:
            raise ApplicationError(CANNOT_DEACTIVATE_SELF)
    changed = []
    if role is not None and role != user.role:
        user.role = role
        changed.append("role")
    if is_active is not None and is_active != user.is_active:
        user.is_active = is_active
        changed.append("is_active")
    with transaction.atomic():
        if changed:
            user.save(update_fields=[*changed, "updated_at"])
        if tutor_id is not UNCHANGED:
            tutor_assign(actor=actor, student=user, tutor_id=tutor_id)
    return user
