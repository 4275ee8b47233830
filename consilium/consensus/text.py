"""Text handling for the consensus method: sentence splitting, normalising, tokenising, stemming."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

__all__ = [
    "STOPWORDS",
    "canonical",
    "clean_point_text",
    "cue_text",
    "is_boilerplate",
    "norm_word",
    "split_sentences",
    "stem",
    "word_end",
    "word_matches",
    "word_spans",
]

# --- sentence splitting -------------------------------------------------------------------------

_LIST_MARKER_RE = re.compile(r"^(?:[-*+\u2022]|\d{1,3}[.)])\s+")
_HEADING_RE = re.compile(r"^#{1,6}\s*")
# What a line matched by _LIST_MARKER_RE or _HEADING_RE can open with, digits aside.
_ITEM_OPENERS = frozenset("-*+\u2022#")
_QUOTE_RE = re.compile(r"^>\s?")
_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK_RE = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_HTML_TAG_RE = re.compile(r"</?[a-zA-Z][^>]*>")
_STRONG_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_RE = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_CODE_RE = re.compile(r"`+([^`]*)`+")
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")

# A boundary is terminal punctuation, optional closing quotes/brackets, whitespace, then something
# that can open a sentence. Lower-case openings are not boundaries: they are usually abbreviations.
# ("[.!?]" before "[.!?]*" rather than "[.!?]+" lets the regex engine skip to those characters.)
_BOUNDARY_RE = re.compile(
    r"([.!?\u2026][.!?\u2026]*)([\"'\u201d\u2019)\]]*)\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])"
)

# Words that end in a full stop without ending a sentence ("Dr. Smith", "vs. surgery").
_ABBREVIATIONS = frozenset(
    {
        "dr",
        "drs",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "mt",
        "jr",
        "sr",
        "vs",
        "approx",
        "ca",
        "cf",
        "al",
        "fig",
        "figs",
        "dept",
        "inc",
        "ltd",
        "co",
        "corp",
        "assoc",
        "univ",
        "est",
        "min",
        "max",
        "ave",
        "apt",
        "mg",
        "ml",
        "cc",
        "oz",
        "lb",
        "lbs",
    }
)


def _may_open_item(line: str) -> bool:
    """False if the line surely does not open with a list marker or heading (a cheap test)."""
    return line[:1] in _ITEM_OPENERS or line[:1].isdigit()


def _strip_markdown(line: str) -> str:
    # The block markers only match at the start of the line, and most lines open with a letter.
    if line[:1] == "#":
        line = _HEADING_RE.sub("", line)
    if line[:1] == ">":
        line = _QUOTE_RE.sub("", line)
    if _may_open_item(line):
        line = _LIST_MARKER_RE.sub("", line)
    # Most answers are plain prose: only run the inline rules whose markers are present.
    if "](" in line:
        line = _IMAGE_RE.sub(r"\1", line)
        line = _LINK_RE.sub(r"\1", line)
    if "<" in line:
        line = _HTML_TAG_RE.sub(" ", line)
    if "`" in line:
        line = _CODE_RE.sub(r"\1", line)
    if "*" in line or "_" in line:
        line = _STRONG_RE.sub(r"\2", line)
        line = _EM_RE.sub(r"\2", line)
    if "\\" in line:
        line = _ESCAPE_RE.sub(r"\1", line)
    return " ".join(line.split())


def _ends_sentence(line: str) -> bool:
    return line.rstrip().endswith((".", "!", "?", ":", ";", "\u2026", '."', ".)", "?)", "!)"))


_PARAGRAPH_BREAK_RE = re.compile(r"\n\s*\n")


def _segments(text: str) -> list[str]:
    """Group raw lines into runs of prose; a run never spans a paragraph, list item or heading."""
    segments: list[str] = []
    for block in _PARAGRAPH_BREAK_RE.split(text):
        current: list[str] = []
        prev_is_heading = False
        for raw in block.split("\n"):
            line = raw.strip()
            if not line:
                continue
            is_item = _may_open_item(line) and bool(
                _LIST_MARKER_RE.match(line) or _HEADING_RE.match(line)
            )
            starts_upper = line[:1].isupper() or line[:1].isdigit()
            # Hard-wrapped prose continues on the next line; short lines followed by a capital
            # are headings or one-line remarks ("Thank you for your question").
            new_segment = bool(current) and (
                is_item
                or prev_is_heading
                or _ends_sentence(current[-1])
                or (starts_upper and len(current[-1]) < 60)
            )
            if new_segment:
                segments.append(" ".join(current))
                current = []
            current.append(line)
            prev_is_heading = line[:1] == "#" and bool(_HEADING_RE.match(line))
        if current:
            segments.append(" ".join(current))
    return segments


def _is_abbreviation(before: str, after: str) -> bool:
    word = before.rsplit(None, 1)[-1] if before.strip() else ""
    word = word.lstrip("(\"'\u201c")
    if not word:
        return False
    lowered = word.lower()
    if lowered in _ABBREVIATIONS:
        return True
    # "e.g.", "i.e.", "U.S." carry inner dots; a number ("No. 5") follows "no".
    if "." in lowered and len(lowered) <= 6 and lowered.replace(".", "").isalpha():
        return True
    return lowered == "no" and after[:1].isdigit()


def _split_segment(segment: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY_RE.finditer(segment):
        if match.group(1) == "." and _is_abbreviation(
            segment[start : match.start()], segment[match.end() :]
        ):
            continue
        piece = segment[start : match.start(2) + len(match.group(2))].strip()
        if piece:
            sentences.append(piece)
        start = match.end()
    tail = segment[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


# A character str.isalnum() accepts: \w without the underscore.
_ALNUM_RE = re.compile(r"[^\W_]")


def split_sentences(text: str) -> list[str]:
    """Split an answer body (markdown or plain text) into display-ready sentences.

    Paragraphs, list items and headings always end a sentence; inside prose a sentence ends at
    terminal punctuation followed by a capital. Markdown markup is removed from the result.
    Indexes into this list are the sentence references used throughout the consensus output.
    """
    if not text:
        return []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for segment in _segments(text):
        cleaned = _strip_markdown(segment)
        for sentence in _split_segment(cleaned):
            if _ALNUM_RE.search(sentence):
                out.append(sentence)
    return out


# --- normalising and tokenising -----------------------------------------------------------------

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_DASHES = str.maketrans({"\u2013": " - ", "\u2014": " - ", "\u2010": "-", "\u2011": "-"})
_APOSTROPHES_AND_DASHES = {**_APOSTROPHES, **_DASHES}
_CONTRACTION_RE = re.compile(
    r"\b(?:won't|can't|cannot|shan't|ain't|i'm)\b|n't\b|'re\b|'ve\b|'ll\b"
    r"|\b(?:i|you|we|they|he|she|it)'d\b|\b(?:it|that|there|what|this|here|he|she|who)'s\b"
)
_CONTRACTION_WORDS = {
    "won't": "will not",
    "can't": "can not",
    "cannot": "can not",
    "shan't": "shall not",
    "ain't": "is not",
    "i'm": "i am",
    "n't": " not",
    "'re": " are",
    "'ve": " have",
    "'ll": " will",
}


def _expand(match: re.Match[str]) -> str:
    word = match.group()
    fixed = _CONTRACTION_WORDS.get(word)
    if fixed is not None:
        return fixed
    if word.endswith("'d"):
        return word[:-2] + " would"
    return word[:-2] + " is"


def cue_text(text: str) -> str:
    """Lower-case text with contractions expanded, so cue patterns only need one spelling."""
    lowered = text.translate(_APOSTROPHES_AND_DASHES).lower()
    words = lowered.split()
    if "'" not in lowered and "cannot" not in lowered:
        return " ".join(words)  # most sentences hold no contraction
    # No contraction spans a space, so only the few words that may hold one are searched.
    return " ".join(
        [_CONTRACTION_RE.sub(_expand, w) if "'" in w or "cannot" in w else w for w in words]
    )


_WORD_RE = re.compile(r"([a-z0-9]+)(?:'s)?")


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """Words of already lower-cased text with their character spans (possessive 's dropped)."""
    return [(m.group(1), m.start(), m.end()) for m in _WORD_RE.finditer(text)]


def word_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches behind word_spans(): group 1 is the word, start() and end() its span."""
    return _WORD_RE.finditer(text)


def word_end(text: str, start: int) -> int:
    """Where the word of word_spans(text) that starts at `start` ends."""
    m = _WORD_RE.match(text, start)
    if m is None:
        raise ValueError(f"no word starts at {start} in {text!r}")
    return m.end()


# British spellings are folded into American ones before anything else, so "ageing" and "aging"
# or "moisturiser" and "moisturizer" meet.
_IZE_VERBS = (
    "minim",
    "maxim",
    "real",
    "recogn",
    "organ",
    "special",
    "personal",
    "custom",
    "stabil",
    "steril",
    "neutral",
    "moistur",
    "util",
    "emphas",
    "optim",
    "visual",
    "normal",
    "revital",
    "mobil",
    "immobil",
    "hospital",
    "categor",
    "priorit",
    "sensit",
    "desensit",
    "energ",
    "harmon",
    "synthes",
    "jeopard",
    "apolog",
    "critic",
    "summar",
    "author",
    "vapor",
    "cauter",
    "pulver",
    "epithelial",
    "standard",
    "individual",
    "character",
    "optim",
    "tranquil",
)
_SPELLING: dict[str, str] = {
    "ageing": "aging",
    "grey": "gray",
    "sceptical": "skeptical",
    "sceptic": "skeptic",
    "scepticism": "skepticism",
    "mould": "mold",
    "programme": "program",
    "aluminium": "aluminum",
    "catalogue": "catalog",
    "dialogue": "dialog",
    "plough": "plow",
    "tyre": "tire",
    "sulphur": "sulfur",
    "defence": "defense",
    "licence": "license",
    "practise": "practice",
    "enquiry": "inquiry",
    "artefact": "artifact",
    "judgement": "judgment",
    "fulfil": "fulfill",
}
for _base in _IZE_VERBS:
    for _s_end, _z_end in (
        ("ise", "ize"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ising", "izing"),
        ("iser", "izer"),
        ("isers", "izers"),
        ("isation", "ization"),
        ("isations", "izations"),
    ):
        _SPELLING[_base + _s_end] = _base + _z_end
for _word in (
    "colour",
    "flavour",
    "favour",
    "behaviour",
    "humour",
    "tumour",
    "honour",
    "labour",
    "odour",
    "vapour",
    "rumour",
    "savour",
    "neighbour",
    "harbour",
    "rigour",
    "tumour",
):
    for _suffix in ("", "s", "ed", "ing", "less", "ful", "ation"):
        _SPELLING[_word + _suffix] = _word[:-2] + "r" + _suffix
for _word in ("centre", "fibre", "litre", "metre", "theatre", "calibre", "lustre", "sabre"):
    _SPELLING[_word] = _word[:-2] + "er"
    _SPELLING[_word + "s"] = _word[:-2] + "ers"
for _word in ("analys", "paralys", "catalys", "dialys", "electrolys"):
    for _suffix in ("e", "ed", "es", "ing"):
        _SPELLING[_word + _suffix] = _word[:-2] + "yz" + _suffix
_BRITISH_PREFIXES = (
    ("anaesth", "anesth"),
    ("haem", "hem"),
    ("paediatr", "pediatr"),
    ("orthopaed", "orthoped"),
    ("aetiolog", "etiolog"),
    ("oedem", "edem"),
    ("oestr", "estr"),
    ("foet", "fet"),
    ("diarrhoe", "diarrhe"),
    ("leukaem", "leukem"),
    ("oesophag", "esophag"),
    ("caesar", "cesar"),
)


def _american(word: str) -> str:
    mapped = _SPELLING.get(word)
    if mapped is not None:
        return mapped
    for british, american in _BRITISH_PREFIXES:
        if word.startswith(british):
            return american + word[len(british) :]
    if word.endswith("isation") or word.endswith("isations"):
        return word.replace("isation", "ization")
    return word


_VOWELS = frozenset("aeiou")


def _undouble(word: str) -> str:
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in _VOWELS and word[-1] not in "ls":
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def norm_word(word: str) -> str:
    """Inflection-level normal form used for taxonomy phrase matching (not derivational).

    Plurals, -ing and -ed are removed and a final "e" dropped, so "face lifts", "face lifting" and
    "face lift" meet, while "filler" stays apart from "fill".
    """
    word = _american(word)
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "ches", "shes")) or (
        word.endswith("es") and word[-3] in "sxz" and len(word) > 4
    ):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        word = word[:-1]
    if word.endswith("ing") and len(word) >= 6:
        word = _undouble(word[:-3])
    elif word.endswith("ed") and len(word) >= 5 and not word.endswith("eed"):
        word = _undouble(word[:-2])
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


# Irregular families a suffix stripper cannot join. "ag" is deliberately short so that age, ages,
# aged, aging and ageing all meet without colliding with other words.
_IRREGULAR = {
    "age": "ag",
    "ages": "ag",
    "aged": "ag",
    "aging": "ag",
    "ageing": "ag",
    "ager": "ag",
    "loss": "los",
    "losses": "los",
    "lose": "los",
    "loses": "los",
    "losing": "los",
    "lost": "los",
    "facial": "fac",
    "facially": "fac",
    "face": "fac",
    "faces": "fac",
    "muscular": "muscl",
    "musculature": "muscl",
    "elastin": "elast",
    "elasticity": "elast",
    "elastic": "elast",
    "older": "old",
    "oldest": "old",
    "younger": "young",
    "youngest": "young",
    "youth": "young",
    "youthful": "young",
    "better": "good",
    "best": "good",
    "worse": "bad",
    "worst": "bad",
    "thin": "thin",
    "thinner": "thin",
    "thinning": "thin",
    "thinned": "thin",
    "fat": "fat",
    "fats": "fat",
    "fatty": "fat",
    "skin": "skin",
    "skins": "skin",
    "bell": "bell",
    "bells": "bell",
    "trial": "trial",
    "trials": "trial",
}

# Tried longest-first after norm_word(), which has already dropped a final "e" (so "-ate" is
# seen as "-at", "-ive" as "-iv").
_STEP2 = (
    "izations",
    "ization",
    "ational",
    "fulness",
    "iveness",
    "ousness",
    "abilit",
    "ibilit",
    "icit",
    "ation",
    "ition",
    "ator",
    "ment",
    "ness",
    "enc",
    "anc",
    "abl",
    "ibl",
    "ical",
    "it",
    "iv",
    "iz",
    "ous",
    "ful",
    "ism",
    "ist",
    "ant",
    "ent",
    "at",
    "al",
    "ic",
    "er",
    "or",
    "en",
)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Light suffix stemmer for clustering: aging/ageing/ages -> "ag", elastic(ity) -> "elast".

    It only has to map related forms to one key; the key need not be a real word.
    """
    word = _american(word)
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or not word.isalpha():
        return word
    base = norm_word(word)
    if base in _IRREGULAR:
        return _IRREGULAR[base]
    if base.endswith("ly") and len(base) >= 6:
        base = base[:-2]
    elif base.endswith("y") and len(base) >= 5:
        base = base[:-1]
    for suffix in _STEP2:
        if base.endswith(suffix) and len(base) - len(suffix) >= 3:
            rest = base[: -len(suffix)]
            # "-ate" needs a long stem, or "treat" would become "tre".
            if suffix == "at" and len(rest) < 5:
                continue
            base = rest
            break
    if base.endswith("e") and len(base) > 3:
        base = base[:-1]
    if base.endswith("i") and len(base) > 3:
        base = base[:-1]
    return _undouble(base)


_STOPWORD_TEXT = """
    a about above across actually after again against all almost also although always am among
    an and another any anyone anything are around as at away be became because become becomes
    been before being below best better between both but by can cannot could did do does doing
    done down during each either else enough etc even ever every everyone everything for from
    further get gets getting give given gives go goes going gone good got great had has have
    having he her here hers herself him himself his how however i if in into is it its itself
    just keep know less let like likely lot lots made make makes making many may maybe me might
    more most much must my myself need needs neither never no nor not now of off often on once
    one ones only or other others otherwise our ours ourselves out over own per perhaps please
    quite rather really right said same say says see seen shall she should show since so some
    someone something sometimes still such sure take takes than thank thanks that the their
    theirs them themselves then there therefore these they thing things think this those though
    through thus to too toward towards try trying two under unless until up upon us use used
    uses using usually very want wants was way ways we well were what whatever when where
    whether which while who whom whose why will with within without would yes yet you your yours
    yourself yourselves hi hello dear dr doctor doctors md question questions answer answers ask
    asking asked help helps helped helping helpful believe feel felt hope hoping recommend
    recommended recommendation patient patients people person typically generally definitely
    certainly probably possibly truly simply basically ie eg vs
    three four five six seven eight nine ten twenty hundred
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


# --- boilerplate --------------------------------------------------------------------------------

_BOILERPLATE_START_RE = re.compile(
    r"^(?:thank(?:s| you)\b.*\b(?:question|asking|post|inquiry|enquiry|query|sharing|writing)"
    r"|thanks?(?: you)?[.!]?$"
    r"|(?:good|great|excellent|interesting) question"
    r"|(?:good|best of) luck|best wishes|all the best|kind(?:est)? regards|sincerely|cheers"
    r"|i hope (?:this|that|my|the)\b|hope (?:this|that) helps"
    r"|(?:dr|doctor)\.? [a-z]+(?: [a-z]+)?,? (?:md|do|facs|frcs)\b)"
)
_BOILERPLATE_ANYWHERE_RE = re.compile(
    r"\b(?:(?:please )?(?:see|click|visit|follow|check out) (?:the |our |my )?"
    r"(?:link|website|site|video|gallery|photos? below)"
    r"|link below|(?:for (?:more|further) (?:information|info|details))|feel free to"
    r"|please (?:contact|call|email)"
    r"|(?:schedule|book|arrange) (?:a|an|your) (?:consult|consultation|appointment))"
)
_CONSULT_RE = re.compile(
    r"\b(?:consult|consultation|see|visit|seek out|find|speak (?:to|with)|talk (?:to|with)"
    r"|meet with)"
    r" (?:with )?(?:a|an|your|one or more|several|2|two|3|three|an experienced|qualified)?\s*"
    r"(?:local |experienced |qualified |reputable |expert |skilled )*"
    r"(?:board[- ]certified|certified|facial plastic|plastic|cosmetic|dermatolog|oculoplastic|"
    r"experienced|qualified|expert|reputable)"
)
_URL_RE = re.compile(r"https?://|www\.|\.com\b")


def is_boilerplate(sentence: str, cue: str | None = None) -> bool:
    """Courtesy, self-promotion and generic "see a board-certified surgeon" advice.

    `cue` is cue_text(sentence), when the caller already has it.
    """
    text = (cue if cue is not None else cue_text(sentence)).strip(" .!")
    if not text:
        return True
    if _BOILERPLATE_START_RE.search(text):
        return True
    if ("http" in text or "www." in text or ".com" in text) and _URL_RE.search(text):
        return True
    if _BOILERPLATE_ANYWHERE_RE.search(text):
        return True
    # A sentence that is only a referral ("Consult a board certified plastic surgeon to find out
    # more") says nothing about the treatment; longer sentences that mention a referral might.
    return len(text.split()) <= 16 and bool(_CONSULT_RE.search(text))


# --- display text -------------------------------------------------------------------------------

_LEADING_FILLER_RE = re.compile(
    r"^(?:however|also|additionally|in addition|furthermore|moreover|and|but|so|thus|therefore|"
    r"in fact|indeed|unfortunately|fortunately|in general|generally|in summary|overall|"
    r"as such|that said|of course|basically|honestly|in my (?:opinion|experience))\s*,?\s+",
    re.IGNORECASE,
)


def clean_point_text(text: str, limit: int = 160) -> str:
    """Shorten a sentence for display as a claim: drop leading connectives, cap the length."""
    text = " ".join(text.split())
    for _ in range(2):
        text = _LEADING_FILLER_RE.sub("", text)
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    # Prefer ending at a clause boundary, else at a word boundary.
    for sep in ("; ", ", ", " "):
        pos = cut.rfind(sep)
        if pos >= limit * 0.6:
            cut = cut[:pos]
            break
    return cut.rstrip(" ,;:-") + "\u2026"


# Near-synonyms doctors use interchangeably for the same claim ("several sessions" / "a series of
# treatments"). Kept to generic clinical vocabulary; topic names are handled by the taxonomy.
_CANON_GROUPS = {
    "session": (
        "session",
        "sessions",
        "treatment",
        "treatments",
        "round",
        "rounds",
        "appointment",
        "appointments",
    ),
    "multiple": ("several", "multiple", "series", "few", "repeated", "couple", "numerous"),
    "evidence": (
        "evidence",
        "study",
        "studies",
        "trial",
        "trials",
        "research",
        "data",
        "literature",
        "proof",
        "science",
        "scientific",
    ),
    "cost": (
        "cost",
        "costs",
        "expensive",
        "price",
        "pricey",
        "money",
        "afford",
        "affordable",
        "cheap",
        "cheaper",
        "investment",
    ),
    "risk": ("risk", "risks", "complication", "complications", "danger", "dangerous", "adverse"),
    "lasting": ("lasting", "permanent", "durable", "longevity", "long-term", "last", "lasts"),
    "temporary": (
        "temporary",
        "temporarily",
        "fade",
        "fades",
        "faded",
        "short-lived",
        "short-term",
        "transient",
    ),
    "provider": ("surgeon", "physician", "provider", "dermatologist", "practitioner", "clinician"),
    "result": ("result", "results", "outcome", "outcomes"),
    "downtime": ("downtime", "recovery", "healing"),
    "improve": (
        "improve",
        "improvement",
        "improves",
        "improved",
        "better",
        "enhance",
        "enhancement",
    ),
    "gradual": ("gradual", "gradually", "slowly", "slow"),
}
_CANON: dict[str, str] = {}
for _label, _words in _CANON_GROUPS.items():
    for _w in _words:
        _CANON.setdefault(stem(_w), _label)


def canonical(token: str) -> str:
    """Map a stem onto its near-synonym group label, or return it unchanged."""
    return _CANON.get(token, token)
