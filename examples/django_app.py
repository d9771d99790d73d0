"""A Django receiver for Standard Webhooks deliveries, in one file (the
README's Django quick start; in a project the view goes in views.py and the
pattern in urls.py).

    STANDARD_WEBHOOK_SECRET=whsec_... python examples/django_app.py runserver
"""

import os
import sys

from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        ROOT_URLCONF=__name__,
        ALLOWED_HOSTS=["*"],
        SECRET_KEY="django-example-only",
        MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"],
    )

# START django
import hookproof
from django.http import JsonResponse
from django.urls import path
from hookproof.django import verify_webhook

standard = hookproof.Webhook.from_env("standard", "STANDARD_WEBHOOK_SECRET")


@verify_webhook(standard)  # CSRF-exempt: the signature is the authentication
def standard_hook(request):
    delivery = request.webhook
    return JsonResponse({"id": delivery.id, "type": delivery.json().get("type")})


urlpatterns = [path("hooks/standard", standard_hook)]
# END django

application = None
if __name__ == "__main__":
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
else:
    from django.core.wsgi import get_wsgi_application

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "")
    application = get_wsgi_application()
