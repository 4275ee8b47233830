"""Forms for asking, answering and updating questions, shared by the pages and the API."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format

from consilium.outcomes.durations import weeks_from_months
from consilium.plaintext import one_line
from consilium.qa.models import Purpose, Question, Verdict
from consilium.qa.references import BadReference, parse_references
from consilium.qa.services import TrialPlan
from consilium.topics.models import Topic
from consilium.topics.selectors import resolve_topics


class OneLineField(forms.CharField):
    """A title or a name: whatever line breaks were typed or pasted become spaces."""

    def to_python(self, value: Any) -> str:
        return one_line(super().to_python(value) or "")


# A trial's start: a plan a little ahead, or one begun a while ago and reported late; far
# dates are typos, and one in the distant past would send its end-of-trial reminder at once.
TRIAL_START_PAST = timedelta(days=2 * 365)
TRIAL_START_AHEAD = timedelta(days=365)


def trial_start_range(today: date) -> tuple[date, date]:
    return today - TRIAL_START_PAST, today + TRIAL_START_AHEAD


class AnswerForm(forms.Form):
    title = OneLineField(min_length=5, max_length=200, help_text="Your answer in one line.")
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        min_length=20,
        max_length=20000,
        help_text="Markdown: **bold**, *italic*, lists, [links](https://…).",
    )
    verdict = forms.ChoiceField(
        label="For what the asker wants, would you recommend it?",
        choices=[(v.value, v.label) for v in Verdict if v != Verdict.NOT_STATED],
        widget=forms.RadioSelect,
    )
    references = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        help_text="Optional: one a line, a web address or a PubMed ID (PMID: 12345678).",
    )

    def clean_references(self) -> list[str]:
        try:
            return parse_references(self.cleaned_data["references"])
        except BadReference as error:
            raise forms.ValidationError(str(error)) from None


class AskForm(forms.Form):
    title = OneLineField(
        min_length=10,
        max_length=200,
        help_text="One clear question, e.g. “Will microneedling fade my acne scars?”",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": "Write your question in one line."},
    )
    body = forms.CharField(
        label="Details",
        widget=forms.Textarea(attrs={"rows": 8}),
        min_length=20,
        max_length=10000,
        help_text="Age, what you have tried, what you hope for. Markdown works. "
        "Do not include your name or contact details.",
        error_messages={"required": "Tell the doctors a little about you and what you hope for."},
    )
    topics = forms.CharField(
        required=False,
        max_length=500,
        help_text="Treatments or conditions, separated by commas, e.g. microneedling, acne scars.",
        widget=forms.TextInput(attrs={"list": "topic-names", "autocomplete": "off"}),
    )
    purpose = forms.ChoiceField(
        label="What matters most to you? (optional)",
        required=False,
        choices=[("", "Not sure — read it from my question"), *Purpose.choices],
        help_text="Treatment pages give the doctors' view for each purpose apart.",
    )
    trying = OneLineField(
        label="What are you trying? (optional)",
        required=False,
        max_length=200,
        help_text="A treatment you are starting, e.g. facial EMS device. We will ask you "
        "how it went at the end.",
        widget=forms.TextInput(attrs={"list": "topic-names", "autocomplete": "off"}),
    )
    planned_months = forms.IntegerField(
        label="For how many months?",
        required=False,
        min_value=1,
        max_value=24,
        help_text="Round to the nearest month; 1 if shorter.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    started_on = forms.DateField(
        label="Starting on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_topics(self) -> list[Topic]:
        topics, unknown = resolve_topics(self.cleaned_data["topics"])
        if unknown:
            raise forms.ValidationError(
                f"We have no topic called {', '.join(repr(u) for u in unknown)}. "
                "Pick names from the suggestions, or leave them out."
            )
        return topics

    def clean_started_on(self) -> date | None:
        started_on: date | None = self.cleaned_data["started_on"]
        earliest, latest = trial_start_range(timezone.localdate())
        if started_on is not None and not earliest <= started_on <= latest:
            raise forms.ValidationError(
                f"Pick a start date between {date_format(earliest)} and {date_format(latest)}."
            )
        return started_on

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("trying") and not cleaned.get("planned_months"):
            self.add_error("planned_months", "Say for how many months you plan to try it.")
        if cleaned.get("planned_months") and not cleaned.get("trying"):
            self.add_error("trying", "Say what you are trying.")
        return cleaned

    def trial_plan(self) -> TrialPlan | None:
        data = self.cleaned_data
        if not data.get("trying"):
            return None
        topics, _ = resolve_topics(data["trying"])
        return TrialPlan(
            planned_weeks=weeks_from_months(data["planned_months"]),
            started_on=data.get("started_on") or timezone.localdate(),
            topic=topics[0] if topics else None,
            description=data["trying"],
        )


class EditQuestionForm(forms.Form):
    title = AskForm.base_fields["title"]
    body = AskForm.base_fields["body"]
    topics = AskForm.base_fields["topics"]
    clean_topics = AskForm.clean_topics


class FilingForm(forms.Form):
    """A moderator's correction of a question's topics and purpose."""

    topics = forms.CharField(
        required=False,
        max_length=500,
        help_text="Topic names, separated by commas; leave empty for none.",
        widget=forms.TextInput(attrs={"list": "topic-names", "autocomplete": "off"}),
    )
    purpose = forms.ChoiceField(choices=Purpose.choices)
    reason = forms.CharField(required=False, max_length=500, label="Reason (optional)")

    clean_topics = AskForm.clean_topics

    @classmethod
    def for_question(cls, question: Question, data: Any = None) -> FilingForm:
        """The form filled with the question's present topics and purpose."""
        initial = {
            "topics": ", ".join(t.name for t in question.topics.all()),
            "purpose": question.purpose,
        }
        return cls(data, initial=initial)


class QuestionUpdateForm(forms.Form):
    body = forms.CharField(
        label="Your update",
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=10,
        max_length=5000,
        help_text="E.g. “Update after 4 months: …”. It is dated and shown under your question.",
    )
