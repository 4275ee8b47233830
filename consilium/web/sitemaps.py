"""sitemap.xml: every visible question, topic and public doctor, with when it last changed.

Django's sitemap framework splits a section into pages of 50,000 URLs (the limit search
engines read) and lists them in the index at /sitemap.xml.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from consilium.doctors.models import DoctorProfile
from consilium.doctors.selectors import public_doctors_for_sitemap
from consilium.qa.models import Question
from consilium.qa.selectors import questions_for_sitemap
from consilium.topics.models import Topic
from consilium.topics.selectors import topics_for_sitemap


class QuestionSitemap(Sitemap[Question]):
    changefreq = "weekly"
    priority = 0.8

    def items(self) -> QuerySet[Question]:
        return questions_for_sitemap()

    def lastmod(self, item: Question) -> datetime:
        # A new answer or a recomputed consensus changes the page, not the question row.
        changed = getattr(item, "consensus_computed_at", None)
        return max(item.updated_at, changed) if changed else item.updated_at


class TopicSitemap(Sitemap[Topic]):
    changefreq = "weekly"
    priority = 0.6

    def items(self) -> QuerySet[Topic]:
        return topics_for_sitemap()

    def lastmod(self, item: Topic) -> datetime | None:
        return getattr(item, "last_question_at", None)


class DoctorSitemap(Sitemap[DoctorProfile]):
    changefreq = "monthly"
    priority = 0.3

    def items(self) -> QuerySet[DoctorProfile]:
        return public_doctors_for_sitemap()


SITEMAPS: dict[str, type[Sitemap[Any]] | Sitemap[Any]] = {
    "questions": QuestionSitemap,
    "topics": TopicSitemap,
    "doctors": DoctorSitemap,
}
