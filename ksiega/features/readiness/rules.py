"""The readiness check's rule: answers -> the ordered steps "what to do first".

Mirrored in overrides/assets/js/readiness.js; the tests compare the two on every combination of
answers. Every answer has a priority (`blocking`, `next`, `ready`); `blocking_if` raises it to
`blocking` when another question has one of the named answers. The steps: blocking ones first,
then next ones, then what is ready, each group in the order of the questions.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from typing import Any

PRIORITIES = ("blocking", "next", "ready")


def rules_from_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """What the rule needs (and the script receives): questions, answers, priorities, conditions."""
    return {
        "priorities": list(PRIORITIES),
        "questions": [
            {
                "id": q["id"],
                "answers": [
                    {
                        "id": a["id"],
                        "priority": a["priority"],
                        "blocking_if": [dict(c) for c in a.get("blocking_if", [])],
                    }
                    for a in q["answers"]
                ],
            }
            for q in data["questions"]
        ],
    }


def evaluate(rules: Mapping[str, Any], answers: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """The steps for a full set of answers ({question: answer}): (question, answer, priority),
    blocking first, then next, then ready; within a group, in the order of the questions."""
    steps = []
    for position, question in enumerate(rules["questions"]):
        chosen = answers[question["id"]]
        answer = next(a for a in question["answers"] if a["id"] == chosen)
        priority = answer["priority"]
        if any(answers.get(c["question"]) == c["answer"] for c in answer["blocking_if"]):
            priority = "blocking"
        steps.append((PRIORITIES.index(priority), position, question["id"], chosen, priority))
    return [(qid, aid, priority) for _rank, _pos, qid, aid, priority in sorted(steps)]


def combinations(rules: Mapping[str, Any]) -> Iterator[dict[str, str]]:
    """Every full set of answers."""
    questions = rules["questions"]
    for chosen in itertools.product(*([a["id"] for a in q["answers"]] for q in questions)):
        yield {q["id"]: a for q, a in zip(questions, chosen, strict=True)}
