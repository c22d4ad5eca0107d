from django.urls import path

from questions import views

urlpatterns = [
    path("admin/questions/", views.QuestionListView.as_view(), name="admin-question-list"),
    path("admin/questions/import/", views.QuestionImportView.as_view(), name="admin-question-import"),
    path("admin/questions/export/", views.QuestionExportView.as_view(), name="admin-question-export"),
    path("admin/questions/<uuid:pk>/", views.QuestionDetailView.as_view(), name="admin-question-detail"),
    path("admin/case-studies/", views.CaseStudyListView.as_view(), name="admin-case-study-list"),
    path("admin/case-studies/<uuid:pk>/", views.CaseStudyDetailView.as_view(), name="admin-case-study-detail"),
]
