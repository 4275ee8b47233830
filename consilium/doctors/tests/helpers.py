"""What the doctors' tests share: snapshots around a refused step, recorded registry answers."""

import io
import socket
from pathlib import Path
from typing import Any

from consilium.doctors.documents import DocumentUpload
from consilium.doctors.models import DoctorProfile
from consilium.doctors.registries.nppes import NppesRegistry
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


RESPONSES = Path(__file__).parent / "registry_responses"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n% a scanned licence\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def recorded(name: str) -> bytes:
    """A registry response written for the tests, shaped like the live API's."""
    return (RESPONSES / name).read_bytes()


class RecordedFetcher:
    """Stands in for the network: answers every URL with one body, or raises."""

    def __init__(self, body: bytes = b"", error: Exception | None = None) -> None:
        self.body, self.error = body, error
        self.urls: list[str] = []

    def __call__(self, url: str, timeout: float) -> bytes:
        self.urls.append(url)
        if self.error is not None:
            raise self.error
        return self.body


def registry_with(fetch: RecordedFetcher) -> NppesRegistry:
    return NppesRegistry(base_url="https://registry.invalid/api/", fetch=fetch, timeout=1.0)


def upload(data: bytes, label: str = "licence.pdf") -> DocumentUpload:
    return DocumentUpload(io.BytesIO(data), len(data), label)


def forbid_sockets(monkeypatch: Any) -> list[object]:
    """Make any attempt to open a network connection fail the test; the attempts made."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise AssertionError("a test tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts
