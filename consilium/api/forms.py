"""The form of the API tokens page: a token's name and scope, and the owner's password."""

from __future__ import annotations

from typing import Any

from django import forms

from consilium.accounts.models import User
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
    # A token acts as the account for as long as it lives: a borrowed session alone must
    # not be enough to make one.
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To make sure it is you.",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password
