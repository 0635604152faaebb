"""The line census (census.py) against files whose records and lines are known by construction.

RFC 4180, section 2: a field holding a comma, a double quote or a line break is enclosed in
double quotes, and a double quote inside it is escaped by a second one; such a field may span
lines. The census must count the records, find the line each starts on, and not depend on where
the bytes are cut into chunks.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from governance.store.ingest.census import Census, LineCensus

FIELD = st.text(alphabet='ab ,"\n', max_size=6)


def _field(value: str, force_quotes: bool) -> str:
    if force_quotes or any(ch in value for ch in ',"\n') or value.startswith(" "):
        return '"' + value.replace('"', '""') + '"'
    return value


def _census(data: bytes, chunk: int) -> Census:
    census = LineCensus()
    for start in range(0, len(data), chunk):
        census.feed(data[start : start + chunk])
    return census.finish()


def _start_line(census: Census, unit: int) -> int:
    """The file line of `unit`, as renumber.sql computes it from the census."""
    at = np.searchsorted(census.shift_units, unit, side="right") - 1
    return unit + 1 + (int(census.shift_lines[at]) if at >= 0 else 0)


@settings(max_examples=300, deadline=None)
@given(
    records=st.lists(
        st.tuples(st.lists(FIELD, min_size=1, max_size=3), st.booleans(), st.booleans()),
        max_size=12,
    ),
    crlf=st.booleans(),
    final_newline=st.booleans(),
    chunk=st.sampled_from([1, 2, 3, 5, 8, 1 << 20]),
)
def test_records_and_their_lines_are_counted_from_the_bytes(
    records: list[tuple[list[str], bool, bool]], crlf: bool, final_newline: bool, chunk: int
) -> None:
    newline = "\r\n" if crlf else "\n"
    lines = ["a,b,c"]
    expected_starts = []  # the file line each record starts on
    expected_blanks = []  # the units that are blank lines
    unit = 0
    for fields, quoted, blank_after in records:
        text = ",".join(_field(value, quoted) for value in fields)
        if text == "":
            text = '""'  # an empty line would be a blank line, not a record
        unit += 1
        expected_starts.append((unit, len(lines) + 1))
        lines.extend(text.split("\n"))
        if blank_after:
            unit += 1
            expected_blanks.append(unit)
            lines.append("")
    body = newline.join(lines)
    data = (body + (newline if final_newline or not records else "")).encode()
    census = _census(data, chunk)
    assert census.records == len(records)
    assert census.open_quote_line is None and census.line_end_problem is None
    assert census.blank_units.tolist() == [u for u in expected_blanks if u < unit or final_newline]
    assert [(u, _start_line(census, u)) for u, _ in expected_starts] == expected_starts
    assert _summary(census) == _summary(_census(data, 1 << 20))


def _summary(census: Census) -> tuple:
    return (
        census.records,
        census.lines,
        census.header,
        census.blank_units.tolist(),
        census.shift_units.tolist(),
        census.shift_lines.tolist(),
    )


def test_an_unclosed_quote_is_found_on_the_line_it_opens() -> None:
    data = b'a,b\n1,"x\ny"\n2,"open\n3,z\n4,w\n'
    census = _census(data, 4)
    assert (census.open_quote_line, census.lines) == (4, 6)


def test_a_stray_quote_inside_an_unquoted_value_is_text() -> None:
    """DuckDB keeps `5" screen` as text; only a quote at the start of a field opens a value."""
    census = _census(b'a,b\n1,5" screen\n2,"x\ny"\n3,z\n', 3)
    assert (census.records, census.open_quote_line, census.shift_units.tolist()) == (3, None, [3])


def test_line_endings_that_differ_from_the_header_are_named() -> None:
    assert _census(b"a,b\r\n1,x\r\n2,y\n", 2).line_end_problem == (
        3,
        "ends with LF while the header ends with CRLF",
    )
    assert _census(b"a,b\n1,x\r2,y\n", 1 << 20).line_end_problem == (
        2,
        "has a carriage return (CR) that no line feed follows",
    )
    # inside a quoted value anything goes
    assert _census(b'a,b\n1,"x\r\ny\rz"\n', 1).line_end_problem is None
