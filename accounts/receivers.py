"""A deactivation ends the user's sessions wherever it happens (the admin API, the Django admin
site, a shell): `sessions_ended` is sent once it commits, so open sockets close. Requests and
refreshes need no signal: they check `is_active` each time."""

from django.db.models.signals import post_init, post_save
from django.dispatch import receiver

from accounts.models import User
from accounts.signals import sessions_ended
from core.aftercommit import run_after_commit


@receiver(post_init, sender=User)
def _remember_is_active(sender, instance: User, **kwargs) -> None:
    # Read from __dict__: a deferred field must not cost a query here.
    instance._loaded_is_active = instance.__dict__.get("is_active")


@receiver(post_save, sender=User)
def _deactivation_ends_sessions(sender, instance: User, created: bool, update_fields=None, **kwargs) -> None:
    if update_fields is not None and "is_active" not in update_fields:
        return
    was_active = getattr(instance, "_loaded_is_active", None)
    instance._loaded_is_active = instance.is_active
    if not created and was_active and not instance.is_active:
        run_after_commit(sessions_ended.send, sender=User, user_id=instance.pk, jti=None)
