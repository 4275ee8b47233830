"""Values every page's header needs, and the emergency number the urgent notice names."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from consilium.pagecache.frames import header_figures


def header(request: HttpRequest) -> dict[str, object]:
    # Lazy, so pages that do not render the header pay nothing.
    return header_figures(getattr(request, "user", None))


def emergency_number(request: HttpRequest) -> dict[str, object]:
    return {"emergency_number": settings.EMERGENCY_NUMBER}
