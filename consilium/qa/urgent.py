"""Spotting a question that describes an emergency, so the asker is sent to urgent care first.

The signs below are ours, written from the usual red flags of emergency medicine and of
aesthetic treatments (docs/urgent-signs.md lists them for readers). A sign is a set of
groups of patterns; it matches when every group has a mention that is not negated ("no
chest pain"), not hypothetical ("can Botox cause chest pain?") and not plainly in the past
("I had a stroke years ago"). A few signs also need the text to speak of a procedure, since
heavy bleeding or a skin colour change is an emergency after an injection, not in general.

The rule errs on the side of warning: a false alarm costs a reader one paragraph, a missed
emergency costs far more. The figures of both kinds are in docs/benchmarks.md.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class UrgentSign:
    """One emergency sign: a key for tests and logs, and what to call it to a reader."""

    key: str
    label: str
    groups: tuple[re.Pattern[str], ...]
    needs_procedure: bool = False


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")")


_PROCEDURE = _any(
    r"fill(?:er|ers)", r"inject", r"botox", r"dysport", r"xeomin", r"procedure", r"surgery",
    r"operation", r"treatment", r"lipo", r"laser", r"peel", r"microneedl", r"implant",
    r"extraction", r"biopsy", r"juvederm", r"restylane", r"sculptra", r"radiesse", r"thread",
    r"kybella", r"tummy tuck", r"facelift", r"blephar", r"rhinoplast", r"post[- ]?op",
)  # fmt: skip

SIGNS: tuple[UrgentSign, ...] = (
    UrgentSign(
        "chest_pain",
        "chest pain or pressure",
        (
            _any(
                r"chest (?:pain|pains|pressure|tightness|is (?:tight|hurting|aching))",
                r"(?:pain|pressure|tightness|squeezing) in (?:my|the|his|her) chest",
                r"crushing (?:pain|pressure)",
                r"(?:having|think (?:i'm|i am|he's|she's) having) a heart attack",
            ),
        ),
    ),
    UrgentSign(
        "stroke",
        "signs of a stroke (face drooping, arm weakness, slurred speech)",
        (
            _any(
                r"(?:having|think (?:i'm|i am|he's|she's) having) a stroke",
                r"one side of (?:my|his|her|the) face (?:is |has |went |started )?"
                r"(?:suddenly )?(?:droop|drop|numb|slack|fallen|paralys)",
                r"face (?:is |has |suddenly )*(?:drooping|droops|drooped) on one side",
                r"slurr(?:ed|ing) (?:speech|words|my words)",
                r"speech (?:is |became |has become )?slurred",
                r"sudden(?:ly)? (?:weak|numb|can't (?:lift|move|raise))\w* (?:in )?"
                r"(?:my |his |her |one )?(?:arm|leg|side)",
                r"(?:arm|leg) (?:suddenly )?(?:went|is|became|going) (?:suddenly )?"
                r"(?:weak|numb|limp)",
                r"can(?:'t|not) (?:lift|raise|move) (?:my|his|her|one) arm",
            ),
        ),
    ),
    UrgentSign(
        "anaphylaxis",
        "a severe allergic reaction (throat swelling, trouble breathing)",
        (
            _any(
                r"anaphyla\w*",
                r"(?:throat|tongue|airway) (?:is |feels |started |keeps )?(?:swelling|swollen|"
                r"closing|closing up|tight|tightening)",
                r"swelling (?:of|in) (?:my|the) (?:throat|tongue)",
                r"(?:swollen|swelling) (?:throat|tongue)",
                r"(?:hives|rash) (?:all over|everywhere)\b.{0,60}\bbreath",
            ),
        ),
    ),
    UrgentSign(
        "self_harm",
        "thoughts of self-harm or suicide",
        (
            _any(
                r"(?:kill|hurt|harm|cut) myself",
                r"suicid\w*",
                r"self[- ]?harm\w*",
                r"end (?:my life|it all)",
                r"(?:don't|do not) want to (?:live|be alive|be here anymore|wake up)",
                r"want to die",
                r"better off dead",
                r"no (?:reason|point) (?:to|in) (?:live|living|going on)",
            ),
        ),
    ),
    UrgentSign(
        "heavy_bleeding",
        "heavy bleeding after a procedure",
        (
            _any(
                r"(?:heavy|heavily|severe|profuse|uncontrolled|lots of|a lot of) bleed\w*",
                r"bleed\w* (?:heavily|a lot|profusely|everywhere)",
                r"bleeding (?:that )?(?:won't|will not|doesn't|does not|hasn't|has not|can't be) "
                r"(?:stop|been stopped)",
                r"(?:won't|will not|can't|cannot) stop bleeding",
                r"soak\w* (?:through )?(?:the |my )?(?:bandage|dressing|gauze|pad)",
            ),
        ),
        needs_procedure=True,
    ),
    UrgentSign(
        "vision_loss",
        "loss of vision after a filler injection (a blocked blood vessel)",
        (
            _any(
                r"(?:lost|losing|loss of|lose) (?:my |the |some |all )?(?:vision|sight|eyesight)",
                r"(?:can't|cannot|can not) see (?:out of|from|with)",
                r"(?:vision|eyesight|sight) (?:is |has |went |suddenly )*(?:blurr\w*|gone|dark|"
                r"black|blind|going)",
                r"(?:sudden(?:ly)?|suddenly gone) blind",
                r"blind in (?:one|my|the) (?:eye|left|right)",
                r"sudden(?:ly)? blurr\w* vision",
            ),
        ),
        needs_procedure=True,
    ),
    UrgentSign(
        "skin_colour",
        "skin turning white, blue or mottled after a filler injection",
        (
            _any(
                r"(?:skin|area|spot|patch|lips?|nose|cheeks?|chin|filler|it) "
                r"(?:is |are |has |went |turned |turning |gone |going |looks? |become |becoming )+"
                r"(?:very )?(?:white|pale|blue|bluish|"
                r"grey|gray|dusky|purple|mottled|blotchy|lacy)",
                r"mottl\w*",
                r"blanch\w*",
                r"(?:lace|net)[- ]?like (?:pattern|rash|discolou?ration)",
                r"livedo",
            ),
        ),
        needs_procedure=True,
    ),
    UrgentSign(
        "fever_redness",
        "high fever with spreading redness after a procedure",
        (
            _any(r"fever\w*", r"temperature (?:of |is |at )?(?:3[89]|10[0-5])", r"chills"),
            _any(
                r"spreading",
                r"(?:redness|swelling|red area|rash) (?:is |keeps )?"
                r"(?:spread|getting bigger|growing)",
                r"red streaks?",
                r"streaks? of red",
            ),
        ),
        needs_procedure=True,
    ),
    UrgentSign(
        "fainting",
        "fainting or passing out",
        (
            _any(
                r"faint(?:ed|ing)",
                r"passed out",
                r"passing out",
                r"blacked out",
                r"lost consciousness",
                r"losing consciousness",
                r"collapsed",
            ),
        ),
    ),
    UrgentSign(
        "breathing",
        "severe shortness of breath",
        (
            _any(
                r"(?:can't|cannot|can not|could not|couldn't|unable to|struggling to|"
                r"struggle to|hard to|hardly) breathe?",
                r"(?:trouble|difficulty|difficulties|problems?) breathing",
                r"(?:severe(?:ly)?|very|extremely|sudden(?:ly)?) short(?:ness)? of breath",
                r"gasping",
                r"(?:fighting|gasping) for (?:air|breath)",
            ),
        ),
    ),
    UrgentSign(
        "headache",
        "a sudden, severe headache",
        (
            _any(
                r"worst headache",
                r"thunderclap",
                r"sudden(?:ly)?,? (?:and )?(?:severe|terrible|excruciating|intense|explosive|"
                r"blinding) headache",
                r"(?:severe|terrible|excruciating|intense|explosive|blinding) headache "
                r"(?:that )?(?:came on |started |hit )?(?:sudden|out of nowhere|all at once)",
            ),
        ),
    ),
)

# Words just before a mention that deny it: "no chest pain", "not short of breath".
_NEGATION = re.compile(
    r"\b(?:no|not|never|without|nor|neither|denies|denied|free of|absence of|ruled out)\b|n't\b"
)
# Before a mention in its sentence: asking about a risk rather than living it.
_HYPOTHETICAL = re.compile(
    r"\b(?:if|in case|what if|whether|risks?|chances?|possibility|likelihood|afraid of|"
    r"worried about|scared of|fear of|prevent|avoid|signs? (?:of|to watch)|warning|symptoms? of|"
    r"(?:can|could|does|do|will|would|might|may) (?:\w+ ){0,3}(?:cause|lead to|trigger|"
    r"give|result in|increase)|safe for|people (?:who|with))\b"
)
# Anywhere in a mention's clause: it belongs to the past or to someone else's history.
_PAST = re.compile(
    r"\b(?:(?:\d+|a|one|two|three|four|five|six|ten|many|several|few) (?:years?|decades?) ago|"
    r"last year|years back|in (?:19|20)\d\d|as a (?:child|kid|teen(?:ager)?)|history of|"
    r"used to|in the past|previous(?:ly)?|(?:mother|father|mom|mum|dad|grandmother|grandfather|"
    r"grandma|grandpa|aunt|uncle) (?:had|has|died))\b"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+|;")
_CLAUSE_END = re.compile(r",|\bbut\b|\bhowever\b|\bthough\b|\bwhile\b")


def normalise(text: str) -> str:
    """Lower case, plain apostrophes and single spaces, so patterns stay simple."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return re.sub(r"[ \t\r\f\v]+", " ", text)


def _clause_around(sentence: str, start: int, end: int) -> tuple[str, str]:
    """The part of the clause before a mention, and the whole clause."""
    cuts = [0] + [m.end() for m in _CLAUSE_END.finditer(sentence, 0, start)]
    clause_start = cuts[-1]
    after = _CLAUSE_END.search(sentence, end)
    clause_end = after.start() if after else len(sentence)
    return sentence[clause_start:start], sentence[clause_start:clause_end]


def _live_mention(sentence: str, match: re.Match[str]) -> bool:
    """Whether a mention is stated as happening: not denied, hypothetical or long past."""
    before, clause = _clause_around(sentence, match.start(), match.end())
    # Negation reaches a few words back only: "I don't know why my chest hurts" is not denial.
    if _NEGATION.search(" ".join(before.split()[-4:])):
        return False
    if _HYPOTHETICAL.search(sentence[: match.start()]):
        return False
    return not _PAST.search(clause)


def _group_matches(sentences: list[str], pattern: re.Pattern[str]) -> bool:
    return any(
        _live_mention(sentence, match)
        for sentence in sentences
        for match in pattern.finditer(sentence)
    )


def urgent_signs(text: str) -> list[UrgentSign]:
    """The emergency signs a question's text describes, in the order of SIGNS; [] if none."""
    normal = normalise(text)
    sentences = [s for s in _SENTENCE_END.split(normal) if s.strip()]
    procedure = bool(_PROCEDURE.search(normal))
    return [
        sign
        for sign in SIGNS
        if (procedure or not sign.needs_procedure)
        and all(_group_matches(sentences, group) for group in sign.groups)
    ]


def question_is_urgent(title: str, body: str) -> bool:
    """Whether a question's title or body describes any emergency sign."""
    return bool(urgent_signs(f"{title}\n{body}"))
