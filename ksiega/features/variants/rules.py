"""The picker's rules and their evaluator live in ksiega/toolkit/variant_rules.py (the local
edition needs them too); this module keeps the variants feature's own names for them."""

from __future__ import annotations

from ksiega.toolkit.variant_rules import (
    Query,
    Rules,
    _agrees,
    _applies,
    _match,
    answer_values,
    check_answer,
    check_teryt,
    clean,
    combinations,
    evaluate,
    rules,
    rules_from_data,
    teryt_samples,
)

__all__ = [
    "Query",
    "Rules",
    "_agrees",
    "_applies",
    "_match",
    "answer_values",
    "check_answer",
    "check_teryt",
    "clean",
    "combinations",
    "evaluate",
    "rules",
    "rules_from_data",
    "teryt_samples",
]
