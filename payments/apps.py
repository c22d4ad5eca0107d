from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"

    def ready(self):
        # Registers the system check that refuses the sandbox in production.
        from payments import checks  # noqa: F401
