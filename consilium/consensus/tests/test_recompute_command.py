"""`consilium recompute-consensus`: missing and outdated consensus brought up to date."""

from io import StringIO

import pytest
from django.core.management import call_command

from consilium.consensus.method import METHOD_VERSION
from consilium.consensus.models import QuestionConsensus
from consilium.consensus.selectors import questions_needing_consensus
from consilium.consensus.services import refresh_consensus
from consilium.qa.tests.factories import AnswerFactory

pytestmark = pytest.mark.django_db


def _answered() -> int:
    answer = AnswerFactory()
    AnswerFactory(question=answer.question)
    return answer.question_id


def test_it_recomputes_missing_and_outdated_consensus_and_names_them():
    missing, outdated, current = _answered(), _answered(), _answered()
    QuestionConsensus.objects.filter(question_id=missing).delete()
    refresh_consensus(outdated)
    QuestionConsensus.objects.filter(question_id=outdated).update(method_version=METHOD_VERSION - 1)
    refresh_consensus(current)
    untouched_at = QuestionConsensus.objects.get(question_id=current).computed_at

    out = StringIO()
    call_command("recompute-consensus", stdout=out)

    assert f"Recomputed question {missing}" in out.getvalue()
    assert f"Recomputed question {outdated}" in out.getvalue()
    assert f"question {current}" not in out.getvalue()
    versions = dict(QuestionConsensus.objects.values_list("question_id", "method_version"))
    assert versions == {missing: METHOD_VERSION, outdated: METHOD_VERSION, current: METHOD_VERSION}
    assert QuestionConsensus.objects.get(question_id=current).computed_at == untouched_at
    assert questions_needing_consensus() == []


def test_a_dry_run_lists_and_changes_nothing():
    missing = _answered()
    QuestionConsensus.objects.all().delete()

    out = StringIO()
    call_command("recompute-consensus", "--dry-run", stdout=out)

    assert f"Would recompute question {missing}" in out.getvalue()
    assert not QuestionConsensus.objects.exists()


def test_it_says_so_when_everything_is_current():
    refresh_consensus(_answered())
    out = StringIO()
    call_command("recompute-consensus", stdout=out)
    assert "Every consensus is current" in out.getvalue()
