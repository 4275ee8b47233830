"""URLs of the search pages."""

from django.urls import path

from consilium.search import views

app_name = "search"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("similar/", views.similar, name="similar"),
]
