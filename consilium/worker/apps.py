"""Worker: runs background tasks, and runs again those whose worker died mid-task."""

from django.apps import AppConfig


class WorkerConfig(AppConfig):
    name = "consilium.worker"
    label = "worker"
