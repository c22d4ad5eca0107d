from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from core import views

urlpatterns = [
    # The site's root is the API's documentation (a 404 page told a visitor nothing).
    path("", RedirectView.as_view(pattern_name="docs", permanent=False), name="root"),
    path("admin/", admin.site.urls),
    path("api/health/", views.health, name="health"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("api/", include("accounts.urls")),
    path("api/", include("courses.urls")),
    # Stored videos and PDFs, only through short-lived signed links (courses.media); never at MEDIA_URL.
    path("api/", include("courses.media_urls")),
    path("api/", include("messaging.urls")),
    path("api/", include("payments.urls")),
    path("api/", include("questions.urls")),
    path("api/", include("practice.urls")),
    path("api/", include("exams.urls")),
    path("api/", include("tutors.urls")),
    path("api/", include("admissions.urls")),
    path("api/", include("adminpanel.urls")),
    # Last: any other /api/ path is a JSON 404, also with DEBUG on (no HTML debug page).
    re_path(r"^api/", views.api_not_found),
]

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.not_found"
handler500 = "core.views.server_error"
