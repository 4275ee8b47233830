"""What the doctors' service tests compare before and after a refused step."""

from consilium.doctors.models import DoctorProfile
from consilium.moderation.models import AuditEntry

DECISION_FIELDS = (
    "verification_status",
    "decision_reason",
    "decided_at",
    "verified_at",
    "display_name",
    "specialty",
    "licence_number",
)


def snapshot(profile: DoctorProfile) -> dict[str, object]:
    """The profile's decision and credentials as stored, and how long the audit log is."""
    profile.refresh_from_db()
    state: dict[str, object] = {name: getattr(profile, name) for name in DECISION_FIELDS}
    state["role"] = profile.user.role if profile.user else None
    state["audit entries"] = AuditEntry.objects.count()
    state["profiles"] = DoctorProfile.objects.count()
    return state
