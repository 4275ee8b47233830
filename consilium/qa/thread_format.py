"""Reading a question thread from the JSON shape `consilium import-thread` accepts."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from consilium.plaintext import one_line

VERDICTS = ("recommend", "depends", "not_recommended", "not_stated")
PURPOSES = ("cosmetic", "recovery", "safety", "cost", "other")
TITLE_MAX = 200
URL_MAX = 500
# Dates outside this range are typing mistakes, not the date of a post on the web.
EARLIEST_DATE = datetime(1990, 1, 1, tzinfo=UTC)


class ThreadFormatError(ValueError):
    """A thread file that cannot be imported; the message says where and why."""


@dataclass(frozen=True)
class ThreadDoctor:
    name: str
    specialty: str = ""
    location: str = ""


@dataclass(frozen=True)
class ThreadAnswer:
    title: str
    body: str
    verdict: str = "not_stated"
    doctor: ThreadDoctor | None = None
    # When the answer was written on its source site, if the file says.
    date: datetime | None = None


@dataclass(frozen=True)
class Thread:
    title: str
    body: str
    answers: list[ThreadAnswer] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    source_url: str = ""
    asked_at: datetime | None = None
    purpose: str = ""

    @property
    def source_key(self) -> str:
        """What identifies this thread across imports: its source URL, else its content.

        A hash, so a key of any length fits one indexed column.
        """
        if self.source_url:
            basis = "url\0" + self.source_url
        else:
            basis = "content\0" + json.dumps(
                [self.title, self.body, [(a.title, a.body) for a in self.answers]],
                ensure_ascii=False,
            )
        return hashlib.sha256(basis.encode("utf-8")).hexdigest()


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
        return ThreadDoctor(name=one_line(name))
    if isinstance(value, dict):
        name = _text(value.get("name"), f"{where}.name", required=True, max_length=120)
        specialty = _text(value.get("specialty"), f"{where}.specialty", required=False)
        location = _text(value.get("location"), f"{where}.location", required=False)
        return ThreadDoctor(
            name=one_line(name),
            specialty=one_line(specialty)[:120],
            location=one_line(location)[:200],
        )
    raise ThreadFormatError(f"{where} must be a name or an object with a name")


def _date(value: Any, where: str) -> datetime | None:
    """An ISO date or date-time; a date-time without a zone is taken as UTC."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ThreadFormatError(f"{where} must be an ISO date such as 2019-05-31")
    try:
        if len(value.strip()) == 10:
            parsed = datetime.combine(date.fromisoformat(value.strip()), datetime.min.time())
        else:
            parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ThreadFormatError(
            f"{where} {value!r} is not an ISO date such as 2019-05-31"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    if not EARLIEST_DATE <= parsed <= datetime.now(UTC) + timedelta(days=1):
        raise ThreadFormatError(f"{where} {value!r} is before 1990 or in the future")
    return parsed


def _source_url(value: Any, where: str) -> str:
    """The thread's source: a URL, an object with a "url", or a note (kept out of the site)."""
    if isinstance(value, dict):
        value = value.get("url")
    if value is None or not isinstance(value, str):
        if value is not None:
            raise ThreadFormatError(f"{where} must be a URL or an object with a url")
        return ""
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        # A description of where the thread came from, not an address a reader can follow.
        return ""
    if len(value) > URL_MAX:
        raise ThreadFormatError(f"{where} is longer than {URL_MAX} characters")
    return value


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
    purpose = question.get("purpose") or ""
    if purpose and purpose not in PURPOSES:
        raise ThreadFormatError(
            f"{where}: question.purpose {purpose!r}; use one of {', '.join(PURPOSES)}"
        )
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
                # Several sites give answers no title; the page shows the first sentence.
                title=one_line(
                    _text(raw.get("title"), f"{at} title", required=False, max_length=TITLE_MAX)
                ),
                body=_text(raw.get("body"), f"{at} body", required=True),
                verdict=verdict,
                doctor=_doctor(raw.get("doctor"), f"{at} doctor"),
                date=_date(raw.get("date"), f"{at} date"),
            )
        )
    return Thread(
        title=one_line(title),
        body=body,
        answers=answers,
        topics=list(topics),
        source_url=_source_url(data.get("source"), f"{where}: source"),
        asked_at=_date(question.get("date"), f"{where}: question.date"),
        purpose=purpose,
    )


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
