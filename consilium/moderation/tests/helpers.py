"""What the moderation service tests compare before and after a refused step."""

from consilium.moderation.models import AuditEntry, Flag
from consilium.outcomes.models import OutcomeReport
from consilium.qa.models import Answer, Question


def snapshot(target: Question | Answer | OutcomeReport) -> dict[str, object]:
    """The post's visibility, every flag as stored, and the audit log's length."""
    target.refresh_from_db()
    return {
        "hidden": target.is_hidden,
        "flags": list(
            Flag.objects.order_by("pk").values_list("pk", "reporter", "resolved_at", "resolution")
        ),
        "audit entries": AuditEntry.objects.count(),
    }
