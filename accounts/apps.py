from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # A deactivation, wherever it happens, sends accounts.signals.sessions_ended.
        from accounts import receivers  # noqa: F401
