"""Where the records of a CSV file start, counted from its bytes alone (numpy, no loop per row).

DuckDB's reader splits a file into records, but it cannot be its own witness: after an unclosed
quote it reads every later line as one value and sets that value aside, so the records after it
are neither loaded nor counted. The census reads the same bytes with the loader's dialect
(comma-separated, RFC 4180 double quotes, one line ending throughout) on its own, while the file
is copied and hashed (`snapshot.py`), and gives the loader:

* `records`: how many records the file holds (the header and blank lines are not records), to
  check the reader's figures against, so that nothing can vanish unseen;
* `open_quote_line`: the line of a quoted value that is never closed, found before DuckDB reads;
* `line_end_problem`: the first line ending DuckDB cannot read (a lone CR, or CRLF and LF mixed:
  DuckDB then stops with "state machine reached an invalid state" and no line);
* `blank_units` and `shift_*`: what turns DuckDB's numbering into the lines an editor shows.

Units: the header is unit 0; every later stretch between two line ends outside quotes is one
unit, a record or a blank line (empty, or a lone CR of a CRLF file). DuckDB numbers what it sets
aside by unit (its `line` is unit + 1): blank lines count, newlines inside quotes do not. Unit u
starts on physical line u + 1 + (the newlines inside quotes of the units before it); `shift_*`
hold that sum from each unit where it grows.

How quotes are followed without a loop: only runs of consecutive quote characters matter. A run
of odd length at the start of a field (after a comma, a line end or the start of the file, with
spaces allowed in between, as DuckDB allows) opens or closes a quoted value: it toggles the
state. A run of odd length anywhere else either closes a quoted value or is a stray quote inside
an unquoted value, which DuckDB keeps as text: either way the state after it is "outside" (a
reset). Runs of even length are escaped quotes or an empty quoted value and change nothing. So
the state after a run is the parity of the runs since the last reset: a running maximum.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

LF, CR, QUOTE, COMMA, SPACE = 10, 13, 34, 44, 32
BOM = b"\xef\xbb\xbf"
#: a header longer than this is not a header (and would be held in memory)
MAX_HEADER_BYTES = 1 << 20

_Int = np.ndarray
#: the bytes after which a field starts
_FIELD_START = np.zeros(256, dtype=bool)
_FIELD_START[[COMMA, LF, CR]] = True


@dataclass(frozen=True)
class Census:
    """What the bytes of a CSV file hold, independently of DuckDB's reader."""

    records: int
    lines: int
    #: the header record's bytes (BOM and line end included), None when longer than 1 MiB
    header: bytes | None
    open_quote_line: int | None
    #: (line, what is wrong with its line end)
    line_end_problem: tuple[int, str] | None
    has_nul: bool
    #: units that are blank lines (ascending): DuckDB skips them but counts them in its numbering
    blank_units: _Int
    #: from unit shift_units[i] on, a unit starts shift_lines[i] lines after unit + 1
    shift_units: _Int
    shift_lines: _Int

    @property
    def plain(self) -> bool:
        """Every unit is one line and none is blank: the k-th record is on line k + 1."""
        return self.blank_units.size == 0 and self.shift_units.size == 0


@dataclass
class _State:
    """What one chunk hands to the next."""

    offset: int = 0  # absolute position of the chunk's first byte
    inside: bool = False  # inside a quoted value where the chunk starts
    prev: int = -1  # the byte before the chunk (-1: start of file)
    prev_field_char: int = -1  # the last byte before the chunk that is not a space
    bom: bool = False
    newlines: int = 0  # LF bytes before the chunk
    units_ended: int = 0  # line ends outside quotes before the chunk
    last_end_ordinal: int = -1  # which LF (0-based) ended the last unit
    last_end_pos: int = -1  # its absolute position
    last_lf_pos: int = -1  # the absolute position of the last LF, inside quotes or not
    crlf: bool | None = None  # the header's line ending, which every line must share
    opener_line: int | None = None
    line_end_problem: tuple[int, str] | None = None
    has_nul: bool = False
    header: bytearray = field(default_factory=bytearray)
    header_ended: bool = False
    blanks: list[_Int] = field(default_factory=list)
    shift_units: list[_Int] = field(default_factory=list)
    shift_sizes: list[_Int] = field(default_factory=list)


class LineCensus:
    """Feed a CSV file's bytes in order (`feed`), then `finish` for its `Census`.

    Chunks may be cut anywhere: quotes or a CR at the end of a chunk are held back and read
    with the next one, so that a run of quotes or a CRLF is never split.

    >>> census = LineCensus()
    >>> census.feed(b'a,b\\n1,"x\\ny"\\n\\n2,z\\n')
    >>> result = census.finish()
    >>> result.records, result.lines, result.blank_units.tolist(), result.shift_units.tolist()
    (2, 5, [2], [2])
    """

    def __init__(self) -> None:
        self._s = _State()
        self._pending = b""

    def feed(self, chunk: bytes) -> None:
        """Count one more piece of the file."""
        data = self._pending + chunk if self._pending else chunk
        keep = len(data.rstrip(b'"\r'))
        self._pending = data[keep:]
        if keep:
            self._chunk(data[:keep])

    def finish(self) -> Census:
        """The census of everything fed."""
        if self._pending:
            self._chunk(self._pending)
            self._pending = b""
        s = self._s
        trailing = s.offset - s.last_end_pos - 1  # bytes after the last line end
        last_is_blank = trailing == 0 or (trailing == 1 and s.prev == CR)
        unterminated = s.offset - s.last_lf_pos - 1 > 0  # the last line has no LF
        units = s.units_ended + (0 if last_is_blank else 1)
        blanks = _concat(s.blanks)
        blanks = blanks[blanks > 0]  # unit 0 is the header: a blank one is refused by the reader
        return Census(
            records=max(units - 1 - int(blanks.size), 0),
            lines=s.newlines + (1 if unterminated else 0),
            header=bytes(s.header) if len(s.header) <= MAX_HEADER_BYTES else None,
            open_quote_line=s.opener_line if s.inside else None,
            line_end_problem=s.line_end_problem,
            has_nul=s.has_nul,
            blank_units=blanks,
            shift_units=_concat(s.shift_units) + 1,
            shift_lines=np.cumsum(_concat(s.shift_sizes)),
        )

    # --- one chunk -------------------------------------------------------------------------

    def _chunk(self, data: bytes) -> None:
        s = self._s
        if s.offset == 0 and data.startswith(BOM):
            s.bom = True
        if not s.header_ended and len(s.header) <= MAX_HEADER_BYTES:
            s.header.extend(data[: MAX_HEADER_BYTES + 1 - len(s.header)])
        if not s.has_nul and data.find(b"\x00") >= 0:
            s.has_nul = True
        a = np.frombuffer(data, dtype=np.uint8)
        # a CR in a file of LF lines is rare and needs the line it is on: the general path
        stray_cr = not s.crlf and data.find(b"\r") >= 0
        general = s.inside or s.crlf is None or stray_cr or data.find(b'"') >= 0
        if general or self._has_blank_line(a):
            self._quoted_chunk(data, a)
        else:
            self._simple_chunk(data, a)
        s.prev = data[-1]
        stripped = data.rstrip(b" ")
        if stripped:
            s.prev_field_char = stripped[-1]
        s.offset += len(data)

    def _has_blank_line(self, a: np.ndarray) -> bool:
        """Whether a line of this chunk (outside quotes) may be empty: LF LF, or in a file of
        CRLF lines an LF followed by a CR (a file of LF lines with a CR never comes here)."""
        s = self._s
        if s.prev == LF and a[0] in (LF, CR):
            return True
        return _holds(a, b"\n\r" if s.crlf else b"\n\n")

    def _simple_chunk(self, data: bytes, a: np.ndarray) -> None:
        """No quote, no blank line, outside quoted values, the header read: every LF ends a
        unit. The common case, so it only counts."""
        s = self._s
        line_ends = a == LF
        count = int(np.count_nonzero(line_ends))
        if s.crlf and s.line_end_problem is None:
            crlf = _count(a, b"\r\n")
            if crlf != int(np.count_nonzero(a == CR)) or crlf != count:
                self._quoted_chunk(data, a)  # find the line; the counts are done there
                return
        if count:
            # the first LF ends a unit that may have begun in a quoted value of earlier chunks
            inner = s.newlines - s.last_end_ordinal - 1
            if inner > 0:
                s.shift_units.append(np.array([s.units_ended]))
                s.shift_sizes.append(np.array([inner]))
            s.units_ended += count
            s.last_end_ordinal = s.newlines + count - 1
            s.last_end_pos = s.last_lf_pos = s.offset + data.rfind(b"\n")
        s.newlines += count

    def _quoted_chunk(self, data: bytes, a: np.ndarray) -> None:
        """The general case: follow the quotes to tell line ends from newlines inside values."""
        s = self._s
        newlines = np.flatnonzero(a == LF)
        run_starts, state_after = self._quote_runs(a)
        ends_mask = self._outside(newlines, run_starts, state_after)
        ends = newlines[ends_mask]
        if ends.size:
            ordinals = np.flatnonzero(ends_mask) + s.newlines
            units = s.units_ended + np.arange(ends.size)
            before_end = np.where(ends > 0, a[np.maximum(ends - 1, 0)], max(s.prev, 0))
            if not s.header_ended:
                s.header_ended = True
                del s.header[s.offset + int(ends[0]) + 1 :]
            if s.crlf is None:
                s.crlf = bool(before_end[0] == CR)
            self._check_line_ends(before_end == CR, ordinals)
            inner = ordinals - np.concatenate(([s.last_end_ordinal], ordinals[:-1])) - 1
            if (inner > 0).any():
                s.shift_units.append(units[inner > 0])
                s.shift_sizes.append(inner[inner > 0])
            length = ends - np.concatenate(([s.last_end_pos - s.offset], ends[:-1])) - 1
            blank = (length == 0) | ((length == 1) & (before_end == CR))
            if blank.any():
                s.blanks.append(units[blank])
            s.units_ended += int(ends.size)
            s.last_end_ordinal = int(ordinals[-1])
            s.last_end_pos = s.offset + int(ends[-1])
        if s.line_end_problem is None and data.find(b"\r") >= 0:
            self._find_lone_cr(a, run_starts, state_after)
        if run_starts.size:
            self._track_opener(run_starts, state_after, newlines)
        if newlines.size:
            s.last_lf_pos = s.offset + int(newlines[-1])
        s.newlines += int(newlines.size)

    def _outside(self, positions: _Int, run_starts: _Int, state_after: _Int) -> _Int:
        """True for the positions that lie outside quoted values."""
        s = self._s
        if not run_starts.size:
            return np.full(positions.size, not s.inside)
        before = np.searchsorted(run_starts, positions) - 1
        state = np.where(before >= 0, state_after[np.maximum(before, 0)], int(s.inside))
        return state == 0

    def _quote_runs(self, a: np.ndarray) -> tuple[_Int, _Int]:
        """Where each run of quotes of odd length starts, and whether a quoted value is open
        after it (runs of even length change nothing, so they are left out)."""
        s = self._s
        quotes = np.flatnonzero(a == QUOTE)
        if not quotes.size:
            return quotes, quotes
        run_breaks = np.empty(quotes.size, dtype=bool)
        run_breaks[0] = True
        np.not_equal(np.diff(quotes), 1, out=run_breaks[1:])
        if run_breaks.all():  # no quote next to another: every run is one quote long
            starts = quotes
        else:
            first = np.flatnonzero(run_breaks)
            odd = (np.diff(first, append=quotes.size) & 1).astype(bool)
            starts = quotes[first[odd]]
        reset = ~self._at_field_start(a, starts)
        # between two resets every run toggles, so the state after run i is the parity of the
        # runs since the last reset r (r = -1: since the chunk's start, from its state)
        index = np.arange(starts.size, dtype=np.int32)
        last_reset = np.maximum.accumulate(np.where(reset, index, np.int32(-1)))
        state = index - last_reset + np.where(last_reset < 0, int(s.inside), 0)
        return starts, state & 1

    def _at_field_start(self, a: np.ndarray, starts: _Int) -> _Int:
        """True for runs that begin a field: after a comma, a line end or the file's start,
        spaces allowed in between (DuckDB reads `1, "x"` as a quoted value)."""
        s = self._s
        if not starts.size:
            return np.zeros(0, dtype=bool)
        position = starts - 1
        if starts[0] == 0:  # the byte before lies in the chunk before
            position[0] = 0
        preceding = a[position]
        result = _FIELD_START[preceding]
        if starts[0] == 0:
            result[0] = s.prev_field_char in (-1, COMMA, LF, CR)
        # spaces before a quote are rare and short: one vectorised step per space
        spaced = np.flatnonzero((preceding == SPACE) & (starts > 0))
        while spaced.size:
            position[spaced] -= 1
            before_chunk = position[spaced] < 0
            byte = a[np.maximum(position[spaced], 0)]
            result[spaced] = np.where(
                before_chunk, s.prev_field_char in (-1, COMMA, LF, CR), _FIELD_START[byte]
            )
            spaced = spaced[~before_chunk & (byte == SPACE)]
        if s.bom and s.offset <= len(BOM):
            result |= starts + s.offset == len(BOM)
        return result

    def _check_line_ends(self, crlf: _Int, ordinals: _Int) -> None:
        """Note the first line whose ending differs from the header's."""
        s = self._s
        if s.line_end_problem is not None:
            return
        other = np.flatnonzero(crlf != s.crlf)
        if other.size:
            line = int(ordinals[other[0]]) + 1
            mine, header = ("CRLF", "LF") if not s.crlf else ("LF", "CRLF")
            s.line_end_problem = (line, f"ends with {mine} while the header ends with {header}")

    def _find_lone_cr(self, a: np.ndarray, run_starts: _Int, state_after: _Int) -> None:
        """Note the first CR outside quoted values that no LF follows."""
        s = self._s
        crs = np.flatnonzero(a == CR)
        following = a[np.minimum(crs + 1, a.size - 1)]
        lone = crs[(crs + 1 >= a.size) | (following != LF)]
        lone = lone[self._outside(lone, run_starts, state_after)]
        if lone.size:
            line = s.newlines + int(np.count_nonzero(a[: lone[0]] == LF)) + 1
            s.line_end_problem = (line, "has a carriage return (CR) that no line feed follows")

    def _track_opener(self, run_starts: _Int, state_after: _Int, newlines: _Int) -> None:
        """Remember the line of the quote that opened the value still open after this chunk."""
        s = self._s
        if state_after[-1]:
            before = np.concatenate(([int(s.inside)], state_after[:-1]))
            opened = np.flatnonzero((before == 0) & (state_after == 1))
            if opened.size:
                start = run_starts[opened[-1]]
                s.opener_line = s.newlines + int(np.searchsorted(newlines, start)) + 1
        s.inside = bool(state_after[-1])


def _aligned(a: np.ndarray, pattern: bytes) -> Iterator[np.ndarray]:
    """For each alignment, where `a` holds `pattern` (2 bytes) at it: the bytes compared
    as wide integers, several times faster than combining byte masks (and than bytes.find, as
    the pattern's first byte is as frequent as line ends)."""
    width = len(pattern)
    wide = np.dtype(f"<u{width}")
    value = int.from_bytes(pattern, "little")
    for start in range(width):
        usable = (a.size - start) // width * width
        if usable:
            yield a[start : start + usable].view(wide) == value


def _holds(a: np.ndarray, pattern: bytes) -> bool:
    return any(found.any() for found in _aligned(a, pattern))


def _count(a: np.ndarray, pattern: bytes) -> int:
    return sum(int(np.count_nonzero(found)) for found in _aligned(a, pattern))


def _concat(parts: list[_Int]) -> _Int:
    return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)
