"""Writes of moderation: flagging content, hiding and restoring it, settling flags."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from consilium.accounts.models import User
from consilium.consensus.services import schedule_consensus_refresh
from consilium.moderation.audit import record_action
from consilium.moderation.models import Flag
from consilium.outcomes.models import OutcomeReport
from consilium.outcomes.selectors import has_visible_twin
from consilium.pagecache.services import pages_changed
from consilium.qa.models import Answer, Question

Post = Question | Answer | OutcomeReport


class ModerationError(Exception):
    """The moderation step cannot be taken as asked; the message says why."""


def _target_filter(target: Post) -> dict[str, Post]:
    if isinstance(target, Question):
        return {"question": target}
    return {"answer": target} if isinstance(target, Answer) else {"report": target}


def flag_content(*, reporter: User, target: Post, reason: str, note: str = "") -> Flag:
    with transaction.atomic(durable=True):
        open_flags = Flag.objects.filter(
            reporter=reporter, resolved_at__isnull=True, **_target_filter(target)
        )
        if open_flags.exists():
            raise ModerationError("You have flagged this already; a moderator will look at it.")
        return Flag.objects.create(
            reporter=reporter, reason=reason, note=note, **_target_filter(target)
        )


def _resolve_flags(target: Post, moderator: User, resolution: str) -> None:
    Flag.objects.filter(resolved_at__isnull=True, **_target_filter(target)).update(
        resolved_at=timezone.now(), resolved_by=moderator, resolution=resolution
    )


def _question_id(target: Question | Answer) -> int:
    return target.pk if isinstance(target, Question) else target.question_id


def _refresh_consensus(target: Post) -> None:
    """A question's consensus counts only its visible answers; reports are no part of it."""
    if not isinstance(target, OutcomeReport):
        schedule_consensus_refresh(_question_id(target))


def _pages_changed(target: Post) -> None:
    if isinstance(target, OutcomeReport):
        # The treatment's page counts it; a trial's report shows on the trial's question.
        trial_question = target.trial.question_id if target.trial_id else None  # type: ignore[union-attr]
        pages_changed(question_id=trial_question, topic_slugs=[target.topic.slug])
        return
    pages_changed(
        question_id=_question_id(target),
        question_list=isinstance(target, Question),
        cards=True,
        doctor_slugs=[target.doctor.slug] if isinstance(target, Answer) else [],
    )


def hide_content(*, moderator: User, target: Post, reason: str) -> None:
    if not reason.strip():
        raise ModerationError("Say why the content is hidden; it goes in the audit log.")
    with transaction.atomic(durable=True):
        type(target).objects.filter(pk=target.pk).update(is_hidden=True)
        target.is_hidden = True
        _resolve_flags(target, moderator, "hidden")
        record_action(actor=moderator, action="hide", target=target, reason=reason)
        _pages_changed(target)
        _refresh_consensus(target)


def restore_content(*, moderator: User, target: Post, reason: str) -> None:
    if not reason.strip():
        raise ModerationError("Say why the content is restored; it goes in the audit log.")
    with transaction.atomic(durable=True):
        if isinstance(target, OutcomeReport) and has_visible_twin(target):
            raise ModerationError(
                "The same person has another report on this treatment showing; "
                "hide that one first, so they count once."
            )
        type(target).objects.filter(pk=target.pk).update(is_hidden=False)
        target.is_hidden = False
        record_action(actor=moderator, action="restore", target=target, reason=reason)
        _pages_changed(target)
        _refresh_consensus(target)


def dismiss_flag(*, moderator: User, flag: Flag, reason: str) -> None:
    with transaction.atomic(durable=True):
        _resolve_flags(flag.target, moderator, "dismissed")
        record_action(actor=moderator, action="dismiss_flag", target=flag.target, reason=reason)
