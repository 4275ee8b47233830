"""Doctors: public profiles and their verification."""

from django.apps import AppConfig


class DoctorsConfig(AppConfig):
    name = "consilium.doctors"
    label = "doctors"
