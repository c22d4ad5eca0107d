from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The ground floor: the project-wide API pieces every app uses (no models)."""

    name = "core"
