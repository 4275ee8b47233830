"""Background tasks of the outcomes app."""

from __future__ import annotations

from django_tasks import task

from consilium.outcomes.services import send_trial_reminder


@task()
def remind_trial(trial_id: int) -> None:
    send_trial_reminder(trial_id)
