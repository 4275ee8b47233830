"""The consensus method's input for a thread read from a file in the import format."""

from __future__ import annotations

from consilium.consensus.method import AnswerInput
from consilium.qa.thread_format import Thread


def answers_of(thread: Thread) -> list[AnswerInput]:
    """The thread's answers, referenced by their place in it (1, 2, ...)."""
    return [
        AnswerInput(
            ref=str(index),
            title=answer.title,
            body=answer.body,
            verdict=answer.verdict,
            # Unnamed doctors are told apart by their place in the thread.
            doctor=answer.doctor.name if answer.doctor else f"doctor-{index}",
            specialty=answer.doctor.specialty if answer.doctor else "",
        )
        for index, answer in enumerate(thread.answers, start=1)
    ]
