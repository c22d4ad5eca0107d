"""The shipped URLconf plus the benchmark's reference views under /bench/ (bench settings only)."""

from django.urls import path

from bench import views
from config.urls import handler404, handler500  # noqa: F401
from config.urls import urlpatterns as app_urlpatterns

urlpatterns = [
    path("bench/ceiling/<str:name>/", views.ceiling),
    path("bench/twin/courses/", views.courses),
    path("bench/twin/progress/", views.progress),
    path("bench/twin/conversations/", views.conversations),
    path("bench/twin/conversation/<uuid:other_user_id>/", views.conversation_page),
    path("bench/twin/admin/users/", views.admin_users),
    *app_urlpatterns,
]
