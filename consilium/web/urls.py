"""URLs of the pages."""

from django.urls import path

from consilium.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("questions/<int:pk>/", views.question, name="question-short"),
    path("questions/<int:pk>/<slug:slug>/", views.question, name="question"),
    path("topics/<slug:slug>/", views.topic, name="topic"),
    path("doctors/<slug:slug>/", views.doctor, name="doctor"),
]
