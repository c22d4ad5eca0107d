from django.urls import path

from courses import lesson_views, plan_urls, views

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
    # Sections, lessons, lesson progress and certificates (CONTRACT §11).
    path("admin/courses/<uuid:pk>/sections/", lesson_views.AdminSectionListView.as_view(), name="admin-section-list"),
    path(
        "admin/courses/<uuid:pk>/sections/reorder/",
        lesson_views.AdminSectionReorderView.as_view(),
        name="admin-section-reorder",
    ),
    path("admin/sections/<uuid:pk>/", lesson_views.AdminSectionDetailView.as_view(), name="admin-section-detail"),
    path("admin/sections/<uuid:pk>/lessons/", lesson_views.AdminLessonListView.as_view(), name="admin-lesson-list"),
    path(
        "admin/sections/<uuid:pk>/lessons/reorder/",
        lesson_views.AdminLessonReorderView.as_view(),
        name="admin-lesson-reorder",
    ),
    path("admin/lessons/<uuid:pk>/", lesson_views.AdminLessonDetailView.as_view(), name="admin-lesson-detail"),
    path(
        "admin/certificates/<uuid:pk>/revoke/",
        lesson_views.AdminCertificateRevokeView.as_view(),
        name="admin-certificate-revoke",
    ),
    path("users/me/lessons/", lesson_views.MyLessonsView.as_view(), name="my-lessons"),
    path(
        "users/me/lessons/<uuid:lesson_id>/progress/",
        lesson_views.MyLessonProgressView.as_view(),
        name="my-lesson-progress",
    ),
    path("users/me/certificates/", lesson_views.MyCertificatesView.as_view(), name="my-certificates"),
    path(
        "users/me/certificates/<uuid:pk>/pdf/",
        lesson_views.MyCertificatePdfView.as_view(),
        name="my-certificate-pdf",
    ),
    path("certificates/<str:number>/", lesson_views.CertificateVerifyView.as_view(), name="certificate-verify"),
]

# Plans (courses/plan_urls.py).
urlpatterns += plan_urls.urlpatterns
