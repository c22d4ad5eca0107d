from django.urls import path

from courses import plan_urls, views

admin_courses = views.AdminCourseViewSet.as_view({"get": "list", "post": "create"})
admin_course = views.AdminCourseViewSet.as_view(
    {"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}
)

urlpatterns = [
    path("admin/courses/", admin_courses, name="admin-course-list"),
    path("admin/courses/<uuid:pk>/", admin_course, name="admin-course-detail"),
    path("courses/", views.CourseCatalogueView.as_view(), name="course-list"),
    path("courses/<uuid:pk>/", views.CourseCatalogueDetailView.as_view(), name="course-detail"),
    path("courses/<uuid:pk>/enroll/", views.CourseEnrollView.as_view(), name="course-enroll"),
    path("users/me/enrollments/", views.MyEnrollmentsView.as_view(), name="my-enrollments"),
    path("users/me/progress/", views.MyProgressView.as_view(), name="my-progress"),
    path("users/me/progress/<uuid:course_id>/", views.MyProgressDetailView.as_view(), name="my-progress-detail"),
]

# Plans (courses/plan_urls.py).
urlpatterns += plan_urls.urlpatterns
