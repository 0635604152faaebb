"""The fideslang taxonomy: which keys exist for data categories, uses and subjects.

Register entries carry a fideslang key so that a data map kept here and one
kept in Fides speak the same language. The keys come from
`fideslang.DEFAULT_TAXONOMY` (the taxonomy Fides itself ships).
"""

from __future__ import annotations

import difflib
from functools import cache

from fideslang import DEFAULT_TAXONOMY

#: register section -> the taxonomy branch its `fides_key` must come from
TAXONOMY_OF_SECTION = {
    "data_categories": "data_category",
    "purposes": "data_use",
    "subject_types": "data_subject",
}


@cache
def taxonomy_keys(branch: str) -> frozenset[str]:
    """All fides keys of one branch (`data_category`, `data_use`, `data_subject`)."""
    return frozenset(item.fides_key for item in getattr(DEFAULT_TAXONOMY, branch))


def suggestion(value: str, known: set[str] | frozenset[str]) -> str:
    """' (did you mean 'x'?)' when a close match exists, else ''."""
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""
