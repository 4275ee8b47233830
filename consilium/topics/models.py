"""A treatment or condition, with the other names people use for it."""

from __future__ import annotations

from django.db import models

from consilium.links import row_url


class TopicKind(models.TextChoices):
    TREATMENT = "treatment", "Treatment"
    CONDITION = "condition", "Condition"


class Topic(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=16, choices=TopicKind.choices)
    synonyms = models.JSONField(default=list, blank=True)
    description = models.TextField(blank=True)
    related = models.ManyToManyField("self", blank=True, symmetrical=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return row_url("web:topic", slug=self.slug)

    def other_names(self, limit: int = 6) -> list[str]:
        """A few synonyms worth showing: not the name itself, nor a plural of one shown."""
        shown: list[str] = []
        seen = {self.name.lower(), self.name.lower() + "s"}
        for synonym in self.synonyms:
            key = synonym.lower()
            if key in seen or key.rstrip("s") in seen:
                continue
            seen.update({key, key + "s"})
            shown.append(synonym)
            if len(shown) == limit:
                break
        return shown
