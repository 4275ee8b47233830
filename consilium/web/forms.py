"""Forms only the site's pages use; those the API shares live in their domain app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from consilium.accounts.models import Delivery, NotificationKind, User
from consilium.doctors.documents import (
    MAX_DOCUMENTS,
    DocumentRejected,
    DocumentUpload,
    check_document,
)
from consilium.doctors.registries.nppes import valid_npi
from consilium.moderation.models import FlagReason
from consilium.outcomes.durations import weeks_from_months
from consilium.outcomes.models import WorthIt
from consilium.qa.forms import OneLineField
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


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class DocumentsField(forms.FileField):
    """Several files from one input; each becomes a DocumentUpload, checked by the service."""

    widget = MultipleFileInput(
        attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}
    )

    def clean(self, data: Any, initial: Any = None) -> list[DocumentUpload]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files and self.required:
            raise forms.ValidationError("Choose at least one file to send.")
        if len(files) > MAX_DOCUMENTS:
            raise forms.ValidationError(f"Send at most {MAX_DOCUMENTS} files.")
        single = super().clean
        uploads = [DocumentUpload(single(f, initial), f.size, f.name) for f in files]
        # Told here too, so a bad file shows with every other mistake of the form at once;
        # the service checks again before storing.
        problems = []
        for upload in uploads:
            try:
                check_document(upload)
            except DocumentRejected as error:
                problems.append(str(error))
            upload.file.seek(0)
        if problems:
            problems[-1] += " Nothing was sent: choose your files again."
            raise forms.ValidationError(problems)
        return uploads


DOCUMENTS_HELP = (
    f"Your licence and an identity document, as PDF, PNG or JPEG files of up to 10 MB each "
    f"(at most {MAX_DOCUMENTS}). Only moderators see them."
)


class DoctorApplicationForm(forms.Form):
    display_name = OneLineField(
        max_length=120, help_text="As patients will see it, e.g. Dr. Ana Ruiz."
    )
    specialty = OneLineField(max_length=120)
    board_certification = OneLineField(max_length=200)
    licence_number = OneLineField(max_length=60)
    jurisdiction = OneLineField(
        max_length=120, help_text="Where the licence was issued, e.g. Ontario, Canada."
    )
    npi_number = forms.CharField(
        label="NPI number (US doctors, optional)",
        max_length=10,
        required=False,
        help_text="Your 10-digit National Provider Identifier, to look you up in NPPES.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    practice = OneLineField(max_length=200, required=False)
    website = forms.URLField(required=False, assume_scheme="https")
    bio = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=2000)
    documents = DocumentsField(
        label="Documents (optional)", required=False, help_text=DOCUMENTS_HELP
    )

    # The fields kept on the profile, which a rejected applicant's form starts from.
    PROFILE_FIELDS = (
        "display_name", "specialty", "board_certification", "licence_number", "jurisdiction",
        "npi_number", "practice", "website", "bio",
    )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors and cleaned.get("documents"):
            # The files were fine, but a browser never sends chosen files back with the form.
            self.add_error(
                "documents", "Your files were fine; choose them again once the rest is corrected."
            )
        return cleaned

    def clean_npi_number(self) -> str:
        number = "".join(str(self.cleaned_data["npi_number"]).split())
        if number and not valid_npi(number):
            raise forms.ValidationError("An NPI number is 10 digits; check it on your NPI letter.")
        return number


class DocumentsForm(forms.Form):
    documents = DocumentsField(label="Documents", help_text=DOCUMENTS_HELP)


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


CURRENCIES = [("", "Choose a currency"), ("USD", "US dollar"), ("EUR", "Euro"),
              ("GBP", "Pound sterling"), ("CAD", "Canadian dollar"),
              ("AUD", "Australian dollar")]  # fmt: skip


class StarsWidget(forms.RadioSelect):
    """Five radio buttons drawn as stars; without CSS they are still radio buttons."""

    template_name = "web/widgets/stars.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        # Highest first: the stylesheet lays them out in reverse, so a checked star and every
        # star after it in the markup (the lower ones) can be filled.
        options = [option for _, group, _ in context["widget"]["optgroups"] for option in group]
        context["widget"]["stars"] = list(reversed(options))
        return context


# Where a report's currency comes from when the patient has not used one before.
_CURRENCY_BY_REGION = {"US": "USD", "GB": "GBP", "CA": "CAD", "AU": "AUD", "IE": "EUR",
                       "DE": "EUR", "FR": "EUR", "ES": "EUR", "IT": "EUR", "NL": "EUR",
                       "BE": "EUR", "AT": "EUR", "PT": "EUR", "FI": "EUR"}  # fmt: skip
_CURRENCY_BY_LANGUAGE = {"de": "EUR", "fr": "EUR", "es": "EUR", "it": "EUR", "nl": "EUR",
                         "pt": "EUR", "fi": "EUR"}  # fmt: skip


def currency_for_locale(accept_language: str) -> str:
    """The currency of the browser's first language with a known one (en-GB: GBP), or ""."""
    for part in accept_language.split(","):
        tag = part.split(";")[0].strip().replace("_", "-")
        language, _, region = tag.partition("-")
        found = _CURRENCY_BY_REGION.get(region.upper()) or _CURRENCY_BY_LANGUAGE.get(
            language.lower()
        )
        if found:
            return found
    return ""


class OutcomeForm(forms.Form):
    topic = forms.CharField(
        label="Treatment",
        max_length=120,
        widget=forms.TextInput(attrs={"list": "topic-names", "autocomplete": "off"}),
    )
    months = forms.IntegerField(
        label="For how many months?",
        min_value=1,
        max_value=120,
        help_text="Round to the nearest month; 1 if it was shorter.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": "Say for how many months you tried it."},
    )
    worth_it = forms.ChoiceField(
        label="Was it worth it?",
        choices=WorthIt.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes, not sure or no."},
    )
    rating = forms.TypedChoiceField(
        label="Your rating",
        choices=[(n, f"{n} of 5") for n in range(1, 6)],
        coerce=int,
        widget=StarsWidget,
        error_messages={"required": "Choose from one to five stars."},
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
        error_messages={"required": "Tell others what happened, in a few sentences."},
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

    def weeks(self) -> int:
        """The duration as stored: reports count weeks, people think in months."""
        return weeks_from_months(self.cleaned_data["months"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("cost") is not None and not cleaned.get("currency"):
            self.add_error("currency", "Say which currency the cost is in.")
        return cleaned


class NotificationSettingsForm(forms.Form):
    """One choice of email per kind of event; the in-app notifications come regardless."""

    HELP = {
        NotificationKind.NEW_ANSWER: "A doctor answers a question you follow.",
        NotificationKind.QUESTION_UPDATED: "The asker adds an update to a question you follow.",
        NotificationKind.TRIAL_REMINDER: "A treatment you are trying has ended: how did it go?",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                help_text=self.HELP[kind],
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose how to hear about “{kind.label}”.",
                    "invalid_choice": f"Choose one of the four ways for “{kind.label}”.",
                },
            )
