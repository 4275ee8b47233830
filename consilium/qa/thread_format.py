"""Reading a question thread from the JSON shape `consilium import-thread` accepts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

VERDICTS = ("recommend", "depends", "not_recommended", "not_stated")
TITLE_MAX = 200


class ThreadFormatError(ValueError):
    """A thread file that cannot be imported; the message says where and why."""


@dataclass(frozen=True)
class ThreadDoctor:
    name: str
    specialty: str = ""


@dataclass(frozen=True)
class ThreadAnswer:
    title: str
    body: str
    verdict: str = "not_stated"
    doctor: ThreadDoctor | None = None


@dataclass(frozen=True)
class Thread:
    title: str
    body: str
    answers: list[ThreadAnswer] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)


def _text(value: Any, where: str, *, required: bool, max_length: int | None = None) -> str:
    if value is None:
        if required:
            raise ThreadFormatError(f"{where} is missing")
        return ""
    if not isinstance(value, str):
        raise ThreadFormatError(f"{where} must be a string, not {type(value).__name__}")
    value = value.strip()
    if required and not value:
        raise ThreadFormatError(f"{where} is empty")
    if max_length is not None and len(value) > max_length:
        raise ThreadFormatError(f"{where} is longer than {max_length} characters")
    return value


def _doctor(value: Any, where: str) -> ThreadDoctor | None:
    if value is None:
        return None
    if isinstance(value, str):
        name = _text(value, where, required=True, max_length=120)
        return ThreadDoctor(name=name)
    if isinstance(value, dict):
        name = _text(value.get("name"), f"{where}.name", required=True, max_length=120)
        specialty = _text(value.get("specialty"), f"{where}.specialty", required=False)
        return ThreadDoctor(name=name, specialty=specialty[:120])
    raise ThreadFormatError(f"{where} must be a name or an object with a name")


def parse_thread(data: Any, where: str = "thread") -> Thread:
    """Check a decoded thread and return it typed; raise ThreadFormatError naming the fault."""
    if not isinstance(data, dict):
        raise ThreadFormatError(f"{where} must be a JSON object")
    question = data.get("question")
    if not isinstance(question, dict):
        raise ThreadFormatError(f'{where} has no "question" object')
    title = _text(
        question.get("title"), f"{where}: question.title", required=True, max_length=TITLE_MAX
    )
    body = _text(question.get("body"), f"{where}: question.body", required=False)
    topics = question.get("topics", [])
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        raise ThreadFormatError(f"{where}: question.topics must be a list of topic slugs")
    raw_answers = data.get("answers", [])
    if not isinstance(raw_answers, list):
        raise ThreadFormatError(f'{where}: "answers" must be a list')
    answers = []
    for index, raw in enumerate(raw_answers, start=1):
        at = f"{where}: answer {index}"
        if not isinstance(raw, dict):
            raise ThreadFormatError(f"{at} must be an object")
        verdict = raw.get("verdict") or "not_stated"
        if verdict not in VERDICTS:
            raise ThreadFormatError(
                f"{at} has verdict {verdict!r}; use one of {', '.join(VERDICTS)}"
            )
        answers.append(
            ThreadAnswer(
                title=_text(raw.get("title"), f"{at} title", required=True, max_length=TITLE_MAX),
                body=_text(raw.get("body"), f"{at} body", required=True),
                verdict=verdict,
                doctor=_doctor(raw.get("doctor"), f"{at} doctor"),
            )
        )
    return Thread(title=title, body=body, answers=answers, topics=list(topics))


def read_thread_file(path: str | Path) -> list[Thread]:
    """Threads in a file: one JSON thread, or JSON Lines with one thread a line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ThreadFormatError(f"{path}: no such file") from None
    except UnicodeDecodeError as error:
        raise ThreadFormatError(f"{path}: not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise ThreadFormatError(f"{path}: cannot read ({error.strerror})") from None
    if not text.strip():
        raise ThreadFormatError(f"{path}: the file is empty")
    try:
        return [parse_thread(json.loads(text), where=str(path))]
    except json.JSONDecodeError as whole_error:
        threads = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                decoded = json.loads(line)
            except json.JSONDecodeError:
                if number == 1:
                    raise ThreadFormatError(
                        f"{path}: not valid JSON (line {whole_error.lineno}, column "
                        f"{whole_error.colno}: {whole_error.msg})"
                    ) from None
                raise ThreadFormatError(f"{path}: line {number} is not valid JSON") from None
            threads.append(parse_thread(decoded, where=f"{path} line {number}"))
        return threads
