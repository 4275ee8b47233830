"""The site's URL map."""

from django.contrib import admin
from django.urls import include, path

from consilium.api.urls import api

urlpatterns = [
    path("", include("consilium.web.urls")),
    path("search/", include("consilium.search.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
