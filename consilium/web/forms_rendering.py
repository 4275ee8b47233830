"""How every form field is drawn: labels without colons, help and errors tied to the field."""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates


class SiteFormRenderer(DjangoTemplates):
    field_template_name = "web/forms/field.html"
