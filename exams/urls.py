from django.urls import path

from exams import views

urlpatterns = [
    path("exams/", views.ExamListView.as_view(), name="exam-list"),
    path("exams/<uuid:pk>/", views.ExamDetailView.as_view(), name="exam-detail"),
    path("exams/<uuid:pk>/answer/", views.ExamAnswerView.as_view(), name="exam-answer"),
    path("users/me/readiness/", views.ReadinessView.as_view(), name="readiness"),
]
