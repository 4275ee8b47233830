"""The site's URLs plus the floor of bench/pages.py: a Django view returning "ok".

It runs through the same middleware, server and workers as the pages measured beside it,
so their ratio to it cancels out the machine's speed.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench-floor/", floor), path("", include("consilium.urls"))]
