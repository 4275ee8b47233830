"""The question page in two layers: what every reader sees, rendered once per version of the
question and kept in the page cache, and what belongs to one reader, put in per request.

The shared HTML marks each reader's place with a `<!--reader:NAME[:PK]-->` comment: the
buttons under the question, the asker's update form and trial reminder, the page's one vote
form (which holds the reader's CSRF token), each answer's vote buttons and its doctor's edit
link. User text cannot forge one: markdown escapes `<`, every other field is escaped, and the
JSON-LD escapes `<` too. Vote buttons are kept ready for the common readers (signed out;
signed in and not a doctor; a doctor who may agree); a reader who voted gets that answer's
buttons rendered for them. The whole page as signed-in readers get it is kept with the parts
too, so a signed-in reader's request renders only their header links and buttons.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from consilium.consensus.selectors import (
    consensus_description,
    consensus_panel,
    leanings_for_questions,
)
from consilium.outcomes.models import Trial
from consilium.outcomes.selectors import question_outcome
from consilium.pagecache import frames, versions
from consilium.pagecache.recent import RecentCopies
from consilium.qa.forms import FilingForm, QuestionUpdateForm
from consilium.qa.markdown import render_markdown
from consilium.qa.models import Answer, Question
from consilium.qa.selectors import (
    ViewerState,
    answer_provenance,
    ordered_answers,
    question_with_answers,
    reader_state,
)
from consilium.qa.urgent import urgent_signs
from consilium.search.selectors import related_questions
from consilium.topics.selectors import topic_names
from consilium.web.structured_data import absolute, plain_excerpt, qa_page

_SLOT = re.compile(r"<!--reader:([a-z]+)(?::(\d+))?-->")
# Blank lines and indentation between tags, from the templates' layout: one newline keeps
# the space between inline elements. Markdown escapes "<" in code, so no <pre> is changed.
_BETWEEN_TAGS = re.compile(r">[ \t]*\n\s*<")

# The parts of the questions read last, kept by each process beside the shared cache (a few MB).
_recent_parts: RecentCopies[QuestionParts] = RecentCopies(32)

ANONYMOUS, READER, DOCTOR = "anonymous", "reader", "doctor"
# The readers whose vote forms are kept ready: none of them has voted on the answer or wrote it.
_COMMON_READERS: dict[str, dict[str, bool]] = {
    ANONYMOUS: {},
    READER: {"signed_in": True},
    DOCTOR: {"signed_in": True, "may_agree": True},
}


@dataclass(frozen=True)
class Author:
    """An answer's doctor as its vote forms need them: whose account wrote it, if any."""

    user_id: int | None


@dataclass(frozen=True)
class AnswerPart:
    """One answer's figures and its vote forms as the common readers see them."""

    pk: int
    doctor_id: int
    doctor: Author
    agree_count: int
    helpful_count: int
    votes: dict[str, str]
    edit_link: str


@dataclass(frozen=True)
class QuestionParts:
    """What the page shows every reader, and what is needed to put one reader's parts in."""

    pk: int
    slug: str
    url: str
    title: str
    description: str
    canonical: str
    head_meta: str
    is_hidden: bool
    is_imported: bool
    asker_id: int | None
    # The asker's trial, if they named one: its reminder says whether it has ended.
    trial: Trial | None
    content: str
    answers: tuple[AnswerPart, ...]
    # The whole page as a signed-in reader gets it, cut where their token, header links and
    # the content go; kept with the parts in the page cache.
    frame: frames.KeptPage | None = None

    def get_absolute_url(self) -> str:
        return self.url


def question_parts(
    request: HttpRequest, pk: int, *, order: str, moderator: bool
) -> QuestionParts | None:
    """The shared parts of question pk's page, from the cache when a version of them is kept.

    Moderators see hidden answers and a moderation form in each answer: their page is
    rendered for them each time.
    """
    if moderator or not settings.PAGE_CACHE:
        return _render(request if moderator else None, pk, order=order, moderator=moderator)
    depends = [versions.TAXONOMY, versions.question(pk), versions.QUESTION_LIST, versions.CARDS]
    key = f"question-parts:{versions.RELEASE}:{pk}:{order}:{':'.join(versions.current(depends))}"
    parts = _recent_parts.get(key)
    if parts is not None:
        return parts
    cache = versions.page_cache()
    parts = cache.get(key)
    if parts is None:
        parts = _render(None, pk, order=order, moderator=False)
        if parts is not None:
            parts = dataclasses.replace(parts, frame=_signed_in_frame(parts))
            cache.set(key, parts, timeout=settings.PAGE_CACHE_SECONDS)
    if parts is not None:
        _recent_parts.keep(key, parts)
    return parts


def signed_in_page(request: HttpRequest, parts: QuestionParts) -> str | None:
    """The page for a signed-in reader other than a moderator, put together from the page
    kept with the parts: None when it has to be rendered (no such page, a message waiting)."""
    if parts.frame is None or not frames.for_kept_page(request):
        return None
    return parts.frame.for_reader(
        request, lambda token: page_content(request, parts, moderator=False, token=token)
    )


def _signed_in_frame(parts: QuestionParts) -> frames.KeptPage | None:
    """The page for signed-in readers, cut where the CSRF token of the htmx header, the
    reader's header links and the content go."""
    html = render_to_string(
        "web/question.html",
        {
            "parts": parts,
            "content": mark_safe(frames.CONTENT),  # noqa: S308 - a marker of ours
            **frames.stand_ins(),
        },
    )
    return frames.KeptPage.cut(html, (frames.CONTENT,))


def page_content(
    request: HttpRequest, parts: QuestionParts, *, moderator: bool, token: str | None = None
) -> SafeString:
    """The page's content with this reader's parts put in."""
    viewer = reader_state(parts.pk, parts.asker_id, request.user)
    signed_in = request.user.is_authenticated
    if token is None:
        token = get_token(request) if signed_in else ""
    by_pk = {answer.pk: answer for answer in parts.answers}
    own = next((a.pk for a in parts.answers if viewer.doctor_id == a.doctor_id), None)
    # The few templates rendered per request get the reader and token directly, without
    # running every context processor again.
    context = {
        "question": parts,
        "viewer": viewer,
        "moderator": moderator,
        "user": request.user,
        "csrf_token": token,
    }

    def reader_part(match: re.Match[str]) -> str:
        name, pk = match.group(1), match.group(2)
        if name == "votes":
            return _votes(by_pk[int(pk)], viewer, context)
        if name == "edit":
            answer = by_pk[int(pk)]
            return answer.edit_link if answer.doctor_id == viewer.doctor_id else ""
        if name == "actions":
            form = QuestionUpdateForm() if viewer.is_asker else None
            return render_to_string(
                "web/questions/_post_actions.html",
                {**context, "own_answer": own, "update_form": form},
            )
        if name == "outcome":
            if parts.trial is None:
                return ""
            outcome = question_outcome(parts.pk)
            return render_to_string(
                "web/questions/_outcome_part.html",
                {**context, "outcome": outcome, "trial": parts.trial},
                request=request,
            )
        if name == "voteform":
            return render_to_string("web/questions/_vote_form.html", context) if token else ""
        if name == "waiting":
            return render_to_string("web/questions/_waiting.html", context)
        raise ValueError(f"unknown reader part {name}")

    return mark_safe(_SLOT.sub(reader_part, parts.content))  # noqa: S308 - rendered templates


def _votes(answer: AnswerPart, viewer: ViewerState, context: dict[str, Any]) -> str:
    token = context["csrf_token"]
    if not token:
        return answer.votes[ANONYMOUS]
    may_agree = viewer.doctor_id is not None and viewer.doctor_id != answer.doctor_id
    agreed = answer.pk in viewer.agreed
    found_helpful = answer.pk in viewer.found_helpful
    own = answer.doctor.user_id == context["user"].pk
    if not agreed and not found_helpful and not own:
        return answer.votes[DOCTOR if may_agree else READER]
    return render_to_string(
        "web/questions/_answer_votes.html",
        {
            **context,
            "answer": answer,
            "may_agree": may_agree,
            "agreed": agreed,
            "found_helpful": found_helpful,
        },
    )


def _render(
    request: HttpRequest | None, pk: int, *, order: str, moderator: bool
) -> QuestionParts | None:
    found = question_with_answers(pk, include_hidden=moderator, with_agreements=True)
    if found is None:
        return None
    answers = list(found.answers.all())
    in_order = ordered_answers(answers, order)
    updates = list(found.updates.all())
    html = markdown_of([found.body, *(u.body for u in updates), *(a.body for a in answers)])
    found.body_html = html[found.body]  # type: ignore[attr-defined]
    for post in (*updates, *answers):
        post.body_html = html[post.body]  # type: ignore[attr-defined]
    # Ranking related questions reads the vector index (and may run the model): kept until
    # the question, the list of questions or their answer counts change.
    related = versions.remembered(
        f"related:{found.pk}",
        [versions.question(found.pk), versions.QUESTION_LIST, versions.CARDS],
        lambda: related_questions(found, limit=5),
    )
    description = consensus_description(found) or plain_excerpt(found.body)
    context: dict[str, Any] = {
        "question": found,
        "answers": in_order,
        "order": order,
        "panel": consensus_panel(found, answers),
        "moderator": moderator,
        "related_questions": related,
        "leanings": leanings_for_questions(q.pk for q in related),
        "provenance": answer_provenance(answers),
        "filing_form": FilingForm.for_question(found) if moderator else None,
        "topic_names": topic_names() if moderator else (),
        "meta_description": description,
        "structured_data": qa_page(found, in_order),
        # Stored at write time; the signs themselves are named from the words.
        "urgent_signs": urgent_signs(f"{found.title}\n{found.body}") if found.urgent else [],
        "emergency_number": settings.EMERGENCY_NUMBER,
    }
    content = render_to_string("web/questions/_shared.html", context, request=request)
    return QuestionParts(
        pk=found.pk,
        slug=found.slug,
        url=found.get_absolute_url(),
        title=found.title,
        description=description,
        canonical=absolute(found.get_absolute_url()),
        head_meta=render_to_string("web/questions/_head_meta.html", context),
        is_hidden=found.is_hidden,
        is_imported=found.is_imported,
        asker_id=found.asker_id,
        trial=_trial(found),
        content=_BETWEEN_TAGS.sub(">\n<", content),
        answers=tuple(_answer_part(found, answer) for answer in answers),
    )


def _trial(question: Question) -> Trial | None:
    """A copy of the question's trial with the fields the page reads, without the question
    (and its answers) the loaded one holds on to."""
    trial = getattr(question, "trial", None)
    if trial is None:
        return None
    return Trial(
        pk=trial.pk,
        description=trial.description,
        started_on=trial.started_on,
        planned_weeks=trial.planned_weeks,
    )


def _answer_part(question: Question, answer: Answer) -> AnswerPart:
    part = AnswerPart(
        pk=answer.pk,
        doctor_id=answer.doctor_id,
        doctor=Author(user_id=answer.doctor.user_id),
        agree_count=answer.agree_count,
        helpful_count=answer.helpful_count,
        votes={},
        edit_link=format_html(
            ' · <a href="{}">Edit</a>', reverse("web:edit-answer", args=[answer.pk])
        ),
    )
    readers = {
        ANONYMOUS: {},
        READER: {"signed_in": True},
        DOCTOR: {"signed_in": True, "may_agree": True},
    }
    for name, state in readers.items():
        html = render_to_string(
            "web/questions/_answer_votes.html",
            {
                "answer": part,
                "question_url": question.get_absolute_url(),
                **state,
            },
        )
        part.votes[name] = _BETWEEN_TAGS.sub(">\n<", html)
    return part


def markdown_of(texts: Iterable[str]) -> dict[str, str]:
    """Each text's HTML, kept in the page cache by its content, so each revision of a post is
    rendered once however often the pages around it change."""
    wanted = {_markdown_key(text): text for text in texts}
    if not settings.PAGE_CACHE:
        return {text: mark_safe(render_markdown(text)) for text in wanted.values()}  # noqa: S308
    cache = versions.page_cache()
    found: dict[str, str] = cache.get_many(list(wanted))
    missing = {key: render_markdown(text) for key, text in wanted.items() if key not in found}
    if missing:
        cache.set_many(missing, timeout=settings.PAGE_CACHE_SECONDS)
    return {text: mark_safe(found.get(key) or missing[key]) for key, text in wanted.items()}  # noqa: S308


def _markdown_key(text: str) -> str:
    digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    return f"markdown:{versions.RELEASE}:{digest}"
