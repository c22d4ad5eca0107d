"""The courses app's models, one module per part of the domain; import them from here.

`catalogue`: courses, enrollments and course progress.
`lessons`: sections, lessons, lesson progress and certificates.
`plans`: plans (priced per currency) and the grants of them that give access to their courses.
"""

from courses.models.catalogue import Course, CourseProgress, Enrollment, default_currency, price_is_free
from courses.models.lessons import Certificate, Lesson, LessonProgress, Section
from courses.models.plans import Plan, PlanGrant, PlanPrice

__all__ = [
    "Certificate",
    "Course",
    "CourseProgress",
    "Enrollment",
    "Lesson",
    "LessonProgress",
    "Plan",
    "PlanGrant",
    "PlanPrice",
    "Section",
    "default_currency",
    "price_is_free",
]
