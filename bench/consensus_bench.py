"""Benchmark compute_consensus on a generated 50-answer thread; prints median and p95 in ms."""

# Run from the repository root: .venv/bin/python bench/consensus_bench.py [--runs 30]

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
import timeit
from pathlib import Path

QUESTION_TITLE = "Is radiofrequency microneedling worth it for acne scars and loose skin?"
QUESTION_BODY = (
    "I'm 41 with rolling acne scars and some early sagging along the jaw. A clinic suggested a "
    "course of RF microneedling. Will it help both problems, and how many sessions would I need?"
)

# Sentence templates written for this benchmark, grouped by the stance they express, so the
# generated answers mix verdicts, shared claims, exceptions and alternatives. "{a|b}" picks one
# option at random, so repeated claims are paraphrased rather than copied, as in real threads.
POSITIVE = [
    "RF microneedling {works well|does a good job|is very effective} for rolling scars because "
    "the heat {tightens|remodels|stimulates} the collagen under each scar.",
    "I {recommend it|often recommend this treatment|suggest it} to {many|most} patients with "
    "{textured skin|uneven texture|scarring} and {mild|early} laxity.",
    "{Most|Nearly all|The majority} of my patients are {happy|pleased|satisfied} with the "
    "{smoother texture|improved texture|results} after a full course.",
    "It is one of the most effective {treatments|options|tools} we have for this combination of "
    "{problems|concerns|issues}.",
    "The improvement in {skin quality|texture|tone} keeps building for {months|several months|up "
    "to a year} after the last session.",
    "It is a {great|good|excellent} option for people who want {results|improvement} without "
    "{surgery|an operation|downtime}.",
]
NEGATIVE = [
    "I don't think it will do much for the {sagging|laxity|loose skin} along your "
    "{jaw|jawline|neck}.",
    "The tightening effect is {modest|small|subtle} at best and not a substitute for a "
    "{lift|surgical lift}.",
    "There is {little|limited|weak} evidence that it lifts {heavy|sagging|loose} tissue in any "
    "lasting way.",
    "{Honestly|Frankly|In my opinion}, the money is better spent on a procedure that actually "
    "{repositions|lifts|tightens} the {tissue|tissues|skin}.",
    "{Many|Some|Too many} clinics oversell these devices and {patients|people} end up "
    "{disappointed|unhappy}.",
]
DEPENDS = [
    "Whether it is worth it depends on how {deep|severe|wide} your scars are and how "
    "{loose|lax} the skin is.",
    "It {really|truly|honestly} is a case by case decision.",
    "I would need to examine you in person to tell you if you are a good candidate.",
    "Results vary {a lot|widely|considerably} between {patients|people|individuals}.",
]
SHARED = [
    "{Most people|Most patients|Patients usually} need {three to four|four to six|three or more} "
    "{sessions|treatments} spaced {about a month|four to six weeks|several weeks} apart.",
    "Plan on a series of {treatments|sessions}, usually {three|four|several}, "
    "{a few weeks|a month|four weeks} apart.",
    "Several {sessions|treatments} are needed because collagen "
    "{remodelling|remodeling|rebuilding} is {gradual|slow}.",
    "Expect {redness|some redness} and {some|mild} swelling for {two to four|a few|three} days "
    "after each {session|treatment}.",
    "{Mild|Some} swelling and redness usually {settle|resolve|fade} within {a few|several} days "
    "of treatment.",
    "Sagging skin along the {jawline|jaw} comes from loss of elasticity and "
    "{descent|sagging|shifting} of the fat pads.",
    "As we age the skin loses {elasticity|collagen} and the {deeper|deep} fat "
    "{shifts|slides|moves} downward.",
]
EXCEPTIONS = [
    "If you have active acne {breakouts|flares}, treat those first because needling can "
    "{spread|worsen} the infection.",
    "In patients with darker skin types, {conservative|careful|lower} settings lower the risk of "
    "hyperpigmentation.",
    "If you have a history of keloids, the needling can trigger raised scarring.",
    "It may not be appropriate if you are pregnant or breastfeeding.",
]
ALTERNATIVES = [
    "For the {jowls|jawline|neck}, a mini facelift will give a far more {reliable|lasting} result.",
    "Deep boxcar scars respond better to fractional CO2 laser resurfacing.",
    "Subcision releases tethered rolling scars and pairs well with needling.",
    "Ultherapy is another non-surgical way to tighten the jawline a little.",
    "A {few syringes|syringe or two} of filler along the jaw can camouflage early sagging.",
]
BOILERPLATE = [
    "Thank you for your question.",
    "Consult a board-certified dermatologist to find out more.",
    "Best of luck with your treatment.",
]
TITLES = [
    "RF microneedling for scars and laxity",
    "Good for texture, limited for sagging",
    "Depends on the scars",
    "A reasonable first step",
    "Manage your expectations",
    "My experience with RF microneedling",
]
_CHOICE_RE = re.compile(r"\{([^{}]*)\}")


def fill(template: str, rng: random.Random) -> str:
    return _CHOICE_RE.sub(lambda m: rng.choice(m.group(1).split("|")), template)


def build_thread(n_answers: int, seed: int = 7) -> tuple[str, str, list]:
    from consilium.consensus.method import AnswerInput

    rng = random.Random(seed)
    stances = [POSITIVE, NEGATIVE, DEPENDS]
    answers = []
    for i in range(n_answers):
        stance = stances[i % 3]
        body: list[str] = []
        if rng.random() < 0.4:
            body.append(rng.choice(BOILERPLATE))
        body += rng.sample(stance, k=min(len(stance), rng.randint(1, 3)))
        body += rng.sample(SHARED, k=rng.randint(1, 3))
        if rng.random() < 0.5:
            body.append(rng.choice(EXCEPTIONS))
        if rng.random() < 0.6:
            body.append(rng.choice(ALTERNATIVES))
        body = [fill(t, rng) for t in body]
        rng.shuffle(body)
        paragraphs = [" ".join(body[j : j + 3]) for j in range(0, len(body), 3)]
        answers.append(
            AnswerInput(
                ref=str(1000 + i),
                title=rng.choice(TITLES),
                body="\n\n".join(paragraphs),
                verdict="not_stated"
                if rng.random() < 0.7
                else ("recommend", "depends", "not_recommended")[i % 3],
                doctor=f"doctor-{i % 45}",  # a few doctors answer twice
                verified=rng.random() > 0.05,
            )
        )
    return QUESTION_TITLE, QUESTION_BODY, answers


def read_thread(path: str) -> tuple[str, str, list]:
    """The first thread of a file in the import format, as `consilium consensus` reads it."""
    from consilium.consensus.thread_input import answers_of
    from consilium.qa.thread_format import read_thread_file

    thread = read_thread_file(path)[0]
    return thread.title, thread.body, answers_of(thread)


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from consilium.consensus.method import compute_consensus, load_taxonomy

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--answers", type=int, default=50)
    parser.add_argument(
        "--thread", help="time this thread file (import format) instead of a generated thread"
    )
    args = parser.parse_args()

    taxonomy = load_taxonomy()
    if args.thread:
        title, body, answers = read_thread(args.thread)
    else:
        title, body, answers = build_thread(args.answers)
    words = sum(len(a.body.split()) for a in answers)
    # The first call compiles regexes and builds the taxonomy matcher; a web process pays that
    # once, so it is reported separately.
    start = time.perf_counter()
    result = compute_consensus(title, body, answers, taxonomy)
    first_ms = (time.perf_counter() - start) * 1000
    timings = []
    cpu = []
    for _ in range(args.runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        compute_consensus(title, body, answers, taxonomy)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    print(f"thread: {len(answers)} answers, {words} words; {result['answers_considered']} verified")
    print(f"first call: {first_ms:.1f} ms")
    print(
        f"runs: {args.runs}  median: {statistics.median(timings):.1f} ms  p95: {p95:.1f} ms"
        f"  min: {timings[0]:.1f} ms"
    )
    # CPU time is less disturbed by other processes on a shared machine than wall time.
    print(f"cpu time per run: median {statistics.median(cpu):.1f} ms")
    # A fixed pure-Python workload timed on the same machine, so figures from busy or slow
    # machines can be compared (about 10-15 ms on an idle modern core).
    calibration = min(timeit.repeat("sum(range(10**6))", number=1, repeat=5)) * 1000
    print(f"calibration sum(range(10**6)): {calibration:.1f} ms")
    print(f"summary: {result['summary']}")


if __name__ == "__main__":
    main()
