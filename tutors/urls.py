from django.urls import path

from tutors import views

urlpatterns = [
    path("tutors/", views.TutorDirectoryView.as_view(), name="tutor-directory"),
    path("tutor/students/", views.TutorStudentListView.as_view(), name="tutor-student-list"),
    path("tutor/students/<uuid:pk>/", views.TutorStudentDetailView.as_view(), name="tutor-student-detail"),
    path("tutor/cohorts/", views.TutorCohortListView.as_view(), name="tutor-cohort-list"),
    path("admin/cohorts/", views.AdminCohortListView.as_view(), name="admin-cohort-list"),
    path("admin/cohorts/<uuid:pk>/", views.AdminCohortDetailView.as_view(), name="admin-cohort-detail"),
]
