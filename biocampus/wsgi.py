import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "biocampus.settings")
django_application = get_wsgi_application()

from biocampus.enrolment import lean_route  # noqa: E402 - the models load after setup

application = lean_route.wrap(django_application)
# Import every view module now, in the worker's start-up, not in its first request: that
# request would otherwise pay a second or more (and, with --preload, the workers share
# the imported code).
_ = get_resolver().url_patterns
