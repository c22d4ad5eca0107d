"""The courses app's models, one module per part of the domain; import them from here.

`catalogue`: courses, enrollments and course progress.
"""

from courses.models.catalogue import Course, CourseProgress, Enrollment, default_currency, price_is_free

__all__ = ["Course", "CourseProgress", "Enrollment", "default_currency", "price_is_free"]
