"""What search engines read about a page: schema.org JSON-LD, canonical URLs, summaries.

The shapes follow what search engines document for Q&A pages (QAPage whose mainEntity is
a Question with answerCount and its answers) and for health pages (MedicalWebPage with
lastReviewed).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils.html import _json_script_escapes  # type: ignore[attr-defined]
from django.utils.safestring import SafeString, mark_safe

from consilium.doctors.models import DoctorProfile
from consilium.qa.markdown import plain_text
from consilium.qa.models import Answer, Question
from consilium.topics.models import Topic

SCHEMA = "https://schema.org"


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def as_json_ld(data: dict[str, Any]) -> SafeString:
    """JSON for a <script type="application/ld+json"> element: data, never run as script.

    <, > and & are escaped as in Django's json_script, so no text can close the element.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_json_script_escapes))  # noqa: S308 - escaped just above


def plain_excerpt(markdown_text: str, length: int = 160) -> str:
    words = plain_text(markdown_text)
    if len(words) <= length:
        return words
    return words[:length].rsplit(" ", 1)[0] + "…"


def _date(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def _doctor(doctor: DoctorProfile) -> dict[str, Any]:
    person: dict[str, Any] = {
        "@type": "Person",
        "name": doctor.display_name,
        "url": absolute(doctor.get_absolute_url()),
    }
    if doctor.specialty:
        person["jobTitle"] = doctor.specialty
    return person


def _asker(question: Question) -> dict[str, Any]:
    if question.asker is not None:
        return {"@type": "Person", "name": question.asker.handle}
    return {
        "@type": "Person",
        "name": "imported thread" if question.is_imported else "former member",
    }


def qa_page(question: Question, answers: Sequence[Answer]) -> dict[str, Any]:
    """A QAPage: the question, and each visible answer with its doctor and date."""
    url = absolute(question.get_absolute_url())
    shown = [answer for answer in answers if not answer.is_hidden]
    entity: dict[str, Any] = {
        "@type": "Question",
        "name": question.title,
        "text": question.body or question.title,
        "answerCount": len(shown),
        "dateCreated": _date(question.created_at),
        "author": _asker(question),
        "url": url,
    }
    if shown:
        entity["suggestedAnswer"] = [
            {
                "@type": "Answer",
                "text": f"{answer.title}\n\n{answer.body}" if answer.title else answer.body,
                "dateCreated": _date(answer.created_at),
                "upvoteCount": answer.agree_count,
                "url": f"{url}#answer-{answer.pk}",
                "author": _doctor(answer.doctor),
            }
            for answer in shown
        ]
    return {"@context": SCHEMA, "@type": "QAPage", "url": url, "mainEntity": entity}


def medical_web_page(
    topic: Topic, description: str, last_reviewed: datetime | None
) -> dict[str, Any]:
    """A treatment or condition page, last reviewed when a doctor's answer last changed it."""
    about_type = "MedicalProcedure" if topic.kind == "treatment" else "MedicalCondition"
    about: dict[str, Any] = {"@type": about_type, "name": topic.name}
    if topic.synonyms:
        about["alternateName"] = list(topic.other_names())
    page: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "MedicalWebPage",
        "name": topic.name,
        "url": absolute(topic.get_absolute_url()),
        "about": about,
        "audience": {"@type": "Patient"},
    }
    if description:
        page["description"] = description
    if last_reviewed is not None:
        page["lastReviewed"] = last_reviewed.date().isoformat()
    return page
