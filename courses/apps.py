from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"

    def ready(self):
        # Connects the catalogue cache's invalidation to every Course save and delete.
        from courses import cache  # noqa: F401
