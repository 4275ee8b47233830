"""Reading a question's purpose from its words when the asker did not choose one."""

from __future__ import annotations

import re

# Cue words for each purpose, as whole words or word beginnings ("wrinkl" finds "wrinkles").
# The order is the tie-break: a question about the safety of a cosmetic treatment is filed
# under safety, one about recovering from an illness under recovery, before cost or looks.
_CUES: dict[str, tuple[str, ...]] = {
    "safety": (
        "safe", "safely", "safety", "unsafe", "danger", "risk", "side effect", "side-effect",
        "complication", "harm", "toxic", "pregnan", "breastfeed", "pacemaker", "allerg",
        "burn", "scar from", "went wrong",
    ),
    "recovery": (
        "recover", "rehab", "palsy", "paralys", "nerve", "injur", "stroke", "after surgery",
        "post-op", "postop", "heal", "atroph", "weakness", "physio", "therap", "incontinen",
        "pain", "treat my", "diagnos", "medical",
    ),
    "cost": (
        "cost", "price", "pricing", "expensive", "cheap", "afford", "how much", "worth the money",
        "insurance", "per session", "$", "£", "€",
    ),
    "cosmetic": (
        "wrinkl", "fine line", "lines", "firm", "tighten", "lift", "sag", "jowl", "younger",
        "ageing", "aging", "aged", "appearance", "contour", "tone", "toning", "skin", "glow",
        "volume",
        "fat", "slim", "cellulite", "scar", "pore", "pigment", "cosmetic", "beauty", "face",
        "facial", "chin", "neck", "lips", "eyes", "bulk", "muscle growth", "muscle definition",
    ),
}  # fmt: skip

_PATTERNS = {
    purpose: re.compile(
        "|".join(
            re.escape(cue) if not cue[0].isalnum() else r"\b" + re.escape(cue) for cue in cues
        ),
        re.IGNORECASE,
    )
    for purpose, cues in _CUES.items()
}


def infer_purpose(title: str, body: str) -> str:
    """The purpose a question's words point to: cosmetic, recovery, safety, cost or other.

    The rule, kept deliberately small so a moderator can predict it: count the cue words of
    each purpose, a cue in the title counting three times (the title is the question); the
    purpose with most cues wins, ties going to the earlier of safety, recovery, cost,
    cosmetic; with no cue at all the purpose is "other".
    """
    scores = {
        purpose: 3 * len(pattern.findall(title)) + len(pattern.findall(body))
        for purpose, pattern in _PATTERNS.items()
    }
    best = max(scores.values())
    if best == 0:
        return "other"
    return next(purpose for purpose, score in scores.items() if score == best)
