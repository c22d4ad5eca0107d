from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"

    def ready(self):
        # Connects the catalogue cache's invalidation to every Course save and delete, and registers
        # the system check that stored media links are signed.
        from courses import cache, checks  # noqa: F401
