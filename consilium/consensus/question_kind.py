"""What a question asks: whether a treatment works, is safe, beats another, or should go on."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .text import cue_text

EFFICACY = "efficacy"
SAFETY = "safety"
CHOICE = "choice"
CONTINUATION = "continuation"
KINDS = (EFFICACY, SAFETY, CHOICE, CONTINUATION)

_SAFETY_RE = re.compile(
    r"\b(?:safe|safety|unsafe|side[- ]effects?|risks?|risky|dangerous|danger|harm\w*|toxic\w*"
    r"|damag\w*|weaken\w*|complications?|long[- ]term effects?|cancer\w*|while (?:i am |i'm )?"
    r"(?:pregnant|breastfeeding|nursing|trying to conceive)|during (?:pregnancy|breastfeeding)"
    r"|(?:pregnant|breastfeeding|nursing)\b)"
)
_SAFE_WORD_RE = re.compile(r"\b(?:safe|safely|safety|unsafe)\b")
_CONTINUATION_RE = re.compile(
    r"\b(?:keep (?:using|taking|going|applying|doing|up)|continu(?:e\w*|ing)|stop\w*|quit\w*"
    r"|discontinu\w*|give up|giving up|take a break|taking a break|pause|still (?:worth|use|using"
    r"|take|taking)|switch\w*|how long should i (?:keep|stay|use|take|continue)|stay on"
    r"|come off|go off|wean)\b"
)
_CHOICE_RE = re.compile(
    r"\b(?:or|vs\.?|versus|(?:better|worse|safer|more \w+|less \w+) (?:\w+ ){0,2}than"
    r"|compared (?:to|with)|instead of|rather than"
    r"|which (?:is|one|would be) (?:better|best|more)|better option|choose between)\b"
)
# Questions whose "yes" is bad news: "Will it weaken my muscles?", "Does it cause scarring?".
_HARM_OUTCOME_RE = re.compile(
    r"\b(?:weaken\w*|damag\w*|harm\w*|hurt|cause\w*|ruin\w*|worsen\w*|make (?:\w+ ){0,3}worse"
    r"|scarring|thinn(?:ing|er|ed) (?:of )?(?:the |my |your )?skin"
    r"|thin(?:s|ner)? (?:my |the |your )?skin"
    r"|dangerous|risky|toxic|side[- ]effects?|atroph\w*"
    # Outcomes feared, not ones already there: "will it migrate?", not "migrated filler".
    r"|affect (?:my|the|her|his|your) (?:[\w-]+ )?[\w-]+|migrate|migrating|wreck|wrecking"
    r"|melt\w* (?:[\w-]+ ){0,4}(?:face|cheeks?)|face melting"
    r"|(?:get|develop|end up with) (?:an? )?(?:droopy|drooping|lumps?|scars?|infection)"
    r"|(?:go|going|gone) blind|blindness|(?:is|are) (?:it|this|that|they) bad|bad for"
    r"|make (?:me|you|my [\w-]+|your [\w-]+|it|them) (?:more )?(?:worse|burn|sick|droop|sag"
    r"|lose|break out|bald|gain|depressed|anxious))\b"
)
# Asked in the title, "Should I be worried about lumps?" and "Is 70 too old for it?" ask about a
# harm; in the body, after "is this swelling normal?", they restate the title's question.
_WORRY_RE = re.compile(
    r"\b(?:(?:should|do|would) (?:i|we|you) (?:be )?worr(?:y|ied)|how worried"
    r"|too (?:old|young|soon|early|close)(?! to (?:judge|tell|say|know|see)))\b"
)
_STOP_QUESTION_RE = re.compile(
    r"\b(?:should i|do i (?:really |still |actually )?(?:need|have) to|must i|is it time to|can i"
    r"|would it be better to|is it better to)"
    r" (?:\w+ )?(?:stop|quit|discontinue|give up|take a break|pause|come off|go off|wait|hold off"
    r"|postpone|delay|put off)\b"
)

# Questions about what followed a treatment already had: "Lumps a week after filler - normal?",
# "Will the redness go away?". A doctor who says "very common, give it time" reassures.
_ABOUT_A_RESULT_RE = re.compile(
    r"\b(?:is (?:this|that|it|these|the [\w-]+) (?:[\w-]+ )?(?:normal|expected|common|typical)"
    r"|normal (?:healing|recovery|swelling)|(?<=[-,:.] )(?:normal|permanent)\s*(?:\?|or\b)"
    r"|(?:is|was) (?:this|that|it) (?:just |all )?part of (?:the )?(?:normal )?(?:healing|recovery)"
    r"|(?:is|was) (?:this|that|it) how (?:[\w-]+ ){0,3}(?:supposed|should|meant|goes|looks?|feels?)"
    r"|supposed to (?:look|feel|be|happen)"
    r"|(?:something|anything) (?:is |went |has gone |gone )?wrong"
    r"|did (?:it|this|that|the [\w-]+|something|anything) go wrong"
    r"|(?:will|would|does|do|can) (?:it|this|that|they|these|the [\w-]+|my [\w-]+) (?:[\w-]+ )?"
    r"(?:go away|settle|resolve|fade|subside|go down|get better|heal|wear off|go back|be permanent"
    r"|last forever|stay like this)"
    # Verbs that also take an object ("will they flatten my keloid?") ask about a result only
    # when nothing follows them.
    r"|(?:will|would|is|are) (?:it|this|that|they|these|the [\w-]+|my [\w-]+) (?:[\w-]+ )?"
    r"(?:going to )?(?:relax|flatten|calm down|even out|smooth out|disappear|settle|go away|fade"
    r"|subside|resolve|go down|soften)(?=\s*(?:\?|$|or\b|on (?:its|their) own|with time|[.,]))"
    r"|(?:is|be|stay|is it|is this|is that) permanent\b"
    # Whether it worked: "two weeks on, can still frown - did it not work?", "is it working?"
    r"|(?:did|has) (?:it|this|that|the [\w-]+|my [\w-]+) (?:not |n't |even |really |just )?"
    r"(?:work|worked|take|taken|fail|failed)(?=\s*(?:\?|$|or\b|at all|for me))"
    # Whether a change is a passing one: "pale patch the day after filler - just a bruise?"
    r"|(?:is (?:this|that|it)|just) (?:just |only )?(?:an? )?(?:bad |normal |late )?"
    r"(?:bruise|bruising|swelling|reaction)\b"
    r"|(?:is|are) (?:it|this|that|they|the [\w-]+) (?:not )?working\b"
    # A past exposure: "Had Botox, then found out I was pregnant - did I harm the baby?"
    r"|(?:(?:did|have) (?:i|it|this|that|the [\w-]+)|(?:could|might) (?:i|it|this|that|the [\w-]+)"
    r" have) (?:harm\w*|hurt|damag\w*|affect\w*|ruin\w*|(?:made|make) (?:[\w-]+ ){0,3}worse)"
    r"|is (?:my|the) (?:baby|pregnancy) (?:\w+ )?(?:ok|okay|alright|all right|fine|safe))"
)
# A title that asks what to do next ("Can I go back to the gym 4 weeks after?", "Should I keep
# going?") or whether it is safe or worth it asks for a decision, however the body describes
# what followed.
_ASKS_WHAT_TO_DO_RE = re.compile(
    r"\b(?:(?:can|should|may|must) i|do i (?:\w+ )?(?:need|have) to|how (?:long|soon) after|keep"
    r"|stop|continue|safe|safely|worth)\b"
)

_OR_BEFORE_STOP_RE = re.compile(r"\w[\s,]+or\s+$")
_OR_MOVE_ON_RE = re.compile(
    r"\bor (?:[\w-]+ ){0,3}(?:switch\w*|stop\w*|quit\w*|change\w*|come off|go off|move on)\b"
)


_WHEN_TO_START_RE = re.compile(
    r"\b(?:when|how soon|how long after \w+ \w+) (?:can|should|could|may) i (?:start|begin|resume"
    r"|restart|have|get|use|apply|go back)\b"
)
# Questions whose "yes" leans one way or the other.
_ASKS_WHICH_WAY_RE = re.compile(
    r"\b(?:safe|safely|unsafe|stop\w*|quit\w*|continue|keep|stay on|wait|cut back|come off"
    r"|harm\w*|damag\w*|weaken\w*|ruin\w*|thin\w*|dangerous|risky|cause\w*)\b"
)
_NOW_OR_LATER_RE = re.compile(
    r"\bor (?:should i |do i |to |just |better to )?(?:wait|hold off|postpone|delay|put it off"
    r"|keep waiting|leave (?:it|them)|watch (?:it|them)|monitor (?:it|them))\b"
)


# Asked "is it a waste of money?", a "yes" is against it, whatever the title asked first.
_WASTE_RE = re.compile(
    r"\b(?:waste of (?:money|time)|wasting (?:my|your|our) (?:money|time)|throwing (?:my |your )?"
    r"money away|scam|rip[- ]?off|gimmick|snake oil|not worth|overhyped|a con|hype)\b"
)


# "Is it real or a waste?" offers two answers; "Or is it a waste?" asks about the waste alone.
_OR_BEFORE_RE = re.compile(r"\w\s+or (?:\w+ ){0,3}$")


# A harm a sentence may doubt: doubting it reassures, where doubting safety cautions.
_HARM_WORDS_RE = re.compile(
    r"\b(?:harm\w*|damag\w*|weaken\w*|worsen\w*|worse|cause\w*|risks?|side[- ]effects?|toxic\w*"
    r"|thinn\w*|atroph\w*|scarring|pass(?:es)? into|reach(?:es)?|cancer\w*|problems?)\b"
)


def doubts_a_harm(cue: str) -> bool:
    """Whether doubt in this cue text is about a harm ("no evidence it thins the skin") rather
    than about the treatment's safety or benefit ("not proven safe")."""
    return bool(_HARM_WORDS_RE.search(cue)) and not _SAFE_WORD_RE.search(cue)


def _questions_in(body: str) -> list[str]:
    return [s for s in re.split(r"(?<=[?.!])\s+", body) if s.rstrip().endswith("?")]


def _last_question(title: str, body: str) -> str:
    asked = _questions_in(body)
    return cue_text(asked[-1]) if asked else cue_text(title)


@dataclass(frozen=True)
class QuestionKind:
    kind: str
    # "yes" to the question is a point against the treatment: it asks about a harm, or whether
    # to stop.
    yes_is_against: bool = False
    # A bare "yes" or "no" does not say which of the question's alternatives it takes.
    bare_answer_is_unclear: bool = False
    # It asks whether what followed a treatment already had is normal or will pass.
    about_a_result: bool = False

    @property
    def asks_about_harm(self) -> bool:
        """Doubt in the answers is about a harm: "no evidence that it thins the skin"."""
        return self.kind == SAFETY


def question_kind(title: str, body: str = "", has_other_treatment: bool = False) -> QuestionKind:
    """Read the kind from the title, falling back on the body when the title says little.

    has_other_treatment: the question names a second treatment, so "or" compares two options.
    """
    title_cue, asked_cue = cue_text(title), cue_text(_what_is_asked(body))
    kind = _question_kind(title, body, title_cue, asked_cue, has_other_treatment)
    return replace(kind, about_a_result=_asks_about_a_result(title_cue, asked_cue))


def _asks_about_a_result(title_cue: str, asked_cue: str) -> bool:
    """Whether the question asks about what followed a treatment already had ("is this
    swelling normal?", "will the redness go away?") rather than whether to have it. A title
    that asks what to do next asks for a decision, unless it asks about the result first."""
    decision = _ASKS_WHAT_TO_DO_RE.search(title_cue)
    if decision:
        # "Lumps a week after filler - normal, or should I have them dissolved?" still asks
        # first whether what followed is normal.
        result = _ABOUT_A_RESULT_RE.search(title_cue, 0, decision.start())
        return result is not None
    return bool(_ABOUT_A_RESULT_RE.search(f"{title_cue} {asked_cue}"))


def _question_kind(
    title: str, body: str, title_cue: str, asked_cue: str, has_other_treatment: bool
) -> QuestionKind:
    kind = _kind(title_cue, asked_cue, has_other_treatment)
    last = _last_question(title, body)
    # A bare "yes" or "no" answers the last thing asked: "Should I stop it? Can I stay on it
    # until I'm pregnant?" turns a "no" against the treatment.
    if _ASKS_WHICH_WAY_RE.search(last):
        asked_last = _kind(last, "", False)
        if (
            last != title_cue
            and _ASKS_WHICH_WAY_RE.search(title_cue)
            and _kind(title_cue, "", has_other_treatment).yes_is_against
            != asked_last.yes_is_against
        ):
            # "Is it safe for years?" over "Is there any harm long term?": doctors answer
            # either, so a bare "yes" could mean safe or harmful.
            return QuestionKind(kind.kind, bare_answer_is_unclear=True)
        kind = QuestionKind(kind.kind, asked_last.yes_is_against, asked_last.bare_answer_is_unclear)
    waste = _WASTE_RE.search(last)
    if not kind.yes_is_against and waste:
        # "Is it real or a waste of money?" offers two answers, and a bare "yes" could take
        # either.
        if _OR_BEFORE_RE.search(last[: waste.start()]):
            return QuestionKind(kind.kind, bare_answer_is_unclear=True)
        return QuestionKind(kind.kind, yes_is_against=True)
    return kind


def _what_is_asked(body: str) -> str:
    """The body's questions, or all of it when it asks none: "it came back when I stopped" is
    the story, not the question."""
    asked = _questions_in(body)
    return " ".join(asked) if asked else body


def _kind(title_cue: str, body_cue: str, has_other_treatment: bool) -> QuestionKind:
    for text, in_title in ((title_cue, True), (body_cue, False)):
        harm = bool(_HARM_OUTCOME_RE.search(text) or (in_title and _WORRY_RE.search(text)))
        safe = _SAFE_WORD_RE.search(text)
        if safe:
            # "Is it safe, or will it damage my liver?": a "yes" answers the "safe" part; "is it
            # unsafe?" asks the other way round.
            return QuestionKind(SAFETY, yes_is_against=safe.group() == "unsafe")
        if _WHEN_TO_START_RE.search(text):
            return QuestionKind(CONTINUATION)  # "When can I start?": "now" is for it
        stop = _STOP_QUESTION_RE.search(text)
        if stop and _OR_BEFORE_STOP_RE.search(text[: stop.start()]):
            # "Will it help, or should I just wait it out?": stopping or waiting is the other
            # answer offered, so the question is the clause before it, and a bare "yes" or "no"
            # could take either.
            first = _kind(text[: stop.start()], "", has_other_treatment)
            return QuestionKind(first.kind, bare_answer_is_unclear=True)
        if stop:
            return QuestionKind(CONTINUATION, yes_is_against=True)
        if _NOW_OR_LATER_RE.search(text):
            # "Now or wait until I've lost weight?": going ahead now is for it, waiting against,
            # and a bare "yes" takes neither.
            return QuestionKind(CONTINUATION, bare_answer_is_unclear=True)
        # "Breast lift or implants after breastfeeding?" asks which, not whether it is safe.
        if has_other_treatment and _CHOICE_RE.search(text):
            return QuestionKind(CHOICE)
        if harm:
            return QuestionKind(SAFETY, yes_is_against=True)
        if _CONTINUATION_RE.search(text):
            # "Keep taking it or ask to switch?" offers two answers, and a bare "yes" takes
            # neither.
            return QuestionKind(
                CONTINUATION, bare_answer_is_unclear=bool(_OR_MOVE_ON_RE.search(text))
            )
        if _SAFETY_RE.search(text):
            return QuestionKind(SAFETY)
    return QuestionKind(EFFICACY)
