"""The form of the API tokens page: a token's name and scope."""

from __future__ import annotations

from django import forms

from consilium.api.models import TokenScope


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, help_text="What will use it, e.g. “my reading list script”."
    )
    scope = forms.ChoiceField(
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
        help_text="Read only suits most scripts; read and write may post and edit as you.",
    )
