"""API operations on doctors' public profiles: never their account's email, username or name."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Path, Query, Router, Schema

from consilium.api.pagination import PageParams, paginate
from consilium.api.problems import documented
from consilium.api.schemas import SLUG_PATTERN, absolute
from consilium.doctors.models import DoctorProfile
from consilium.doctors.selectors import doctor_profile_for, doctor_profiles

router = Router(tags=["doctors"])

BY_NAME = ("display_name", "id")


class DoctorOut(Schema):
    """What the doctor's page shows: the name they practise under and their credentials."""

    slug: str
    display_name: str
    specialty: str
    board_certification: str
    licence_number: str
    jurisdiction: str
    practice: str
    website: str
    bio: str
    verification_status: str
    verified_at: datetime | None
    is_imported: bool
    answer_count: int
    url: str


class DoctorPage(Schema):
    items: list[DoctorOut]
    next: str | None


def _doctor_out(profile: DoctorProfile) -> dict[str, Any]:
    return {
        "slug": profile.slug,
        "display_name": profile.display_name,
        "specialty": profile.specialty,
        "board_certification": profile.board_certification,
        "licence_number": profile.licence_number,
        "jurisdiction": profile.jurisdiction,
        "practice": profile.practice,
        "website": profile.website,
        "bio": profile.bio,
        "verification_status": profile.verification_status,
        "verified_at": profile.verified_at,
        "is_imported": profile.is_imported,
        "answer_count": profile.answer_count,  # type: ignore[attr-defined]
        "url": absolute(profile.get_absolute_url()),
    }


@router.get(
    "",
    response=DoctorPage,
    url_name="doctors",
    summary="Verified doctors, by name",
    openapi_extra=documented(422),
)
def list_doctors(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    page = paginate(
        doctor_profiles(verified_only=True), order=BY_NAME, cursor=params.cursor, limit=params.limit
    )
    return {"items": [_doctor_out(d) for d in page.items], "next": page.next}


@router.get(
    "/{slug}",
    response=DoctorOut,
    url_name="doctor",
    summary="A doctor's public profile",
    openapi_extra=documented(404, 422),
)
def read_doctor(
    request: HttpRequest, slug: str = Path(..., pattern=SLUG_PATTERN, max_length=80)
) -> dict[str, Any]:
    profile = doctor_profile_for(slug, request.user)
    if profile is None:
        raise Http404("No such doctor.")
    return _doctor_out(profile)
