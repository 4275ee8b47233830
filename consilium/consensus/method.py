"""Consensus of a question thread: verdict tally, shared key points, exceptions, alternatives."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .analysis import SUBJECT, SentenceInfo, analyse_sentence, make_context
from .cluster import Cluster, Unit, idf_table, star_clusters
from .deciding import shipped_model as shipped_deciding
from .kind_deciding import shipped_model as shipped_kind_deciding
from .kind_wording import shipped_model as shipped_kind_wording
from .leaning import leaning
from .negation import denies_something
from .own_doctor import reported_leans, sides_with_own_doctor
from .question_kind import CHOICE, QuestionKind, doubts_a_harm, question_kind
from .question_options import asked_options
from .stance import Advice, read_advice, read_preference, read_result_reassurance
from .taxonomy import TaxonomyEntry, TopicMatcher, load_taxonomy, matcher_for
from .text import (
    STOPWORDS,
    canonical,
    clean_point_text,
    cue_text,
    norm_word,
    split_sentences,
    stem,
    word_spans,
)
from .verdict_model import Evidence, probabilities
from .wording import answer_text
from .wording import shipped_model as shipped_wording

__all__ = [
    "METHOD_VERSION",
    "TITLE_SENTENCE",
    "VERDICTS",
    "AnswerInput",
    "TaxonomyEntry",
    "compute_consensus",
    "load_taxonomy",
    "split_sentences",
]

METHOD_VERSION = 28
VERDICTS = ("recommend", "depends", "not_recommended", "not_stated")
TITLE_SENTENCE = -1  # "sentence" index used when an answer's title decided its verdict

# Similarity a sentence pair needs to count as the same claim; exceptions are shorter clauses
# that also share a named condition, hence a lower bar plus a bonus for that.
KEY_POINT_THRESHOLD = 0.24
EXCEPTION_THRESHOLD = 0.25
EXCEPTION_TAG_BONUS = 0.35
MAX_KEY_POINTS = 6
MAX_EXCEPTIONS = 6
MAX_ALTERNATIVES = 8
MAX_DECIDING = 3


@dataclass(frozen=True)
class AnswerInput:
    ref: str
    title: str
    body: str
    verdict: str
    doctor: str
    specialty: str = ""
    verified: bool = True
    agree_count: int = 0


@dataclass
class _Answer:
    pos: int
    source: AnswerInput
    sentences: list[SentenceInfo]
    title: SentenceInfo | None
    verdict: str = "not_stated"
    inferred: bool = False
    confidence: float = 1.0
    deciding: tuple[SentenceInfo, ...] = ()


_INTERROGATIVE_RE = re.compile(
    r"^(?:will|can|could|does|do|did|is|are|should|would|how|what|why|when|which|who|where"
    r"|any|has|have)\b",
    re.IGNORECASE,
)


def _content(text: str) -> frozenset[str]:
    cue = cue_text(text)
    return frozenset(
        canonical(stem(w)) for w, _, _ in word_spans(cue) if w not in STOPWORDS and len(w) > 1
    )


def _usable_title(title: str, theirs: frozenset[str]) -> bool:
    """Titles that restate the question ("Will e-stim help?") carry no opinion of their own.

    `theirs` is _content() of the question title.
    """
    title = title.strip()
    if not title or title.endswith("?") or _INTERROGATIVE_RE.match(title):
        return False
    mine = _content(title)
    return not (mine and theirs and len(mine & theirs) / len(mine | theirs) >= 0.6)


# An inferred verdict is shown only when the verdict model gives it this probability; otherwise
# the answer counts as "not clear from the text". A wrong verdict misleads a patient, an unclear
# one only sends them to read the answer. Chosen by cross-validation that leaves out ten folds
# of development parts (docs/consensus.md): the lowest bar at which the method is wrong no more
# often than the version before it was at its bar, so that a better reading clears more answers
# rather than risks more wrong ones.
MIN_CONFIDENCE = 0.52
# A wrong "yes" does the most harm, so reading one takes more certainty.
MIN_CONFIDENCE_RECOMMEND = 0.75
# Advice to the asker ("keep going", "I'd wait") speaks more directly than a remark on the
# treatment, and the title and the first sentence are where most doctors put their verdict.
ADVICE_WEIGHT = 1.0
OPENING_WEIGHT = 1.5
REFERRAL_DEPENDS = 0.5


@dataclass(frozen=True)
class _StanceReader:
    """What every answer of one thread is read against."""

    kind: QuestionKind
    matcher: TopicMatcher
    is_subject: dict[str, bool]
    heads: dict[str, str]
    # Which way the asker's own doctors leaned, by role, as the question reports them.
    own_doctor: Mapping[str, float] = field(default_factory=dict)


def _sentence_mentions(
    matcher: TopicMatcher, cue: str, heads: dict[str, str] | None = None
) -> list[tuple[str, int, int]]:
    """Treatments named in cue text: (slug, start, end). `heads` maps a bare head noun to the
    one treatment of the question it stands for ("the peel" for a TCA peel)."""
    spans = word_spans(cue)
    words = [(norm_word(w), s, e) for w, s, e in spans]
    found = [
        (m.slug, m.start, m.end) for m in matcher.find(words) if matcher.kind(m.slug) == "treatment"
    ]
    if heads:
        taken = [(s, e) for _, s, e in found]
        for w, s, e in spans:
            slug = heads.get(w)
            if slug and not any(ts <= s < te for ts, te in taken):
                found.append((slug, s, e))
        found.sort(key=lambda m: m[1])
    return found


def _head_nouns(matcher: TopicMatcher, slugs: Sequence[str]) -> dict[str, str]:
    """The last word of each name of the question's treatments, where it names only one."""
    owners: dict[str, set[str]] = {}
    for slug in slugs:
        entry = matcher.entries[slug]
        for name in (entry.name, *entry.synonyms):
            words = [w for w, _, _ in word_spans(cue_text(name))]
            if len(words) >= 2 and words[-1] not in STOPWORDS and len(words[-1]) > 2:
                owners.setdefault(words[-1], set()).add(slug)
    return {word: next(iter(s)) for word, s in owners.items() if len(s) == 1}


def _sentence_scores(
    answer: _Answer, reader: _StanceReader
) -> list[tuple[SentenceInfo, float, float, float]]:
    """(sentence, pos, neg, dep) for the title and each sentence of an answer."""
    scores = []
    infos = ([answer.title] if answer.title else []) + answer.sentences
    # "Good question. Yes, I'd do it.": the opening is the first sentence that says something.
    first_body = next((s.index for s in answer.sentences if not s.boilerplate), None)
    for info in infos:
        if info.question:
            continue
        opening = info.index in (TITLE_SENTENCE, first_body)
        cue = cue_text(info.text)
        mentions = _sentence_mentions(reader.matcher, cue, reader.heads)
        advice = read_advice(cue, reader.kind, opening, mentions, reader.is_subject)
        # "Your surgeon is right" takes the side the question says the surgeon took.
        sided = sides_with_own_doctor(cue, reader.own_doctor)
        advice = advice + Advice(go=max(sided, 0.0), stop=max(-sided, 0.0))
        if info.boilerplate and not sided:
            # A referral for an exam is all some answers say; it counts, but little.
            scores.append((info, 0.0, 0.0, advice.depends * REFERRAL_DEPENDS))
            continue
        if reader.kind.about_a_result:
            advice = advice + read_result_reassurance(cue)
        preference = read_preference(
            cue, mentions, reader.is_subject, choosing=reader.kind.kind == CHOICE
        )
        weight = ADVICE_WEIGHT * (OPENING_WEIGHT if opening else 1.0)
        # Asked about a feared harm, doubting the harm reassures; asked whether what followed
        # the treatment will pass, "it wears off" and "wait until week six" do.
        if reader.kind.asks_about_harm and doubts_a_harm(cue):
            reassurance = info.doubt
        elif reader.kind.about_a_result:
            reassurance = info.give_it_time
        else:
            reassurance = 0.0
        scores.append(
            (
                info,
                info.pos + reassurance + (advice.go + preference.go) * weight,
                info.neg - reassurance + (advice.stop + preference.stop) * weight,
                info.dep + advice.depends * ADVICE_WEIGHT,
            )
        )
    return _two_cases(scores)


# How far into a reported clause a treatment's name may start and still be what was advised.
_NAMED_AT_ONCE = 12


def _clause_lean(cue: str, reader: _StanceReader) -> float:
    """Which way a clause of the question leans on the treatment, read as an answer's sentence
    is: "you can stop" against, "suggested the laser" for (when the laser is the question's)."""
    mentions = _sentence_mentions(reader.matcher, cue, reader.heads)
    advice = read_advice(cue, reader.kind, False, mentions, reader.is_subject)
    advice = advice + read_preference(
        cue, mentions, reader.is_subject, choosing=reader.kind.kind == CHOICE
    )
    if advice.go == advice.stop and mentions and mentions[0][1] <= _NAMED_AT_ONCE:
        # "(My GP suggested) losartan instead": the treatment the doctor named.
        return 1.0 if reader.is_subject.get(mentions[0][0], False) else -1.0
    return advice.go - advice.stop


_IF_RE = re.compile(r"^(?:and |but |so )?if\b", re.IGNORECASE)
_OTHER_CASE_RE = re.compile(
    r"^(?:but |and )?(?:if not|if so|otherwise|if (?:it is|it's|you are|you're|that is|that's"
    r"|they are|they're|you do|you have) not|if you don't|if you do not|if, on the other hand"
    r"|on the other hand, if)\b",
    re.IGNORECASE,
)


def _two_cases(
    scores: list[tuple[SentenceInfo, float, float, float]],
) -> list[tuple[SentenceInfo, float, float, float]]:
    """ "If you plan a pregnancy, come off it. If not, staying on is fine.": advice given for two
    cases that the doctor cannot tell apart is an "it depends", not a yes and a no. So is "if you
    would accept a faint ghost, it is worth it. If you need bare skin, you will be
    disappointed"."""
    out = list(scores)
    for i in range(1, len(out)):
        (prev, pp, pn, pd), (cur, cp, cn, cd) = out[i - 1], out[i]
        if not (
            _IF_RE.match(prev.text) and (_OTHER_CASE_RE.match(cur.text) or _IF_RE.match(cur.text))
        ):
            continue
        # The two cases are advised opposite ways, or one is advised and the other denied ("If
        # it is soft fat, it will shrink. If it is skin, it won't.").
        one_denied = (pp == pn == 0 and denies_something(prev.text)) or (
            cp == cn == 0 and denies_something(cur.text)
        )
        if (pp - pn) * (cp - cn) < 0 or (one_denied and (pp, pn, cp, cn) != (0, 0, 0, 0)):
            out[i - 1] = (prev, 0.0, 0.0, pd + min(1.0, pp + pn))
            out[i] = (cur, 0.0, 0.0, cd + min(1.0, cp + cn))
    return out


def _evidence(
    scores: list[tuple[SentenceInfo, float, float, float]],
    kind: QuestionKind,
    wording_text: str,
    wording: tuple[float, float, float] = (0.0, 0.0, 0.0),
    kind_wording: tuple[float, float, float] = (0.0, 0.0, 0.0),
    deciding: tuple[float, float, float] = (0.0, 0.0, 0.0),
    kind_deciding: tuple[float, float, float] = (0.0, 0.0, 0.0),
) -> Evidence:
    title = [(p, n) for info, p, n, _ in scores if info.index == TITLE_SENTENCE]
    return Evidence(
        pos=sum(p for _, p, _, _ in scores),
        neg=sum(n for _, _, n, _ in scores),
        dep=sum(d for _, _, _, d in scores),
        title_pos=sum(p for p, _ in title),
        title_neg=sum(n for _, n in title),
        kind=kind.kind,
        about_a_result=kind.about_a_result,
        wording=wording,
        kind_wording=kind_wording,
        deciding=deciding,
        kind_deciding=kind_deciding,
        named_first=_named_first(wording_text),
    )


# The wording model reads treatments as one of two placeholder words, so "I'd go for the laser"
# and "I'd go for microneedling" teach it one thing, and praise for the other option of a
# choice reads as praise for the other option.
ASKED_TREATMENT = "treatmentasked"
OTHER_TREATMENT = "treatmentother"
_PLACEHOLDER_RE = re.compile(rf"\b(?:{ASKED_TREATMENT}|{OTHER_TREATMENT})\b")


def _named_first(wording_text: str) -> float:
    """+1 when the first treatment an answer names is the question's, -1 when it is another,
    0 when it names none (in the text _wording_text gives)."""
    first = _PLACEHOLDER_RE.search(wording_text)
    if first is None:
        return 0.0
    return 1.0 if first.group() == ASKED_TREATMENT else -1.0


def _wording_text(source: AnswerInput, reader: _StanceReader) -> str:
    """The answer as the wording model reads it: the question's treatments named
    ASKED_TREATMENT, every other treatment OTHER_TREATMENT."""
    cue = cue_text(answer_text(source.title, source.body))
    pieces: list[str] = []
    done = 0
    for slug, start, end in _sentence_mentions(reader.matcher, cue, reader.heads):
        if start < done:
            continue
        placeholder = ASKED_TREATMENT if reader.is_subject.get(slug) else OTHER_TREATMENT
        pieces += [cue[done:start], f" {placeholder} "]
        done = end
    pieces.append(cue[done:])
    return "".join(pieces)


def likeliest_verdict(
    likely: Mapping[str, float],
    bar: float = MIN_CONFIDENCE,
    recommend_bar: float = MIN_CONFIDENCE_RECOMMEND,
) -> tuple[str, float]:
    """The likeliest verdict (a tie goes to the one VERDICTS lists first) and its probability;
    "not_stated" in its place when the probability is under its bar."""
    verdict = max(VERDICTS[:3], key=lambda v: (likely[v], -VERDICTS.index(v)))
    needed = recommend_bar if verdict == "recommend" else bar
    return (verdict if likely[verdict] >= needed else "not_stated"), likely[verdict]


def _infer(answer: _Answer, reader: _StanceReader) -> None:
    scores = _sentence_scores(answer, reader)
    text = _wording_text(answer.source, reader)
    evidence = _evidence(
        scores,
        reader.kind,
        text,
        shipped_wording().log_probabilities(text),
        shipped_kind_wording().log_probabilities(text, reader.kind.kind),
        shipped_deciding().log_probabilities(text),
        shipped_kind_deciding().log_probabilities(text, reader.kind.kind),
    )
    answer.inferred = True
    answer.verdict, confidence = likeliest_verdict(probabilities(evidence))
    answer.confidence = round(confidence, 2)
    if answer.verdict == "not_stated":
        return
    verdict = answer.verdict

    def strength(p: float, n: float, d: float) -> float:
        if verdict == "recommend":
            return p - n
        if verdict == "not_recommended":
            return n - p
        return d if evidence.dep > 0 else p + n

    chosen = sorted(
        ((info, strength(p, n, d)) for info, p, n, d in scores if strength(p, n, d) > 0),
        key=lambda pair: (-pair[1], pair[0].index),
    )
    answer.deciding = tuple(
        sorted((info for info, _ in chosen[:MAX_DECIDING]), key=lambda i: i.index)
    )


def _source(answer: _Answer, info: SentenceInfo) -> dict[str, Any]:
    return {"answer": answer.source.ref, "sentence": info.index, "text": info.text}


def _unit_source(unit: Unit) -> dict[str, Any]:
    return {"answer": unit.answer, "sentence": unit.sentence, "text": unit.sentence_text}


def _sources(units: Sequence[Unit]) -> list[dict[str, Any]]:
    seen: set[tuple[int, int]] = set()
    out = []
    for u in sorted(units, key=lambda u: u.order):
        if (u.answer_pos, u.sentence) not in seen:
            seen.add((u.answer_pos, u.sentence))
            out.append(_unit_source(u))
    return out


# A treatment the asker offers as the other choice ("... or should I get lipo?") is a candidate
# alternative, not the subject - unless the title names it too.
_OTHER_CHOICE_RE = re.compile(
    r"\b(?:or|vs|versus|compared (?:to|with)|instead of|rather than"
    r"|other options?(?: like| such as)?)\b"
)


def _question_topics(matcher: TopicMatcher, title: str, body: str) -> list[str]:
    slugs: list[str] = []
    in_title: set[str] = set()
    offered: set[str] = set()
    for n, sentence in enumerate([title, *split_sentences(body)]):
        cue = cue_text(sentence)
        words = [(norm_word(w), s, e) for w, s, e in word_spans(cue)]
        choice = _OTHER_CHOICE_RE.search(cue)
        for m in matcher.find(words):
            if n == 0:
                in_title.add(m.slug)
            elif (
                choice is not None
                and m.start > choice.start()
                and matcher.kind(m.slug) == "treatment"
            ):
                offered.add(m.slug)
                continue
            if m.slug not in slugs:
                slugs.append(m.slug)
    return [s for s in slugs if s in in_title or s not in offered]


# A shared warning ("avoid these devices if you are pregnant") is a caution, not a point about
# whether the treatment works, whatever the clause reader made of it.
_CAUTION_RE = re.compile(
    r"\b(?:avoid|do not use|should not (?:use|have|get|be)|not (?:be used |be done )?(?:if|when"
    r"|during|while) you|unsafe|contraindicat\w*|pregnan\w*|breastfeeding|pacemakers?"
    r"|side[- ]effects?|complications?)\b"
)


def _is_caution(c: Cluster) -> bool:
    return sum(bool(_CAUTION_RE.search(cue_text(u.text))) for u in c.members) * 2 > len(c.members)


def _key_points(
    answers: list[_Answer],
    idf: dict[str, float],
    qtokens: frozenset[str],
    exception_sentences: set[tuple[int, int]],
) -> tuple[list[dict[str, Any]], list[Cluster]]:
    """Claims two or more doctors make in similar words, and apart from them the shared
    cautions."""
    units = [
        Unit(a.source.doctor, a.pos, a.source.ref, s.index, s.text, s.text, frozenset(s.tokens))
        for a in answers
        for s in a.sentences
        # Topic tags do not count towards a claim: they duplicate their phrase's words.
        if not s.boilerplate and not s.question and s.words >= 2
    ]
    clusters = star_clusters(units, idf, qtokens, KEY_POINT_THRESHOLD, min_doctors=2)
    kept: list[Cluster] = []
    cautions: list[Cluster] = []
    for c in clusters:
        cited = {(u.answer_pos, u.sentence) for u in c.members}
        # A claim already shown as an exception should not be repeated as a key point.
        if len(cited & exception_sentences) * 2 >= len(cited):
            continue
        (cautions if _is_caution(c) else kept).append(c)
    kept.sort(key=_cluster_rank)
    return [_point(c) for c in kept[:MAX_KEY_POINTS]], cautions


def _cluster_rank(c: Cluster) -> tuple[int, float, tuple[int, int, str]]:
    return (-len(c.doctors), -c.cohesion, c.center.order)


def _point(c: Cluster) -> dict[str, Any]:
    return {
        "text": clean_point_text(c.center.text),
        "doctors": len(c.doctors),
        "sources": _sources(c.members),
    }


def _exceptions(
    answers: list[_Answer], idf: dict[str, float], qtokens: frozenset[str], matcher: TopicMatcher
) -> list[Cluster]:
    units = []
    for a in answers:
        for s in a.sentences:
            if s.boilerplate or s.question:
                continue
            for clause in s.clauses:
                if not clause.exception:
                    continue
                near = set(clause.exception_conditions)
                for slug in clause.exception_conditions:
                    near.update(
                        r
                        for r in matcher.related(slug)
                        if r in matcher.entries and matcher.kind(r) == "condition"
                    )
                units.append(
                    Unit(
                        a.source.doctor,
                        a.pos,
                        a.source.ref,
                        s.index,
                        clause.text,
                        s.text,
                        frozenset(clause.tokens),
                        frozenset(clause.exception_conditions),
                        frozenset(near),
                        kind=clause.exception,
                    )
                )
    clusters = star_clusters(
        units, idf, qtokens, EXCEPTION_THRESHOLD, min_doctors=1, tag_bonus=EXCEPTION_TAG_BONUS
    )
    # Caveats shared by several doctors first; single-doctor ones fill the remaining places.
    clusters.sort(key=_cluster_rank)
    return clusters[:MAX_EXCEPTIONS]


def _alternatives(answers: list[_Answer], matcher: TopicMatcher) -> list[dict[str, Any]]:
    doctors: dict[str, set[str]] = {}
    sources: dict[str, list[dict[str, Any]]] = {}
    for a in answers:
        for s in a.sentences:
            if s.boilerplate or s.question:
                continue
            for slug, negative in sorted(s.treatment_mentions.items()):
                if negative or slug not in matcher.entries:  # a question's own option
                    continue
                doctors.setdefault(slug, set()).add(a.source.doctor)
                sources.setdefault(slug, []).append(_source(a, s))
    ranked = sorted(doctors, key=lambda slug: (-len(doctors[slug]), -len(sources[slug]), slug))
    return [
        {
            "topic": slug,
            "name": matcher.name(slug),
            "doctors": len(doctors[slug]),
            "sources": sources[slug],
        }
        for slug in ranked[:MAX_ALTERNATIVES]
    ]


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _lower_name(name: str) -> str:
    """A topic name as it reads mid-sentence: "Dermal fillers" -> "dermal fillers", but "IPL",
    "Bell's palsy" and "CoolSculpting" keep their capitals; parenthesised asides are dropped."""
    name = re.sub(r"\s*\([^)]*\)", "", name).strip() or name
    first = name.split(" ", 1)[0]
    # Acronyms, brand names with inner capitals and eponyms ("Bell's palsy") keep their case.
    if first[1:].islower() and not first.endswith("'s"):
        return name[0].lower() + name[1:]
    return name


def _voices(answers: list[_Answer]) -> dict[str, int]:
    """Verdict counts with one voice per doctor: their latest answer that has a verdict."""
    per_doctor: dict[str, str] = {}
    for a in answers:
        if a.verdict != "not_stated" or a.source.doctor not in per_doctor:
            per_doctor[a.source.doctor] = a.verdict
    return {v: sum(1 for verdict in per_doctor.values() if verdict == v) for v in VERDICTS}


def _similarity(a: SentenceInfo, b: SentenceInfo) -> float:
    mine, theirs = set(a.tokens), set(b.tokens)
    return len(mine & theirs) / len(mine | theirs) if mine and theirs else 0.0


def _central_point(answers: list[_Answer], verdict: str) -> dict[str, Any] | None:
    """The claim behind the majority's verdict, made by every doctor who gave that verdict.

    Doctors rarely make it in the same words, so it is not found by wording: each of them
    backs the verdict with a sentence of their own (the deciding sentences), and the point is
    cited as the one sentence closest to the others, with each doctor's own sentence as source.
    """
    backers = [a for a in answers if a.verdict == verdict and a.deciding]
    doctors = {a.source.doctor for a in answers if a.verdict == verdict}
    if len(doctors) < 2 or not backers:
        return None
    candidates = [(a, s) for a in backers for s in a.deciding if s.index != TITLE_SENTENCE]
    candidates = candidates or [(a, s) for a in backers for s in a.deciding]

    def closeness(pair: tuple[_Answer, SentenceInfo]) -> float:
        answer, sentence = pair
        return sum(
            max(_similarity(sentence, other) for other in b.deciding)
            for b in backers
            if b.source.doctor != answer.source.doctor
        )

    best_answer, best = max(candidates, key=lambda p: (closeness(p), -p[0].pos, -p[1].index))
    sources = []
    for a in backers:
        own = best if a is best_answer else max(a.deciding, key=lambda s: _similarity(s, best))
        sources.append(_source(a, own))
    return {"text": clean_point_text(best.text), "doctors": len(doctors), "sources": sources}


def _is_risk(cluster: Cluster) -> bool:
    return sum(1 for u in cluster.members if u.kind == "harm") * 2 > len(cluster.members)


_ANSWER_WORD = {
    "recommend": "Yes",
    "depends": "It depends",
    "not_recommended": "No",
}
_MAJORITY_PHRASE = {
    "recommend": ("recommends it", "recommend it"),
    "depends": ("says it depends on the case", "say it depends on the case"),
    "not_recommended": ("is sceptical", "are sceptical"),
}


def _summary(
    answers: list[_Answer],
    central: dict[str, Any] | None,
    exceptions: list[Cluster],
    alternatives: list[dict[str, Any]],
    matcher: TopicMatcher,
) -> str:
    """One plain opening: the answer first, then when it differs, then what to do instead."""
    if not answers:
        return "No verified doctor has answered yet."
    counts = _voices(answers)
    n = sum(counts.values())
    value = leaning(counts)
    doctors_word = "doctor" if n == 1 else "doctors"
    sentences: list[str] = []
    if value in _ANSWER_WORD:
        k = counts[value]
        phrase = _MAJORITY_PHRASE[value][k != 1]
        lead = f"{_ANSWER_WORD[value]}: {k} of {n} {doctors_word} {phrase}"
        if central is not None:
            lead += f" ({central['text'].rstrip('.')})"
        sentences.append(lead + ".")
    elif value == "mixed":
        listed = ", ".join(
            f"{counts[v]} {label}"
            for v, label in (
                ("recommend", "yes"),
                ("depends", "it depends"),
                ("not_recommended", "no"),
            )
            if counts[v]
        )
        sentences.append(f"Doctors disagree: {listed}.")
    else:
        sentences.append(
            f"None of the {n} {doctors_word} gives a clear verdict."
            if n > 1
            else "The doctor gives no clear verdict."
        )
    unclear = counts["not_stated"]
    if unclear and value != "unclear":
        sentences.append(f"{unclear} {'answer is' if unclear == 1 else 'answers are'} not clear.")

    helps = next((c for c in exceptions if len(c.doctors) >= 2), None)
    if helps is not None:
        conditions: dict[str, int] = {}
        for u in helps.members:
            for slug in sorted(u.tags):
                conditions[slug] = conditions.get(slug, 0) + 1
        named = sorted(conditions, key=lambda slug: (-conditions[slug], slug))[:2]
        where = " or ".join(_lower_name(matcher.name(slug)) for slug in named)
        k = len(helps.doctors)
        sentences.append(
            f"{k} say it may help with {where}." if where else f"{k} say it may help in some cases."
        )
    if alternatives:
        listed = ", ".join(f"{a['name']} ({a['doctors']})" for a in alternatives[:3])
        against = value in ("not_recommended", "mixed", "depends")
        sentences.append(f"Instead: {listed}." if against else f"Also mentioned: {listed}.")
    return " ".join(sentences)


@dataclass
class _Thread:
    """A thread read sentence by sentence, before any verdict is decided."""

    matcher: TopicMatcher  # the taxonomy's; the reader's also knows the question's own options
    reader: _StanceReader
    answers: list[_Answer]
    qtokens: frozenset[str]


def _read_thread(
    question_title: str,
    question_body: str,
    answers: Sequence[AnswerInput],
    taxonomy: Sequence[TaxonomyEntry],
) -> _Thread:
    known = matcher_for(taxonomy)
    # The reader also knows the options of an "A or B?" title that the taxonomy does not, or
    # that it names as one treatment; listed first, they win the names they share with it.
    matcher = matcher_for([*asked_options(question_title, known), *taxonomy])
    subject = _question_topics(matcher, question_title, question_body)
    title_cue = cue_text(question_title)
    title_mentions = _sentence_mentions(matcher, title_cue)
    named = list(
        dict.fromkeys(
            [slug for slug, _, _ in title_mentions]
            + [slug for slug in subject if matcher.kind(slug) == "treatment"]
        )
    )
    # "Electrolysis or laser?": a treatment set against something the taxonomy may not name.
    set_against = any(
        re.match(r"\s*(?:,\s*)?(?:or|vs\.?|versus)\s+\w", title_cue[end:])
        for _, _, end in title_mentions
    )
    kind = question_kind(
        question_title, question_body, has_other_treatment=len(named) >= 2 or set_against
    )
    if kind.kind == CHOICE and len(named) >= 2:
        # "Fillers or a facelift?": the first option named is the one the asker proposes.
        subject = [slug for slug in subject if slug not in named[1:]]
        # "Botox or Dysport?": the one treatment both options are, named apart from them
        # ("a neurotoxin"), is read as the one asked about rather than as another.
        split = [s for s, _, _ in _sentence_mentions(known, title_cue) if s not in named]
        subject += split
        named += split
    ctx = make_context(matcher, subject)
    plain = _StanceReader(
        kind, matcher, {slug: slug in subject for slug in named}, _head_nouns(matcher, named)
    )
    # What the asker's own doctor advised is read in the question as the answers are read.
    own_doctor = reported_leans(question_title, question_body, lambda cue: _clause_lean(cue, plain))
    reader = replace(plain, own_doctor=own_doctor)
    question_words = _content(question_title)
    qtokens = frozenset(question_words | _content(question_body) | {"@" + s for s in subject})

    considered: list[_Answer] = []
    for pos, a in enumerate(x for x in answers if x.verified):
        infos: list[SentenceInfo] = []
        carry = SUBJECT
        for i, sentence in enumerate(split_sentences(a.body)):
            info = analyse_sentence(sentence, i, ctx, carry)
            carry = info.last_target
            infos.append(info)
        # Titles only ever help infer a verdict, so answers that state one skip them.
        title = (
            analyse_sentence(a.title.strip(), TITLE_SENTENCE, ctx, weight=0.75)
            if a.verdict == "not_stated" and _usable_title(a.title, question_words)
            else None
        )
        considered.append(_Answer(pos, a, infos, title))

    return _Thread(known, reader, considered, qtokens)


def read_evidence(
    question_title: str,
    question_body: str,
    answers: Sequence[AnswerInput],
    taxonomy: Sequence[TaxonomyEntry],
) -> list[tuple[Evidence, str]]:
    """What the rules read in each verified answer and the text the wording models read, for
    fitting the verdict model (which adds the wordings' and the deciding sentences' parts
    itself, from models not fitted on the answer)."""
    thread = _read_thread(question_title, question_body, answers, taxonomy)
    reader = thread.reader
    read = []
    for a in thread.answers:
        text = _wording_text(a.source, reader)
        read.append((_evidence(_sentence_scores(a, reader), reader.kind, text), text))
    return read


def compute_consensus(
    question_title: str,
    question_body: str,
    answers: Sequence[AnswerInput],
    taxonomy: Sequence[TaxonomyEntry],
) -> dict[str, Any]:
    """Summarise what the verified doctors' answers to one question agree on.

    Deterministic: the same input gives the same dict (and the same json.dumps(sort_keys=True)).
    Sentence indexes refer to split_sentences(answer.body); TITLE_SENTENCE (-1) marks a title
    that helped decide an inferred verdict.
    """
    for a in answers:
        if a.verdict not in VERDICTS:
            raise ValueError(f"answer {a.ref!r}: unknown verdict {a.verdict!r}")
    thread = _read_thread(question_title, question_body, answers, taxonomy)
    matcher, reader, considered, qtokens = (
        thread.matcher,
        thread.reader,
        thread.answers,
        thread.qtokens,
    )
    kind = reader.kind

    tally: dict[str, Any] = {v: 0 for v in VERDICTS}
    inferred_tally = {v: 0 for v in VERDICTS}
    for ans in considered:
        tally[ans.source.verdict] += 1
        if ans.source.verdict == "not_stated":
            _infer(ans, reader)
            inferred_tally[ans.verdict] += 1
        else:
            ans.verdict = ans.source.verdict
    tally["inferred"] = inferred_tally

    idf = idf_table(frozenset(s.tokens) for a in considered for s in a.sentences)
    caveats = _exceptions(considered, idf, qtokens, matcher)
    exceptions = [c for c in caveats if not _is_risk(c)]
    risks = [c for c in caveats if _is_risk(c)]
    exception_sentences = {
        (u.answer_pos, u.sentence) for c in caveats if len(c.doctors) >= 2 for u in c.members
    }
    voices = _voices(considered)
    majority = leaning(voices)
    central = _central_point(considered, majority) if majority in _ANSWER_WORD else None
    key_points, cautions = _key_points(considered, idf, qtokens, exception_sentences)
    risks = sorted(risks + cautions, key=_cluster_rank)[:MAX_EXCEPTIONS]
    if central is not None:
        cited = {(s["answer"], s["sentence"]) for s in central["sources"]}
        others = [
            p
            for p in key_points
            if not {(s["answer"], s["sentence"]) for s in p["sources"]} <= cited
        ]
        key_points = [central, *others[: MAX_KEY_POINTS - 1]]
    alternatives = _alternatives(considered, matcher)

    return {
        "method_version": METHOD_VERSION,
        "answers_considered": len(considered),
        "tally": tally,
        "answers": [
            {
                "answer": a.source.ref,
                "doctor": a.source.doctor,
                "verdict": a.verdict,
                "source": "inferred" if a.inferred else "stated",
                "confidence": a.confidence,
                "deciding_sentences": [_source(a, s) for s in a.deciding],
            }
            for a in considered
        ],
        "key_points": key_points,
        "exceptions": [_point(c) for c in exceptions],
        "risks": [_point(c) for c in risks],
        "alternatives": alternatives,
        "summary": _summary(considered, central, exceptions, alternatives, matcher),
        "leaning": majority,
        "question_kind": kind.kind,
    }
