"""Reads of questions and answers, each shaped for one page and a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from consilium.accounts.models import User
from consilium.accounts.permissions import AnyUser, verified_doctor
from consilium.doctors.models import DoctorProfile
from consilium.pagecache import readers
from consilium.qa.diff import DiffPiece, word_diff
from consilium.qa.models import (
    Agreement,
    Answer,
    Follow,
    HelpfulMark,
    Question,
    QuestionUpdate,
    Revision,
)


def visible_answer_count() -> Coalesce:
    """Each question's count of visible answers, as a subquery.

    The database counts only the rows a page returns: an aggregate over a join counts the
    answers of every question before the ORDER BY ... LIMIT keeps twenty.
    """
    counts = (
        Answer.objects.filter(question=OuterRef("pk"), is_hidden=False)
        .order_by()
        .values("question")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts), 0)


def recent_questions(limit: int = 20) -> QuerySet[Question]:
    return (
        Question.objects.filter(is_hidden=False)
        .annotate(answer_count=visible_answer_count())
        .select_related("asker")
        .prefetch_related("topics")
        .order_by("-created_at", "-id")[:limit]
    )


def urgent_questions(days: int = 14, limit: int = 50) -> QuerySet[Question]:
    """Recent visible questions that describe an emergency sign, newest first: moderators
    see them before anything else, so a reader in danger is not left without help."""
    since = datetime.now(UTC) - timedelta(days=days)
    return (
        Question.objects.filter(urgent=True, is_hidden=False, created_at__gte=since)
        .annotate(answer_count=visible_answer_count())
        .select_related("asker")
        .order_by("-created_at", "-id")[:limit]
    )


def posts_since(user: User, since: datetime) -> int:
    """How many questions and answers the person has posted since then, hidden ones too."""
    questions = Question.objects.filter(asker=user, created_at__gte=since).count()
    return questions + Answer.objects.filter(doctor__user=user, created_at__gte=since).count()


def question_ids_asked_by(user: AnyUser) -> list[int]:
    return list(Question.objects.filter(asker_id=user.pk).values_list("pk", flat=True))


def updates_by(user: User) -> QuerySet[QuestionUpdate]:
    """The dated updates the person posted under their questions, oldest first."""
    return QuestionUpdate.objects.filter(question__asker=user).order_by("created_at", "id")


def follows_of(user: User) -> QuerySet[Follow]:
    return Follow.objects.filter(user=user).order_by("created_at", "id")


def helpful_marks_of(user: User) -> QuerySet[HelpfulMark]:
    return HelpfulMark.objects.filter(user=user).order_by("created_at", "id")


def question_with_answers(
    pk: int, *, include_hidden: bool = False, with_agreements: bool = False
) -> Question | None:
    """The question, its asker, topics, stored consensus and answers with their doctors.

    Hidden answers come along only when include_hidden is set (for moderators); the
    question itself is returned even when hidden, for the view to decide who may see it.
    with_agreements also reads who agreed with each answer (one more query).
    """
    answers = Answer.objects.select_related("doctor")
    extra = (
        [Prefetch("answers__agreements", queryset=Agreement.objects.select_related("doctor"))]
        if with_agreements
        else []
    )
    if not include_hidden:
        answers = answers.filter(is_hidden=False)
    return (
        Question.objects.select_related("asker", "consensus", "trial", "source")
        .prefetch_related("topics", "updates", Prefetch("answers", queryset=answers), *extra)
        .filter(pk=pk)
        .first()
    )


def ordered_answers(answers: list[Answer], order: str) -> list[Answer]:
    """Most agreed and helpful first, then oldest; or newest first when asked."""
    if order == "newest":
        return sorted(answers, key=lambda a: (a.created_at, a.pk), reverse=True)
    return sorted(
        answers, key=lambda a: (-a.agree_count, -a.helpful_count, a.created_at, a.position, a.pk)
    )


@dataclass(frozen=True)
class AnswerProvenance:
    """How many answers come from doctors verified here, and how many were imported."""

    verified: int
    imported: int


def answer_provenance(answers: Iterable[Answer]) -> AnswerProvenance:
    """Counts over answers already loaded with their doctors (no query); hidden ones left out."""
    shown = [answer for answer in answers if not answer.is_hidden]
    imported = sum(answer.doctor.is_imported for answer in shown)
    verified = sum(answer.doctor.is_verified and not answer.doctor.is_imported for answer in shown)
    return AnswerProvenance(verified=verified, imported=imported)


@dataclass(frozen=True)
class ViewerState:
    """What the signed-in reader has done on this page's question and answers."""

    following: bool = False
    agreed: frozenset[int] = frozenset()
    found_helpful: frozenset[int] = frozenset()
    doctor_id: int | None = None
    is_asker: bool = False


def viewer_state(question: Question, user: AnyUser) -> ViewerState:
    return reader_state(question.pk, question.asker_id, user)


def reader_state(question_id: int, asker_id: int | None, user: AnyUser) -> ViewerState:
    """The reader's follow, agreements and helpful marks on a question known by its ids, read
    in one query."""
    if not user.is_authenticated:
        return ViewerState()
    doctor = verified_doctor(user)
    known = readers.figures(user)
    marked = known.marked_questions if known is not None else None
    if marked is not None and question_id not in marked:
        # No follow, agreement or helpful mark of theirs here: nothing to read.
        return ViewerState(doctor_id=doctor.pk if doctor else None, is_asker=asker_id == user.pk)
    marks = Follow.objects.filter(question_id=question_id, user=user).values_list(
        Value("follow", output_field=CharField()), "question_id"
    )
    helpful = HelpfulMark.objects.filter(answer__question_id=question_id, user=user)
    marks = marks.union(
        helpful.values_list(Value("helpful", output_field=CharField()), "answer_id"), all=True
    )
    if doctor is not None:
        agreed = Agreement.objects.filter(answer__question_id=question_id, doctor=doctor)
        marks = marks.union(
            agreed.values_list(Value("agreed", output_field=CharField()), "answer_id"), all=True
        )
    found: dict[str, set[int]] = {"follow": set(), "helpful": set(), "agreed": set()}
    for kind, pk in marks:
        found[kind].add(pk)
    return ViewerState(
        following=bool(found["follow"]),
        agreed=frozenset(found["agreed"]),
        found_helpful=frozenset(found["helpful"]),
        doctor_id=doctor.pk if doctor else None,
        is_asker=asker_id == user.pk,
    )


@dataclass(frozen=True)
class Version:
    revision: Revision
    number: int
    title_diff: list[DiffPiece]
    body_diff: list[DiffPiece]
    verdict_changed: bool


@dataclass(frozen=True)
class History:
    title: str
    url: str
    versions: list[Version]


def _versions(revisions: list[Revision]) -> list[Version]:
    versions = []
    previous: Revision | None = None
    for number, revision in enumerate(revisions, start=1):
        versions.append(
            Version(
                revision=revision,
                number=number,
                title_diff=word_diff(previous.title if previous else "", revision.title),
                body_diff=word_diff(previous.body if previous else "", revision.body),
                verdict_changed=previous is not None and previous.verdict != revision.verdict,
            )
        )
        previous = revision
    return list(reversed(versions))


def question_history(pk: int) -> History | None:
    question = Question.objects.filter(pk=pk, is_hidden=False).first()
    if question is None:
        return None
    revisions = list(question.revisions.select_related("editor"))
    return History(question.title, question.get_absolute_url(), _versions(revisions))


def answer_history(pk: int) -> History | None:
    answer = (
        Answer.objects.filter(pk=pk, is_hidden=False, question__is_hidden=False)
        .select_related("question")
        .first()
    )
    if answer is None:
        return None
    revisions = list(answer.revisions.select_related("editor"))
    url = f"{answer.question.get_absolute_url()}#answer-{answer.pk}"
    return History(answer.heading, url, _versions(revisions))


def question_list(*, topic: str | None = None, answered: bool | None = None) -> QuerySet[Question]:
    """Visible questions with their asker, topics and answer count, for the API's list.

    Unordered: the caller orders it (the API pages by newest first, then id).
    """
    questions = (
        Question.objects.filter(is_hidden=False)
        .annotate(answer_count=visible_answer_count())
        .select_related("asker")
        .prefetch_related("topics")
    )
    if topic:
        questions = questions.filter(topics__slug=topic)
    if answered is not None:
        has_answers = Exists(Answer.objects.filter(question=OuterRef("pk"), is_hidden=False))
        questions = questions.filter(has_answers if answered else ~has_answers)
    return questions


QUESTION_ORDERS = {
    "newest": "Newest",
    "unanswered": "Unanswered",
    "answers": "Most answered",
    "agreed": "Most agreed",
}


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


@dataclass(frozen=True)
class QuestionPage:
    """One page of the question list and the cursor of the page after it, if any."""

    questions: list[Question]
    next_cursor: str | None


def _cursor_of(question: Question, order: str) -> str:
    stamp = (question.created_at - _EPOCH) // _MICROSECOND
    key = {"answers": "answer_count", "agreed": "agreement_count"}.get(order)
    rank = int(getattr(question, key)) if key else 0
    return f"{rank}.{stamp}.{question.pk}"


def _after(cursor: str, order: str) -> Q | None:
    """Rows after the cursor's row in the order: every sort key descending, then the id."""
    try:
        rank, stamp, pk = (int(part) for part in cursor.split("."))
        created = _EPOCH + stamp * _MICROSECOND
    except (ValueError, OverflowError, OSError):
        return None
    later = Q(created_at__lt=created) | Q(created_at=created, pk__lt=pk)
    key = {"answers": "answer_count", "agreed": "agreement_count"}.get(order)
    if key is None:
        return later
    return Q(**{f"{key}__lt": rank}) | (Q(**{key: rank}) & later)


def question_page(
    *,
    order: str = "newest",
    topic: str | None = None,
    purpose: str | None = None,
    cursor: str = "",
    size: int = 20,
) -> QuestionPage:
    """Visible questions in one of QUESTION_ORDERS, optionally on a topic (by slug).

    Keyset paging: a page starts after the cursor's sort keys, so deep pages read no more
    rows than the first (no OFFSET). Newest first (and unanswered) count the answers of the
    page's rows only; ordering by answers or agreement has to count them all.
    """
    visible = Q(answers__is_hidden=False)
    questions = (
        Question.objects.filter(is_hidden=False)
        .select_related("asker", "consensus")
        .prefetch_related("topics")
    )
    if order in ("answers", "agreed"):
        questions = questions.annotate(
            answer_count=Count("answers", filter=visible),
            agreement_count=Coalesce(Sum("answers__agree_count", filter=visible), 0),
        )
    else:
        questions = questions.annotate(answer_count=visible_answer_count())
    if topic:
        questions = questions.filter(topics__slug=topic)
    if purpose:
        questions = questions.filter(purpose=purpose)
    if order == "unanswered":
        questions = questions.filter(
            ~Exists(Answer.objects.filter(question=OuterRef("pk"), is_hidden=False))
        )
    rank = {"answers": ["-answer_count"], "agreed": ["-agreement_count"]}.get(order, [])
    questions = questions.order_by(*rank, "-created_at", "-pk")
    after = _after(cursor, order) if cursor else None
    if after is not None:
        questions = questions.filter(after)
    rows: list[Question] = list(questions[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return QuestionPage(rows, _cursor_of(rows[-1], order) if more else None)


def question_for_filing(pk: int) -> Question | None:
    """A question with its topics, for a moderator to correct its topics and purpose."""
    return Question.objects.prefetch_related("topics").filter(pk=pk).first()


@dataclass(frozen=True)
class DoctorDesk:
    """A verified doctor's home: what waits for them, what they wrote, what they follow."""

    waiting: list[Question]
    waiting_in_field: bool  # False when nothing matched their field and all waiting are shown
    answers: list[Answer]
    following: list[Question]


def doctor_desk(doctor: DoctorProfile, user: User, limit: int = 20) -> DoctorDesk:
    """Five queries, whatever the counts.

    "In their field": unanswered questions on a topic that doctors of the same specialty
    (or they themselves) have answered before.
    """
    visible = Q(answers__is_hidden=False)
    unanswered = (
        Question.objects.filter(is_hidden=False)
        .annotate(answer_count=Count("answers", filter=visible))
        .filter(answer_count=0)
        .prefetch_related("topics")
        .order_by("-created_at", "-id")
    )
    same_field = Q(answers__doctor=doctor)
    if doctor.specialty.strip():
        same_field |= Q(answers__doctor__specialty__iexact=doctor.specialty.strip())
    field_topics = Question.topics.through.objects.filter(
        question__in=Question.objects.filter(same_field, is_hidden=False)
    ).values("topic_id")
    waiting: list[Question] = list(unanswered.filter(topics__in=field_topics).distinct()[:limit])
    in_field = bool(waiting)
    if not waiting:
        waiting = list(unanswered[:limit])
    answers = list(
        Answer.objects.filter(doctor=doctor, question__is_hidden=False)
        .select_related("question")
        .prefetch_related(
            Prefetch("agreements", queryset=Agreement.objects.select_related("doctor"))
        )
        .order_by("-created_at", "-id")[:limit]
    )
    following: list[Question] = list(
        Question.objects.filter(is_hidden=False, follows__user=user)
        .annotate(answer_count=Count("answers", filter=visible))
        .order_by("-follows__created_at", "-id")[:limit]
    )
    return DoctorDesk(waiting, in_field, answers, following)


def questions_for_sitemap() -> QuerySet[Question]:
    """Visible questions, oldest first (a stable order for the sitemap's pages), with when
    their consensus was last computed."""
    return (
        Question.objects.filter(is_hidden=False)
        .annotate(consensus_computed_at=F("consensus__computed_at"))
        .only("pk", "title", "updated_at")
        .order_by("pk")
    )
