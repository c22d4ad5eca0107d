from django.urls import path

from courses.media import SignedMediaView

# The local signed media route (courses.media), mounted under /api/ by config/urls.py.
urlpatterns = [
    path("media/<str:token>/", SignedMediaView.as_view(), name="signed-media"),
]
