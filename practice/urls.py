from django.urls import path

from practice import views

urlpatterns = [
    path("practice/tests/", views.PracticeTestListView.as_view(), name="practice-test-list"),
    path("practice/tests/<uuid:pk>/", views.PracticeTestDetailView.as_view(), name="practice-test-detail"),
    path("practice/tests/<uuid:pk>/answers/", views.PracticeAnswerView.as_view(), name="practice-test-answers"),
    path("practice/tests/<uuid:pk>/flags/", views.PracticeFlagView.as_view(), name="practice-test-flags"),
    path("practice/tests/<uuid:pk>/finish/", views.PracticeFinishView.as_view(), name="practice-test-finish"),
    path("users/me/performance/", views.MyPerformanceView.as_view(), name="my-performance"),
]
