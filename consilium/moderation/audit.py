"""Writing the audit log; called inside the transaction of the action it records."""

from __future__ import annotations

from django.db import models

from consilium.accounts.models import User
from consilium.moderation.models import AuditEntry


def record_action(*, actor: User, action: str, target: models.Model, reason: str = "") -> None:
    AuditEntry.objects.create(
        actor=actor,
        actor_name=actor.handle or actor.username,
        action=action,
        target_type=target._meta.model_name or "",
        target_id=target.pk,
        target_label=str(target)[:200],
        reason=reason,
    )
