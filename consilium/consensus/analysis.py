"""Rule-based reading of answer sentences: clauses, verdict cues, their targets, and exceptions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from itertools import pairwise
from typing import NamedTuple

from .negation import denied_at
from .patterns import (
    Alternatives,
    Hit,
    Present,
    TriggeredPatterns,
    word_alternatives,
    words_of,
)
from .taxonomy import Mention, TopicMatcher
from .text import (
    STOPWORDS,
    canonical,
    cue_text,
    is_boilerplate,
    norm_word,
    stem,
    word_end,
    word_matches,
)

__all__ = ["SUBJECT", "ClauseInfo", "SentenceInfo", "analyse_sentence"]

SUBJECT = ""  # target key for "the treatment the question asks about"


def _rx(*parts: str) -> tuple[str, ...]:
    """Alternatives of one cue; each is matched between word boundaries."""
    return parts


def _any(*parts: str) -> TriggeredPatterns[None]:
    return TriggeredPatterns([(p, None) for p in parts])


@dataclass(frozen=True)
class _Cue:
    pattern: tuple[str, ...]
    weight: float
    scope: bool = False  # negative cue whose negation reaches to the end of the clause
    transitive: bool = False  # verb cue whose target is its object ("recommend X", "avoid X")
    needs_object: bool = False  # ignored unless an object (topic or pronoun) follows
    negatable: bool = False  # negative cue that a negator turns around ("not harmful")
    transient: bool = False  # the effect fades: bad news for a benefit, good news for a harm
    waiting: bool = False  # the asker should wait: not now, or, after the treatment, give it time


# "Unlikely to hurt/pass into milk" reassures about harm; it is not doubt about benefit.
_HARMLESS = (
    r"(?:hurt|harm|cause|damage|be harmful|be dangerous|pass|reach|affect|spread"
    r"|migrate|travel|be absorbed|matter|interfere)"
)

# Negative cues are self-contained: they already carry their negation.
_NEGATIVE: tuple[_Cue, ...] = (
    _Cue(
        _rx(
            r"no (?:[\w-]+ ){0,2}(?:evidence|data|proof|studies|study|research|science|support)",
            r"(?:lack|lacks|lacking|absence|paucity) of (?:[\w-]+ ){0,2}"
            r"(?:evidence|data|proof|studies|research)",
            r"not (?:[\w-]+ ){0,2}(?:evidence|data|proof|studies|research)",
            r"(?:limited|weak|poor|insufficient|inconclusive|anecdotal|scant|scarce) (?:[\w-]+ )?"
            r"(?:evidence|data|proof|science|research|studies)",
            r"(?:not|never) (?:been |yet |ever )?(?:[\w-]+ )?(?:proven|shown|demonstrated"
            r"|established|supported|validated|studied)",
            r"unproven|unsupported|unsubstantiated|disproven|no scientific basis",
        ),
        1.0,
        scope=True,
    ),
    _Cue(
        _rx(
            r"(?:evidence|data|research|science|proof|studies) (?:[\w-]+ ){0,5}(?:is|are|remains?"
            r"|seems?) (?:[\w-]+ )?(?:weak|limited|poor|lacking|thin|sparse|inconclusive"
            r"|unconvincing|anecdotal)"
        ),
        1.0,
        scope=True,
    ),
    _Cue(
        _rx(
            r"not (?:[\w-]+ )?likely(?! to " + _HARMLESS + ")",
            r"unlikely(?! to " + _HARMLESS + ")",
            r"not (?:[\w-]+ )?(?:believe|convinced)",
            r"unconvinced",
            r"not (?:[\w-]+ )?think (?:it|this|that|they|these|those|there|such|the"
            r"|you will|you would|you need|you should)",
            # "I doubt it will help", but "no doubt it helps" and "without doubt" affirm.
            r"(?<!\bno )(?<!\bwithout )(?<!\bbeyond )doubt (?:it|that|this|whether|if|they|very"
            r"|there)",
            r"not (?:[\w-]+ )?(?:going to|gonna)",
            # "I don't find the serums worth it": the negation belongs to the judgement.
            r"not (?:find|consider|think|feel|rate) (?:[\w-]+ ){0,3}(?:worth|effective|useful"
            r"|helpful|necessary|needed|impressive)",
            r"no amount of",
        ),
        1.0,
        scope=True,
    ),
    _Cue(
        _rx(
            r"not (?:[\w-]+ )?worth",
            r"(?:does|do|did|will|would|can) (?:[\w-]+ )?nothing (?:[\w-]+ ){0,2}for",
            r"(?:does|do|did|will|would) (?:absolutely |very )?(?:little|nothing)"
            r" (?:meaningful|useful|much|significant)",
            r"not (?:[\w-]+ )?do (?:it|much|anything|the (?:job|trick))",
            r"not (?:[\w-]+ )?work(?:s|ed|ing)?",
            r"(?:gimmick\w*|overhyped|snake oil|scam|marketing ploy|quackery|pseudoscience)",
            r"(?:ineffective|useless|pointless|worthless|futile)",
            r"answer is (?:[\w-]+ )?(?:no|not)",
            r"false (?:hope|claims|advertising)",
            r"too good to be true",
            r"little (?:if any|to no|or no)",
            r"(?:would|do|did|will) not (?:[\w-]+ )?(?:bother|waste)",
            r"s[ck]eptic\w*",
            r"doubtful",
            r"(?:little|minimal|no|limited|negligible|marginal|minor) (?:(?!side\b)[\w-]+ ){0,2}"
            r"(?:effect|effects|benefit|benefits|improvement|difference|value|impact|results?|gain)",
        ),
        1.0,
    ),
    _Cue(
        _rx(
            r"waste of (?:[\w-]+ )?(?:money|time)",
            r"throwing (?:your )?money away",
            r"money (?:is |would be |will be |may be |might be )?(?:better|best) spent",
            r"save your money",
        ),
        1.5,
    ),
    _Cue(
        _rx(
            r"not (?:a |an )?(?:[\w-]+ )?(?:substitute|replacement) for",
            r"no substitute for",
            r"(?:do not|never|can not|should not|would not|will not) (?:[\w-]+ )?expect",
            r"(?:inconsistent|unpredictable|unreliable)",
            r"(?:probably|likely|definitely|certainly) not",
            r"not (?:[\w-]+ )?(?:necessary|needed|required|indicated|advisable|a good idea"
            r"|the answer|the solution)",
            r"(?:no|not any|not much) (?:real |significant |meaningful |proven |lasting )?"
            r"(?:role|point|reason to(?! (?:stop|worry|avoid|wait|be concerned|be worried|fear"
            r"|quit|discontinue|think)))",
            r"not (?:[\w-]+ )?(?:reverse|prevent|fix|correct|lift|tighten|firm|rejuvenate"
            r"|restore|replace|build|slow|eliminate|remove|change)",
            # "It will not stop the ageing", but "do not stop", "I would not stop" and "you
            # should not stop" tell the asker to carry on.
            r"(?<!\bdo )(?<!\bi would )(?<!\bi will )(?<!\bshould )(?<!\bmust )"
            r"not (?:[\w-]+ )?stop",
            r"(?:unsafe|not safe)",
            r"disappoint\w*",
        ),
        0.75,
    ),
    _Cue(_rx(r"risky|dangerous|harmful"), 0.75, negatable=True),
    _Cue(_rx(r"contraindicat\w*"), 1.0, negatable=True),
    _Cue(_rx(r"short[- ]lived", r"(?:does|do|will) not last", r"wears? off"), 0.5, transient=True),
    _Cue(_rx(r"at best"), 0.5),
    _Cue(
        _rx(
            r"(?:recommend|suggest|advise) (?:[\w-]+ )?(?:waiting|postponing|delaying|holding off)",
            r"(?:wait|postpone|delay|hold off)(?:ing)? (?:[\w-]+ )?(?:until|till|for now)",
        ),
        0.5,
        waiting=True,
    ),
    _Cue(
        _rx(
            r"avoid(?:ing)?",
            r"stay away from",
            r"steer clear of",
            r"skip",
            r"not (?:[\w-]+ )?believe in",
            r"(?:advise|recommend|caution|warn) against",
            r"(?:stopped|stop|quit|no longer) (?:[\w-]+ )?(?:offering|performing|doing|using"
            r"|recommending|offer|perform|recommend)",
            r"(?:do|does|will|would|did) not (?:[\w-]+ )?(?:inject|treat|offer|perform|use|do)",
        ),
        1.0,
        transitive=True,
        needs_object=True,
    ),
)

_POSITIVE: tuple[_Cue, ...] = (
    _Cue(
        _rx(r"(?:highly|strongly|definitely|really|certainly|absolutely|would|do) recommend\w*"),
        1.5,
        transitive=True,
    ),
    # "Recommendation:" as a heading recommends nothing.
    _Cue(_rx(r"recommend(?:s|ed|ing)?"), 1.0, transitive=True),
    # "First line: minoxidil" praises what it names, after it as often as before.
    _Cue(_rx(r"gold standard", r"first[- ]line", r"treatment of choice"), 1.0, transitive=True),
    _Cue(
        _rx(
            r"(?:suggest|prefer|advocate|endorse|favor|favour)\w*",
            r"consider\w*",
            r"(?:i|we) (?:often |frequently |routinely |regularly |commonly |also )?"
            r"(?:use|offer|perform|love)",
        ),
        0.5,
        transitive=True,
    ),
    _Cue(
        _rx(
            r"(?:very |highly |quite |extremely |really |clinically |most |more )?effective\w*",
            r"efficacious",
            r"works? (?:very |really |quite )?(?:well|great|nicely|wonders|beautifully)",
            r"(?:great|excellent|good|nice|amazing|impressive|dramatic|significant|noticeable"
            r"|visible|natural|fantastic|wonderful|beautiful|lasting|long[- ]lasting|measurable"
            r"|meaningful|substantial|consistent|predictable|reliable|superb|outstanding|better"
            r"|optimal|best) (?:[\w-]+ )?(?:results?|improvements?|outcomes?|option|choice|response"
            r"|success|solution|changes?|difference)",
            r"(?:ideal|excellent|great|perfect|wonderful) (?:for|way|tool)",
            r"(?:results?|outcomes?) (?:are|were|is|have been|has been|can be) (?:[\w-]+ )?"
            r"(?:excellent|great|good|impressive|fantastic|dramatic|natural|beautiful"
            r"|wonderful|consistent|reliable|predictable|long[- ]lasting)",
            r"go for it",
            r"give it a (?:try|shot)",
            r"(?:does|do|did|will|should|can) (?:[\w-]+ )?(?:the job|the trick)",
        ),
        1.0,
    ),
    _Cue(
        _rx(
            r"(?:it|this|they|these|which|that|does|will|can|should|would|may|might|could|to"
            r"|definitely|really|actually) work(?:s|ed)?",
            r"help(?:s|ed|ful|ing)?",
            r"useful",
            r"beneficial",
            r"benefit\w*",
            r"improv\w*",
            r"worth (?:it|the|doing|considering|trying|a try|the money|the investment|every)",
            r"worthwhile",
            r"success\w*",
            r"proven",
            r"evidence[- ]based",
            r"well[- ](?:studied|established|documented)",
            r"(?:studies|research|evidence|data) (?:[\w-]+ )?(?:show|shows|showed|support|supports"
            r"|demonstrate|demonstrates)",
        ),
        0.75,
    ),
    _Cue(
        _rx(
            r"(?:happy|pleased|satisfied|thrilled|delighted) with",
            r"works",
            r"worked",
            r"worth (?:any|much|a lot|considering)",
            r"see (?:[\w-]+ ){0,2}(?:results?|improvements?|difference|change)",
            r"(?:can|will|does|do) (?:[\w-]+ )?(?:reduce|diminish|soften|smooth|tighten|lift|firm"
            r"|restore|rejuvenate|stimulate collagen|build collagen)",
        ),
        0.5,
    ),
    _Cue(_rx(r"safe(?:ly)?"), 0.4),
)

_DEPENDS: tuple[_Cue, ...] = (
    _Cue(
        _rx(
            r"it (?:all |really |truly )?depends",
            r"case[- ]by[- ]case",
            r"not for everyone",
            r"may or may not",
            r"mixed (?:results|evidence|reviews|data|outcomes)",
        ),
        1.0,
    ),
    _Cue(
        _rx(
            r"depend(?:s|ing|ent)?",
            r"(?:in|for) (?:some|certain|select|selected) (?:cases|patients|people|individuals"
            r"|situations|scenarios)",
            r"(?:good|ideal|right|suitable|appropriate|great|better|poor|best) candidates?",
            r"candidacy",
            r"(?:need|needs|needed|require|requires|required|necessary|essential|important"
            r"|would have) (?:[\w-]+ ){0,4}(?:exam|examination|evaluation|evaluated|assessment"
            r"|assessed|examined|in[- ]person)",
            r"without (?:an? )?(?:[\w-]+ )?(?:exam|examination|evaluation|seeing|photos|pictures"
            r"|examining)",
            r"consult\w* (?:[\w-]+ ){0,6}(?:exam\w*|evaluat\w*|assess\w*|in[- ]person)",
            r"(?:hard|difficult|impossible) to (?:say|tell|know|predict)",
            r"(?:results|outcomes|response|responses) (?:can |may |will |do )?vary",
            r"personal (?:choice|decision|preference)",
            r"up to you",
            r"(?:could|may|might) be (?:an? )?(?:option|reasonable|considered|appropriate)",
            r"in (?:the right|selected|carefully selected|appropriate) (?:patients?|hands|cases"
            r"|candidates)",
            r"you (?:can|could|may) (?:certainly |always |also )?try",
        ),
        0.75,
    ),
    _Cue(
        _rx(
            r"candidate",
            r"varies",
            r"pros and cons",
            r"risks and benefits",
            r"trade[- ]?offs?",
            r"(?:realistic|reasonable) expectations",
            r"(?:moderate|modest) (?:results|improvement|benefit)",
        ),
        0.5,
    ),
)

_HEDGES = frozenset(
    {
        "may",
        "might",
        "could",
        "can",
        "possibly",
        "perhaps",
        "potentially",
        "sometimes",
        "occasionally",
        "some",
        "somewhat",
        "theoretically",
        "slightly",
    }
)
_LIMITER = _any(
    r"temporar\w*",
    r"slight\w*",
    r"small",
    r"minimal",
    r"modest",
    r"mild",
    r"subtle",
    r"minor",
    r"short[- ]term",
    r"a bit",
    r"a little",
    r"marginal\w*",
)
_PRONOUN_OBJECT_RE = re.compile(r"\s*(?:it|this|these|them|that|those|such|any|the use of)\b")
_RARE = _any(
    r"rare\w*",
    r"uncommon",
    r"seldom",
    r"occasional\w*",
    r"temporar\w*",
    r"resolves?",
    r"small risk",
    r"low risk",
)
_HYPOTHETICAL = _any(r"if", r"whether", r"wonder\w*")
_ALT_PREFERENCE = _any(
    r"only",
    r"better",
    r"best",
    r"instead",
    r"rather",
    r"superior",
    r"more (?:effective|reliable|predictable|lasting|dramatic)",
    r"gold standard",
    r"required",
    r"the way to go",
    r"truly",
    r"(?:far|much|a lot|a great deal) more",
)
_COMBINATION = _any(
    r"combin\w*",
    r"along with",
    r"together with",
    r"in addition to",
    r"in conjunction with",
    r"adding",
    r"add",
    r"plus",
    r"followed by",
    r"adjunct\w*",
    r"paired with",
    r"alongside",
)
# Words right before a topic that make the mention a comparator, not a suggestion.
# Compared in norm_word() form ("unlike" -> "unlik", "compared" -> "compar").
_EXCLUDING_BEFORE = frozenset(
    {"unlik", "than", "versus", "vs", "avoid", "not", "no", "without", "nor", "neither", "skip"}
)
_EXCLUDING_BIGRAMS = frozenset(
    {("instead", "of"), ("compar", "to"), ("compar", "with"), ("oppos", "to")}
)

_COND_MARKER = _any(
    r"if (?:you|your|the|there|a|an|one|someone|she|he|they|it|patients?|people|muscles?|nerves?)",
    r"in (?:the )?(?:cases?|situations?|instances?|settings?|context|event) (?:where|of|with|when"
    r"|that|in which)",
    r"in (?:patients?|people|those|individuals|persons|someone|anyone|men|women|children|adults)"
    r" (?:with|who|whose|that|suffering)",
    r"for (?:patients?|people|those|someone|individuals|anyone|men|women) (?:with|who|whose"
    r"|suffering)",
    r"(?:patients?|people|those|individuals|anyone|someone) (?:with|who have|who has|who had"
    r"|suffering)",
    r"unless",
    r"except",
    r"excluding",
    r"other than",
    r"(?:especially|particularly|only) (?:if|when|in|for|with)",
    r"as long as",
    r"provided",
    r"after (?:an? |the )?(?:[\w-]+ ){0,2}(?:injury|injuries|trauma|surgery|stroke|damage|paralysis"
    r"|palsy|illness)",
    r"during (?:the )?(?:[\w-]+ ){0,2}(?:recovery|rehabilitation|healing|pregnancy)",
    r"when (?:the|there|you|your|a)",
    r"such as",
    r"in which",
)
_HELP = _any(
    r"(?:may|might|can|could|will|would|is|are|be|been|often|sometimes|usually|commonly)"
    r" (?:(?!not\b|never\b|no\b)[\w-]+ ){0,2}(?:help\w*|useful|beneficial|benefit\w*|improv\w*"
    r"|effective|work\w*|used|indicated|appropriate|option|recommended"
    r"|of (?:some )?(?:use|value|benefit))",
    r"(?:used|employed|indicated|useful|helpful|beneficial|reserved) (?:in|for|to|during|after)",
)
# Circumstances of the asker's that a doctor's advice turns on ("if your skin is still firm").
_ASKER_CONDITION = _any(
    r"if",
    r"unless",
    r"once",
    r"as long as",
    r"provided",
    r"(?:especially|particularly|only) (?:if|when|in|for|with)",
    r"when (?:the|there|you|your|a)",
    r"(?:in|for) (?:patients?|people|those|someone|anyone) (?:with|who|whose)",
)
_WORTHWHILE = _any(
    r"(?:may|might|can|could|will|would|is|are|be|been|often|usually)"
    r" (?:(?!not\b|never\b|no\b)[\w-]+ ){0,2}(?:help\w*|useful|beneficial|effective|work\w*"
    r"|worth\w*|reasonable|sensible|appropriate|a good (?:option|choice|candidate|idea)"
    r"|an? (?:option|choice))",
    r"(?:good|great|ideal|excellent|right|reasonable) candidates?",
    r"works? (?:best|well)",
)
_HARM_CAUSAL = _any(
    r"(?:can|may|could|might|will|would|often|sometimes|tends? to) (?:[\w-]+ ){0,2}"
    r"(?:cause[sd]?|worsen\w*|aggravate\w*|exacerbate\w*|trigger\w*|irritate\w*|damage\w*"
    r"|darken\w*|spread\w*|make (?:[\w-]+ ){0,3}worse)"
)
_HARM = _any(
    r"worse",
    r"worsen\w*",
    r"deeper",
    r"more (?:prominent|noticeable|visible|pronounced)",
    r"flare[- ]?ups?",
    r"complications?",
    r"side[- ]effects?",
    r"(?:higher|increased|greater) risk",
    r"risk of",
    r"contraindicat\w*",
    r"should (?:not|never) (?:[\w-]+ )?(?:have|get|use|do|undergo|receive|try|be treated)",
    r"not (?:[\w-]+ )?(?:safe|recommended|advised|advisable|a good idea|a candidate"
    r"|appropriate)",
)
_CONDITION_WORDS = _any(
    r"injur\w*",
    r"palsy",
    r"paraly\w*",
    r"damaged?",
    r"denervat\w*",
    r"disease\w*",
    r"disorder\w*",
    r"conditions?",
    r"syndrome",
    r"infect\w*",
    r"pregnan\w*",
    r"breastfeeding",
    r"diabet\w*",
    r"autoimmune",
    r"keloid\w*",
    r"smok\w*",
    r"active acne",
    r"breakouts?",
    r"blood thinners?",
    r"neurolog\w*",
    r"neuromuscular",
    r"recovery",
    r"recovering",
    r"rehabilitation",
    r"atrophy",
    r"history of",
    r"prone to",
    r"darker skin",
    r"dark skin",
    r"skin of colou?r",
    r"sensitive skin",
    r"pacemakers?",
    r"metal implants?",
    r"epilep\w*",
    r"seizures?",
    r"stroke",
    r"trauma",
    r"allerg\w*",
    r"immunocompromised",
    r"cancer",
    r"bleeding disorders?",
    r"(?:heart|kidney|liver) (?:disease|problems?|failure)",
    r"(?:trouble|difficulty|problems) (?:with )?[a-z]+ing",
)

# Clause boundaries: a clause is the unit that a cue's polarity and target live in.
_CLAUSE_SPLIT_RE = re.compile(
    r";\s*|,?\s+(?=\b(?:but|however|yet|whereas|except|unless)\b)|,\s+(?=\b(?:although|though|while"
    r"|whilst|even though)\b)|\s+(?=\b(?:although|even though)\b)",
    re.IGNORECASE,
)
_CONCESSIVE_START_RE = re.compile(
    r"^(?:although|though|even though|while|whilst|despite"
    r"|even if|granted)\b",
    re.IGNORECASE,
)
_CONTRAST_START_RE = re.compile(
    r"^(?:but|however|yet|whereas|although|though|even though)\b", re.IGNORECASE
)
_PRONOUN_START_RE = re.compile(r"^(?:it|they|this|these|that|those|such)\b")


@dataclass
class ClauseInfo:
    text: str  # original wording, for display
    cue: str  # lower-cased, contractions expanded
    norms: list[str]  # norm_word() of each word of the cue
    mentions: list[Mention]
    weight: float = 1.0
    exception: str = ""  # "" | "help" | "harm"
    exception_conditions: tuple[str, ...] = ()
    conditional: bool = False  # the exception names a condition, so it limits who it applies to
    tokens: tuple[str, ...] = ()  # clustering tokens (stems and "@slug")
    present: Present = field(default_factory=dict)  # patterns.scan() of its words


@dataclass
class SentenceInfo:
    index: int  # position in split_sentences(body); -1 for the answer title
    text: str
    clauses: list[ClauseInfo]
    boilerplate: bool
    question: bool
    pos: float = 0.0
    neg: float = 0.0
    dep: float = 0.0
    # The part of `neg` that is doubt about a claim ("no evidence that ...", "unlikely"): against
    # the treatment when the claim is a benefit, for it when the claim is a feared harm.
    doubt: float = 0.0
    # The part of `neg` that says an effect fades ("it wears off") or tells the asker to wait:
    # good news when the question asks whether something that followed the treatment will pass.
    give_it_time: float = 0.0
    tokens: tuple[str, ...] = ()  # clustering tokens (stems and "@slug")
    words: int = 0  # distinct clustering tokens that are words, not topic tags
    # slug -> True if every mention of it in this sentence was negative or a comparator
    treatment_mentions: dict[str, bool] = field(default_factory=dict)
    last_target: str = SUBJECT


_Hit = Hit[_Cue]  # a cue found in a clause: its span and the cue (payload)


def _cue_set(cues: tuple[_Cue, ...]) -> TriggeredPatterns[_Cue]:
    """All cues of one kind. Read with first_hits(): at one position the heaviest cue wins, and
    hits never overlap, as if the cues were one alternation ordered by weight."""
    ordered = sorted(cues, key=lambda c: -c.weight)
    return TriggeredPatterns([(alt, cue) for cue in ordered for alt in cue.pattern])


_NEGATIVE_SET = _cue_set(_NEGATIVE)
_POSITIVE_SET = _cue_set(_POSITIVE)
_DEPENDS_SET = _cue_set(_DEPENDS)


def _overlaps(hit: _Hit, others: list[_Hit]) -> bool:
    return any(hit.start < o.end and o.start < hit.end for o in others)


def _words_before(text: str, pos: int, n: int) -> list[str]:
    return words_of(text[:pos])[-n:]


def _split_clauses(sentence: str) -> list[tuple[str, float]]:
    """Clauses of a sentence with their weights."""
    parts = [p.strip(" ,") for p in _CLAUSE_SPLIT_RE.split(sentence)]
    parts = [p for p in parts if p]
    out: list[tuple[str, float]] = []
    for i, part in enumerate(parts):
        if i == 0 and _CONCESSIVE_START_RE.match(part) and "," in part:
            # "Although X, Y": X is conceded and Y is the point being made.
            head, tail = part.split(",", 1)
            out.append((head.strip(), 0.3))
            if tail.strip():
                out.append((tail.strip(), 1.0))
            continue
        out.append((part, 1.25 if i > 0 and _CONTRAST_START_RE.match(part) else 1.0))
    return out


_ZONE_END_PRONOUNS = frozenset({"it", "they", "you", "we", "i", "he", "she"})
_ZONE_TOKEN_RE = re.compile(r"[a-z0-9']+|,")


def _zones(text: str, present: Present) -> list[tuple[int, int]]:
    """Spans of hypothetical wording ("if it will help ...") whose cues state no opinion.

    A span ends at a comma, at "then", or where a new subject pronoun starts the main clause
    ("if the jowls are subtle it may help").
    """
    zones = []
    for m in _HYPOTHETICAL.finditer(text, present):
        end = len(text)
        for i, w in enumerate(_ZONE_TOKEN_RE.finditer(text, m.end)):
            word = w.group()
            if word in (",", "then") or (i >= 2 and word in _ZONE_END_PRONOUNS):
                end = w.start()
                break
        zones.append((m.start, end))
    return zones


def _in_zone(pos: int, zones: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in zones)


class _Context:
    """What a sentence is read against: the taxonomy and the question's own topics."""

    def __init__(self, matcher: TopicMatcher, subject: frozenset[str]) -> None:
        self.matcher = matcher
        self.subject = subject
        # Looked up for every mention, so the answers are sets rather than method calls.
        kinds = {slug: entry.kind for slug, entry in matcher.entries.items()}
        self.treatments = frozenset(s for s, kind in kinds.items() if kind == "treatment")
        self.other_treatments = self.treatments - subject
        self.other_conditions = frozenset(
            s for s, kind in kinds.items() if kind == "condition" and s not in subject
        )

    def is_other_treatment(self, slug: str) -> bool:
        return slug in self.other_treatments

    def is_other_condition(self, slug: str) -> bool:
        return slug in self.other_conditions


def make_context(matcher: TopicMatcher, subject: Iterable[str]) -> _Context:
    return _Context(matcher, frozenset(subject))


_COORDINATION_RE = re.compile(r"[\s,]*(?:and|or|nor|&|as well as|and/or)?[\s,]*")


def _targets(
    hit: _Hit, mentions: list[Mention], inherited: str, ctx: _Context, text: str
) -> tuple[str, ...]:
    """Which topics a cue is about: SUBJECT and/or other treatments' slugs; () if none."""

    def key(m: Mention) -> str:
        return m.slug if ctx.is_other_treatment(m.slug) else SUBJECT

    if hit.payload.transitive:
        after = [
            m
            for m in mentions
            if m.start >= hit.end and len(words_of(text[hit.end : m.start])) <= 4
        ]
        if after:
            # "We do not inject Botox or fillers": the verb takes every coordinated object.
            objects = [after[0]]
            for m in mentions:
                if m.start > objects[-1].end and _COORDINATION_RE.fullmatch(
                    text[objects[-1].end : m.start]
                ):
                    objects.append(m)
            return tuple(dict.fromkeys(key(m) for m in objects))
        if hit.payload.needs_object:
            return (inherited,) if _PRONOUN_OBJECT_RE.match(text[hit.end :]) else ()
    before = [m for m in mentions if m.end <= hit.start]
    if not before:
        return (inherited,)
    # "Both microneedling and lasers can improve scars": the cue covers every coordinated topic.
    group = [before[-1]]
    for m in reversed(before[:-1]):
        if not _COORDINATION_RE.fullmatch(text[m.end : group[-1].start]):
            break
        group.append(m)
    return tuple(dict.fromkeys(key(m) for m in reversed(group)))


def _worthwhile_given_condition(text: str, present: Present) -> bool:
    """The treatment is worth having on a condition: "it can help if...", "if..., it may be worth
    it". A worth-it word inside the condition itself ("if it will help, the answer is no") is
    what is asked about, not what is said."""
    conditions = _ASKER_CONDITION.finditer(text, present)
    for worth in _WORTHWHILE.finditer(text, present):
        for cond in conditions:
            if worth.start < cond.start or re.search(r",|\bthen\b", text[cond.end : worth.start]):
                return True
    return False


def _classify_exception(clause: ClauseInfo, ctx: _Context) -> None:
    text = clause.cue
    present = clause.present
    others = ctx.other_conditions
    conditions = (
        tuple(dict.fromkeys(m.slug for m in clause.mentions if m.slug in others))
        if clause.mentions
        else ()
    )
    has_condition = bool(conditions) or _CONDITION_WORDS.search(text, present)
    conditional = has_condition and _COND_MARKER.search(text, present)
    causal_harm = _HARM_CAUSAL.search(text, present)
    if not (conditional or causal_harm):
        # "If your skin is still firm, it can be worth it": when the treatment is worth having,
        # said of the asker's own circumstances rather than of some other condition.
        if _worthwhile_given_condition(text, present):
            clause.exception = "help"
        return  # neither a caveat for some condition nor a harm it causes
    # "may not be appropriate" is a caution, not a use.
    helps = any(not denied_at(text, h.start, reach=2) for h in _HELP.finditer(text, present))
    harms = causal_harm or _HARM.search(text, present)
    if not (helps or harms):
        return
    if conditional:
        clause.exception = "harm" if harms and not helps else "help"
        clause.exception_conditions = conditions
        clause.conditional = True
    else:
        clause.exception = "harm"


# What the analysis needs of the words of a piece of cue text (what lies between two spaces):
# their norm_word()s (for topic matching), their starts in the piece (None for the usual single
# word at its start), the clustering tokens of the content words, (start, pattern list id,
# alternatives) for each pattern list a word could start.
_Piece = tuple[
    tuple[str, ...],
    tuple[int, ...] | None,
    tuple[str, ...],
    tuple[tuple[int, int, Alternatives], ...],
]


# No word spans a space, so a text's words are those of its pieces, and most pieces recur ("the",
# "skin,"), hence the cache. This module's pattern lists are all registered when it is imported,
# so the alternatives cached are complete for them.
@lru_cache(maxsize=65536)
def _piece_words(piece: str) -> _Piece:
    """What _read_words() needs of the words of one space-free piece of cue text."""
    norms: list[str] = []
    starts: list[int] = []
    tokens: list[str] = []
    alternatives: list[tuple[int, int, Alternatives]] = []
    for m in word_matches(piece):
        w = m[1]
        norms.append(norm_word(w))
        starts.append(m.start())
        # Stopwords, numbers and single letters carry no content, so they get no clustering token.
        if w not in STOPWORDS and len(w) >= 2 and not w.isdigit():
            tokens.append(canonical(stem(w)))
        alternatives.extend((m.start(), list_id, alts) for list_id, alts in word_alternatives(w))
    return (
        tuple(norms),
        None if starts == [0] else tuple(starts),
        tuple(tokens),
        tuple(alternatives),
    )


class _Words(NamedTuple):
    norms: list[str]  # norm_word() of each word, as word_spans() gives them
    starts: list[int]  # where each word starts in the text
    tokens: list[str]  # clustering tokens of the content words
    present: Present  # patterns.scan() of the words


def _read_words(cue: str) -> _Words:
    """Everything the analysis needs of a cue text's words, in one pass over its pieces."""
    norms: list[str] = []
    starts: list[int] = []
    tokens: list[str] = []
    present: Present = {}
    offset = 0
    for piece in cue.split(" "):
        piece_norms, piece_starts, piece_tokens, alternatives = _piece_words(piece)
        norms += piece_norms
        if piece_starts is None:
            starts.append(offset)
        else:
            starts += [offset + start for start in piece_starts]
        tokens += piece_tokens
        for start, list_id, alts in alternatives:
            found = present.get(list_id)
            if found is None:
                present[list_id] = [(offset + start, alts)]
            else:
                found.append((offset + start, alts))
        offset += len(piece) + 1
    return _Words(norms, starts, tokens, present)


def analyse_sentence(
    text: str, index: int, ctx: _Context, carry: str = SUBJECT, weight: float = 1.0
) -> SentenceInfo:
    """Read one sentence: its clauses, verdict scores toward the subject, topics and tokens."""
    whole = cue_text(text)
    whole_words = _read_words(whole)
    boilerplate = is_boilerplate(text, whole)
    question = text.rstrip().endswith("?")
    info = SentenceInfo(
        index=index, text=text, clauses=[], boilerplate=boilerplate, question=question
    )
    tokens: list[str] = []
    word_tokens: list[str] = []
    inherited = carry if _PRONOUN_START_RE.match(whole) else SUBJECT
    scored = not boilerplate and not question
    clauses = _split_clauses(text)
    for clause_text, clause_weight in clauses:
        if len(clauses) == 1 and clause_text == text:
            cue, words = whole, whole_words
        else:
            cue = cue_text(clause_text)
            words = _read_words(cue)
        mentions = ctx.matcher.find_norms(words.norms, words.starts, partial(word_end, cue))
        # Clustering tokens: content word stems plus one "@slug" per topic mentioned. A matched
        # synonym's own words are kept too, so "nerve injury" also meets "injured nerves".
        content = words.tokens + ["@" + m.slug for m in mentions]
        clause = ClauseInfo(
            clause_text,
            cue,
            words.norms,
            mentions,
            clause_weight * weight,
            present=words.present,
        )
        _classify_exception(clause, ctx)
        clause.tokens = tuple(content)
        info.clauses.append(clause)
        tokens.extend(clause.tokens)
        word_tokens += words.tokens
        inherited = _score_clause(clause, info, ctx, inherited, scored)
    info.tokens = tuple(tokens)
    info.words = len(set(word_tokens))
    info.last_target = inherited
    return info


_DENIED_BEFORE_RX = re.compile(
    r"\b(?:no|not an?|not any|never an?)\s+(?:[\w-]+\s+)?(?:reason|need|point)\s+to\s+$"
)
_ASKER_IS_RX = re.compile(r"\byou (?:are|would be|sound like|seem like|look like) an? (?:\w+ )?$")


def _score_clause(
    clause: ClauseInfo, info: SentenceInfo, ctx: _Context, inherited: str, scored: bool
) -> str:
    text = clause.cue
    w = clause.weight
    present = clause.present
    negatives = _NEGATIVE_SET.first_hits(text, present)
    positives = _POSITIVE_SET.first_hits(text, present)
    depends = _DEPENDS_SET.first_hits(text, present)
    if negatives:
        positives = [h for h in positives if not _overlaps(h, negatives)]
        depends = [h for h in depends if not _overlaps(h, negatives)]
    # Hypothetical zones only matter where a cue is.
    zones = _zones(text, present) if negatives or positives else []
    mentions = clause.mentions

    pos = neg = dep = doubt = give_it_time = 0.0
    # (slug -> positive?) verdicts on other treatments, for alternatives and comparisons
    other_polarity: dict[str, list[bool]] = {}
    scope_starts = [h.end for h in negatives if h.payload.scope] if negatives else []
    # Where the clause turns against the subject; a treatment named after that point is the
    # yardstick it fails to meet ("will not give a facelift result"), not a suggestion.
    against_subject_at: int | None = None

    for hit in negatives:
        if zones and _in_zone(hit.start, zones):
            continue
        if _DENIED_BEFORE_RX.search(text[max(0, hit.start - 40) : hit.start]):
            pos += hit.payload.weight * 0.5  # "not a reason to avoid it"
            continue
        if hit.payload.negatable and denied_at(text, hit.start, reach=2):
            # "Neither is harmful": a harm denied is a point for the treatment.
            pos += hit.payload.weight
            continue
        for target in _targets(hit, mentions, inherited, ctx, text):
            if target == SUBJECT:
                neg += hit.payload.weight
                if hit.payload.scope or hit.payload.transient:
                    doubt += hit.payload.weight
                if hit.payload.transient or hit.payload.waiting:
                    give_it_time += hit.payload.weight
                if against_subject_at is None:
                    against_subject_at = hit.start
            else:
                other_polarity.setdefault(target, []).append(False)
    for hit in positives:
        if zones and _in_zone(hit.start, zones):
            continue
        targets = _targets(hit, mentions, inherited, ctx, text)
        if not targets:
            continue
        before = _words_before(text, hit.start, 3)
        negated = denied_at(text, hit.start)
        in_scope = any(s <= hit.start for s in scope_starts)
        hedged = any(b in _HEDGES for b in before)
        weight = hit.payload.weight * (0.5 if hedged else 1.0)
        for target in targets:
            if target != SUBJECT:
                other_polarity.setdefault(target, []).append(not (negated or in_scope))
            elif negated:
                neg += weight * (0.75 if hedged else 1.0)
            elif in_scope:
                neg += weight * 0.5
            else:
                pos += weight * (0.5 if _LIMITER.search(text, present) else 1.0)
    for hit in depends:
        # "You are a good candidate" settles it; "good candidates are..." leaves it open.
        if _ASKER_IS_RX.search(text[max(0, hit.start - 32) : hit.start]):
            continue
        # "Whether it is worth it depends on ..." is a real answer, so no zone check here.
        if SUBJECT in _targets(hit, mentions, inherited, ctx, text):
            dep += hit.payload.weight

    # Praise for another treatment, above all as the better or only option, speaks against the
    # one asked about - unless the subject is the one held up as better.
    # (Most clauses name no treatment, and skip all of this.)
    treatments = [m for m in mentions if m.slug in ctx.treatments] if mentions else []
    subject_named = bool(treatments) and any(not ctx.is_other_treatment(m.slug) for m in treatments)
    combined = subject_named and _COMBINATION.search(text, present)
    if treatments and not combined and any(ctx.is_other_treatment(m.slug) for m in treatments):
        prefers_other = False
        for pref in _ALT_PREFERENCE.finditer(text, present):
            holder = [m for m in treatments if m.end <= pref.start]
            if holder and not ctx.is_other_treatment(holder[-1].slug):
                pos += 0.5
            else:
                prefers_other = True
        if prefers_other:
            neg += 0.75
        elif pos == 0 and any(any(p) for p in other_polarity.values()):
            neg += 0.3

    if clause.conditional:
        # A caveat for people with some other condition qualifies the answer; it neither
        # endorses nor rejects the treatment for the asker.
        pos, neg, dep, doubt, give_it_time = 0.0, 0.0, 0.3, 0.0, 0.0
    elif clause.exception == "harm":
        # A side effect anyone may get is a mild point against; a rare one hardly counts.
        pos = 0.0
        neg += 0.1 if _RARE.search(text, present) else 0.25
    if scored:
        info.pos += pos * w
        info.neg += neg * w
        info.dep += dep * w
        info.doubt += doubt * w
        info.give_it_time += give_it_time * w

    if scored and treatments:
        _record_treatment_mentions(clause, info, ctx, other_polarity, combined, against_subject_at)

    if not treatments:
        return inherited
    others = [m for m in treatments if ctx.is_other_treatment(m.slug)]
    return others[-1].slug if others else SUBJECT


def _record_treatment_mentions(
    clause: ClauseInfo,
    info: SentenceInfo,
    ctx: _Context,
    other_polarity: dict[str, list[bool]],
    combined: bool,
    against_subject_at: int | None,
) -> None:
    norms = clause.norms
    for m in clause.mentions:
        if not ctx.is_other_treatment(m.slug):
            continue
        prev = norms[max(0, m.first - 3) : m.first]
        comparator = any(p in _EXCLUDING_BEFORE for p in prev) or any(
            pair in _EXCLUDING_BIGRAMS for pair in pairwise(prev)
        )
        pols = other_polarity.get(m.slug, [])
        rejected = bool(pols) and not any(pols)
        yardstick = against_subject_at is not None and m.start > against_subject_at
        negative = comparator or rejected or combined or clause.conditional or yardstick
        info.treatment_mentions[m.slug] = info.treatment_mentions.get(m.slug, True) and negative
