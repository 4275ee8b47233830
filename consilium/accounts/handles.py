"""Pseudonymous handles: the only name under which a patient appears in public."""

from __future__ import annotations

import secrets

_ADJECTIVES = (
    "amber", "brave", "calm", "clever", "gentle", "golden", "hazel", "humble", "kind",
    "lucky", "mellow", "misty", "quiet", "rapid", "silver", "steady", "sunny", "swift",
    "tidy", "warm", "wise", "young", "bright", "cosy",
)  # fmt: skip
_ANIMALS = (
    "badger", "crane", "dolphin", "falcon", "finch", "fox", "heron", "ibis", "koala", "lark",
    "lynx", "marten", "otter", "owl", "panda", "robin", "seal", "sparrow", "swan", "wren",
)  # fmt: skip


def random_handle() -> str:
    """A handle such as 'quiet-heron-482', unrelated to the person's name or email."""
    return (
        f"{secrets.choice(_ADJECTIVES)}-{secrets.choice(_ANIMALS)}-{secrets.randbelow(900) + 100}"
    )
