"""Forms of the site's pages: they parse and check input, services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from consilium.accounts.models import User
from consilium.moderation.models import FlagReason
from consilium.outcomes.models import WorthIt
from consilium.qa.models import Verdict
from consilium.qa.references import BadReference, parse_references
from consilium.qa.services import TrialPlan
from consilium.topics.models import Topic
from consilium.topics.selectors import resolve_topics


class SignUpForm(forms.Form):
    email = forms.EmailField(
        help_text="For signing in and password resets. Never shown to anyone.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    handle = forms.SlugField(
        required=False,
        max_length=40,
        label="Public handle (optional)",
        help_text="The only name others see. Leave empty for a random one like calm-otter-214.",
    )
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(username=email).exists():
            raise forms.ValidationError("An account with this email exists; sign in instead.")
        return email

    def clean_handle(self) -> str:
        handle = self.cleaned_data["handle"].lower()
        if handle and User.objects.filter(handle=handle).exists():
            raise forms.ValidationError("This handle is taken; choose another or leave it empty.")
        return handle

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if password:
            candidate = User(username=cleaned.get("email", ""), email=cleaned.get("email", ""))
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Please enter a correct email (or username) and password. The "
        "password is case-sensitive.",
    }
    username = forms.CharField(
        label="Email or username",
        max_length=254,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autofocus": True, "autocapitalize": "none"}
        ),
    )


class DoctorApplicationForm(forms.Form):
    display_name = forms.CharField(
        max_length=120, help_text="As patients will see it, e.g. Dr. Ana Ruiz."
    )
    specialty = forms.CharField(max_length=120)
    board_certification = forms.CharField(max_length=200)
    licence_number = forms.CharField(max_length=60)
    jurisdiction = forms.CharField(
        max_length=120, help_text="Where the licence was issued, e.g. Ontario, Canada."
    )
    practice = forms.CharField(max_length=200, required=False)
    website = forms.URLField(required=False, assume_scheme="https")
    bio = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=2000)


class AnswerForm(forms.Form):
    title = forms.CharField(min_length=5, max_length=200, help_text="Your answer in one line.")
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
    title = forms.CharField(
        min_length=10,
        max_length=200,
        help_text="One clear question, e.g. “Will microneedling fade my acne scars?”",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = forms.CharField(
        label="Details",
        widget=forms.Textarea(attrs={"rows": 8}),
        min_length=20,
        max_length=10000,
        help_text="Age, what you have tried, what you hope for. Markdown works. "
        "Do not include your name or contact details.",
    )
    topics = forms.CharField(
        required=False,
        max_length=500,
        help_text="Treatments or conditions, separated by commas, e.g. microneedling, acne scars.",
        widget=forms.TextInput(attrs={"list": "topic-names", "autocomplete": "off"}),
    )
    trying = forms.CharField(
        label="What are you trying? (optional)",
        required=False,
        max_length=200,
        help_text="A treatment you are starting, e.g. facial EMS device. We will ask you "
        "how it went at the end.",
        widget=forms.TextInput(attrs={"list": "topic-names", "autocomplete": "off"}),
    )
    planned_weeks = forms.IntegerField(
        label="For how many weeks?", required=False, min_value=1, max_value=104
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

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("trying") and not cleaned.get("planned_weeks"):
            self.add_error("planned_weeks", "Say for how many weeks you plan to try it.")
        if cleaned.get("planned_weeks") and not cleaned.get("trying"):
            self.add_error("trying", "Say what you are trying.")
        return cleaned

    def trial_plan(self) -> TrialPlan | None:
        data = self.cleaned_data
        if not data.get("trying"):
            return None
        topics, _ = resolve_topics(data["trying"])
        return TrialPlan(
            planned_weeks=data["planned_weeks"],
            started_on=data.get("started_on") or timezone.localdate(),
            topic=topics[0] if topics else None,
            description=data["trying"],
        )


class EditQuestionForm(forms.Form):
    title = AskForm.base_fields["title"]
    body = AskForm.base_fields["body"]
    topics = AskForm.base_fields["topics"]
    clean_topics = AskForm.clean_topics


class QuestionUpdateForm(forms.Form):
    body = forms.CharField(
        label="Your update",
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=10,
        max_length=5000,
        help_text="E.g. “Update after 4 months: …”. It is dated and shown under your question.",
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text="Recorded in the audit log; the author is told when it concerns them.",
    )


class FlagForm(forms.Form):
    reason = forms.ChoiceField(choices=FlagReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=1000,
        help_text="Optional: what a moderator should look at.",
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Your password, to confirm it is you.",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


CURRENCIES = [("", "—"), ("USD", "US dollar"), ("EUR", "Euro"), ("GBP", "Pound sterling"),
              ("CAD", "Canadian dollar"), ("AUD", "Australian dollar")]  # fmt: skip


class OutcomeForm(forms.Form):
    topic = forms.CharField(
        label="Treatment",
        max_length=120,
        widget=forms.TextInput(attrs={"list": "topic-names", "autocomplete": "off"}),
    )
    weeks = forms.IntegerField(label="For how many weeks?", min_value=1, max_value=520)
    worth_it = forms.ChoiceField(
        label="Was it worth it?", choices=WorthIt.choices, widget=forms.RadioSelect
    )
    rating = forms.TypedChoiceField(
        label="Your rating",
        choices=[(n, f"{n} of 5") for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    cost = forms.DecimalField(
        label="What did it cost in all? (optional)",
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
    )
    currency = forms.ChoiceField(choices=CURRENCIES, required=False)
    text = forms.CharField(
        label="What happened?",
        widget=forms.Textarea(attrs={"rows": 6}),
        min_length=20,
        max_length=5000,
        help_text="What changed, what did not, side effects, what you would tell a friend.",
    )
    before_photo = forms.FileField(
        required=False,
        help_text="Optional. JPEG, PNG or WebP, up to 10 MB. We remove location and camera "
        "data before storing it.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    after_photo = forms.FileField(
        required=False,
        help_text="Optional, same rules as the before photo.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def clean_topic(self) -> Topic:
        topics, unknown = resolve_topics(self.cleaned_data["topic"])
        if unknown or len(topics) != 1:
            raise forms.ValidationError("Name one treatment from the suggestions.")
        return topics[0]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("cost") is not None and not cleaned.get("currency"):
            self.add_error("currency", "Say which currency the cost is in.")
        return cleaned
