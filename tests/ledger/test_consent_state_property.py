"""consent_state(as_of) agrees with a plain replay of the events, ties and all (docs/checks.md).

The macro is the analysts' second text of the consent rule; the scope's rule views
(governance/rules/consent_history.sql) are the one the checks, metrics and reports read. The
same events must give the same state in both: `consent_changes` (every pair) and
`consent_states` (the pairs the period's processing needs), at the end of a scope narrowed to
end just after the instant asked about.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ledger_helpers import KEY, append_events, open_ledger

from governance.period import Period
from governance.scope import Scope
from governance.store.ledger import consent_state

BASE = datetime(2026, 1, 1, tzinfo=UTC)
SUBJECTS = ["s-0", "s-1", "s-2"]
PURPOSES = ["newsletter", "site_analytics"]
ZONES = [UTC, timezone(timedelta(hours=5)), timezone(timedelta(hours=-3))]

# Few distinct instants, so many events share one; each written in one of several zones.
events_strategy = st.lists(
    st.tuples(
        st.sampled_from(SUBJECTS),
        st.sampled_from(PURPOSES),
        st.sampled_from(["grant", "withdraw"]),
        st.integers(min_value=0, max_value=4),
        st.sampled_from(ZONES),
    ),
    max_size=30,
)
# Query instants: exactly at the event minutes, a microsecond either side, before and after all.
queries_strategy = st.lists(
    st.tuples(st.integers(min_value=-1, max_value=5), st.sampled_from([-1, 0, 1])),
    min_size=1,
    max_size=6,
)


def replay(events: list[tuple[str, str, str, datetime]], as_of: datetime) -> set[tuple]:
    """The consent state by hand: walk the ledger in seq order, keep the winner per pair.

    A later event replaces the kept one when it happened later, or at the same instant when it
    is a withdrawal (withdraw beats grant, and the higher seq beats an equal action) or the
    kept one is a grant (the higher seq wins).
    """
    state: dict[tuple[str, str], tuple[int, str, datetime]] = {}
    for seq, (subject, purpose, action, at) in enumerate(events, start=1):
        if at > as_of:
            continue
        kept = state.get((subject, purpose))
        if (
            kept is None
            or at > kept[2]
            or (at == kept[2] and (action == "withdraw" or kept[1] == "grant"))
        ):
            state[(subject, purpose)] = (seq, action, at)
    return {
        (subject, purpose, action, seq, at, action == "grant")
        for (subject, purpose), (seq, action, at) in state.items()
    }


def rule_view_state(scope: Scope, view: str, as_of: datetime) -> set[tuple]:
    """(subject_key, purpose_id, valid) of every pair in a consent rule view, as of `as_of`:
    the scope narrowed to end a microsecond after it, each pair's state holding at its end."""
    scope.narrow(as_of, as_of + timedelta(microseconds=1), "as-of")
    rows = scope.con.execute(
        f"SELECT subject_key, purpose_id, valid FROM {view} WHERE next_at IS NULL"
    ).fetchall()
    assert len(rows) == len(set(rows)), f"{view}: a pair holds two states at {as_of}"
    return set(rows)


def process_every_pair(con: duckdb.DuckDBPyConnection, at: datetime) -> None:
    """One processing event of every subject for each purpose, at `at` (all consent-based)."""
    con.execute("DELETE FROM processing_log")
    con.executemany(
        "INSERT INTO processing_log (event_id, subject_id, purpose_id, system_id, occurred_at,"
        " load_id, source_line) VALUES (?, ?, ?, 'mailer', ?, 0, 0)",
        [
            (f"p-{subject}-{purpose}", subject, purpose, at)
            for subject in SUBJECTS
            for purpose in PURPOSES
        ],
    )


@settings(
    max_examples=75,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(raw_events=events_strategy, queries=queries_strategy)
def test_consent_state_matches_a_plain_replay(
    minimal_db: Path, raw_events: list[tuple], queries: list[tuple[int, int]]
) -> None:
    con = open_ledger(minimal_db)
    scope = None
    try:
        for table in ("consent_events", "ledger_seals", "subject_keys"):
            con.execute(f"DELETE FROM {table}")
        events = [
            (subject, purpose, action, (BASE + timedelta(minutes=minute)).astimezone(zone))
            for subject, purpose, action, minute, zone in raw_events
        ]
        append_events(con, [(f"e-{i}", *event) for i, event in enumerate(events, start=1)])
        scope = Scope.open(con, Period.parse("2026-01"), "kz", run_id=None)
        subject_of = {
            hashlib.sha256(f"{KEY}:{subject}".encode()).hexdigest(): subject for subject in SUBJECTS
        }
        for minute, micro in queries:
            as_of = BASE + timedelta(minutes=minute, microseconds=micro)
            frame = consent_state(con, as_of)
            got = {
                (
                    subject_of[row.subject_key],
                    row.purpose_id,
                    row.action,
                    row.seq,
                    row.occurred_at.to_pydatetime(),
                    bool(row.valid),
                )
                for row in frame.itertuples()
            }
            assert got == replay(events, as_of), f"as of {as_of}"
            assert len(frame) == len(got)
            assert (frame["event_id"] == "e-" + frame["seq"].astype(str)).all()

            # the same rule in the scope's rule views
            by_macro = {(r.subject_key, r.purpose_id, bool(r.valid)) for r in frame.itertuples()}
            process_every_pair(con, as_of)
            assert rule_view_state(scope, "consent_changes", as_of) == by_macro, f"as of {as_of}"
            assert rule_view_state(scope, "consent_states", as_of) == by_macro, f"as of {as_of}"
    finally:
        if scope is not None:
            scope.close()
        con.close()
