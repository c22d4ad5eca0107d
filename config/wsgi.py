import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

from payments.checks import refuse_unsafe_sandbox  # noqa: E402

refuse_unsafe_sandbox()  # no server starts with the payment sandbox on in production
