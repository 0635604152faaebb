"""Consents, processing and disclosures of the generic subjects, drawn in whole arrays.

A consent for a purpose is a chain of episodes: a grant, a valid period, and
usually no withdrawal (or a withdrawal, sometimes followed by a new grant).
Processing under a consent-based purpose is drawn strictly inside an episode
(after the grant, before the withdrawal), so consent.missing and
consent.after_withdrawal have nothing to find. Other purposes are processed
from sign-up to the end of the data (or to an erasure request); what policy 2.0
introduced only once the subject has accepted it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from governance.samples import rates
from governance.samples.tables import NULL
from governance.samples.timeline import DAY, END, HOUR, MINUTE, MONTH, local_time_of_day
from governance.samples.world import GENERIC, World

GRANT_CHANNELS = {
    "email_marketing": (["web_form", "app", "email_double_opt_in"], [0.5, 0.3, 0.2]),
    "personalisation": (["app", "web_form"], [0.7, 0.3]),
    "cookies": (["cookie_banner"], [1.0]),
    "recruitment": (["ats_form"], [1.0]),
}
WITHDRAW_CHANNELS = {
    "email_marketing": (["unsubscribe_link", "app", "web_form"], [0.7, 0.2, 0.1]),
    "personalisation": (["app", "web_form"], [0.8, 0.2]),
    "cookies": (["cookie_banner"], [1.0]),
    "recruitment": (["email"], [1.0]),
}


@dataclass
class Episodes:
    """Valid-consent intervals [granted, ended) of (subject, purpose) pairs."""

    subject: np.ndarray
    purpose: np.ndarray  # purpose ids (object)
    granted: np.ndarray
    ended: np.ndarray  # withdrawal instant, or END/erasure request when not withdrawn
    withdrawn: np.ndarray  # a withdraw event at `ended`
    by_erasure: np.ndarray  # ... because of an erasure request
    first: np.ndarray  # the pair's first episode
    last: np.ndarray  # the pair's last episode


def _shift_out_of_blocked(
    world: World, subject: np.ndarray, t: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    blocked = world.blocked(subject, t)
    return np.where(blocked, world.blk_hi[subject] + rng.integers(60, HOUR, len(t)), t)


def consent_episodes(world: World) -> Episodes:
    """Draw the consent episodes of generic subjects for each (type, purpose) rate."""
    rng = world.rng("consents")
    generic = np.flatnonzero(world.group == GENERIC)
    parts: list[tuple[np.ndarray, ...]] = []
    for (stype, purpose), share in rates.CONSENT_RATE.items():
        candidates = generic[world.stype[generic] == stype]
        subject = candidates[rng.random(len(candidates)) < share]
        n = len(subject)
        base = world.created[subject]
        if purpose in world.facts.later_purposes:
            base = np.maximum(base, world.t2[subject])
        at_signup = rng.random(n) < rates.CONSENT_AT_SIGNUP
        later = base + HOUR + rng.exponential(rates.CONSENT_LATER_MEAN_DAYS * DAY, n)
        granted = np.where(at_signup, base + rng.integers(30, 15 * MINUTE, n), later)
        granted = _shift_out_of_blocked(world, subject, granted.astype(np.int64), rng)
        keep = granted < world.end[subject] - 2 * DAY
        subject, granted = subject[keep], granted[keep]
        hazard = rates.WITHDRAWAL_PER_MONTH[purpose]
        first = np.ones(len(subject), dtype=bool)
        for episode in range(rates.MAX_EPISODES):
            n = len(subject)
            if not n:
                break
            duration = np.maximum(rng.exponential(MONTH / hazard, n), 2 * DAY).astype(np.int64)
            ends = granted + duration
            stop = world.end[subject]
            open_ = ends >= stop
            erased = stop < END
            ended = np.where(open_, stop, ends)
            regrant = (~open_) & (rng.random(n) < rates.REGRANT_SHARE)
            regrant &= episode + 1 < rates.MAX_EPISODES
            again = ends + DAY + rng.exponential(rates.REGRANT_MEAN_DAYS * DAY, n).astype(np.int64)
            again = _shift_out_of_blocked(world, subject, again, rng)
            regrant &= again < stop - 2 * DAY
            parts.append(
                (
                    subject,
                    np.full(n, purpose, dtype=object),
                    granted,
                    ended,
                    (~open_) | erased,
                    open_ & erased,
                    first,
                    ~regrant,
                )
            )
            subject, granted = subject[regrant], again[regrant]
            first = np.zeros(len(subject), dtype=bool)
    columns = [np.concatenate(c) for c in zip(*parts, strict=True)]
    return Episodes(*columns)


def consent_events(world: World, episodes: Episodes) -> tuple[np.ndarray, np.ndarray]:
    """Grants, repeated grants and withdrawals of the episodes into consent_events.

    Returns (subject, instant) of the withdrawals made by a written request (they
    become withdraw_consent requests).
    """
    rng = world.rng("consent_events")
    facts = world.facts
    table = world.tables["consent_events"]
    versions = world.vocab.codes(facts.versions)
    e = episodes
    n = len(e.subject)
    channel = np.full(n, NULL, dtype=np.int32)
    withdraw_channel = np.full(n, NULL, dtype=np.int32)
    for purpose, (names, shares) in GRANT_CHANNELS.items():
        rows = e.purpose == purpose
        channel[rows] = world.pick(rng, names, int(rows.sum()), shares)
        names, shares = WITHDRAW_CHANNELS[purpose]
        withdraw_channel[rows] = world.pick(rng, names, int(rows.sum()), shares)
    # a share of withdrawals arrive as written requests (office hours, not erasures)
    tod = local_time_of_day(e.ended)
    by_request = (
        e.withdrawn
        & ~e.by_erasure
        & (tod >= 9 * HOUR)
        & (tod < 20 * HOUR)
        & (rng.random(n) < rates.WITHDRAWAL_BY_REQUEST)
    )
    withdraw_channel[by_request] = world.vocab.code("written_request")
    withdraw_channel[e.by_erasure] = world.vocab.code("erasure_request")
    purpose_code = world.codes(e.purpose)
    table.add(
        subject_id=e.subject,
        purpose_id=purpose_code,
        action=world.vocab.code("grant"),
        occurred_at=e.granted,
        policy_version=versions[facts.version_index_at(e.granted)],
        channel=channel,
        evidence_ref=True,
    )
    w = e.withdrawn
    table.add(
        subject_id=e.subject[w],
        purpose_id=purpose_code[w],
        action=world.vocab.code("withdraw"),
        occurred_at=e.ended[w],
        policy_version=versions[facts.version_index_at(e.ended[w])],
        channel=withdraw_channel[w],
        evidence_ref=True,
    )
    # repeated grants: the cookie banner answered again (new device, yearly re-ask)
    rate = np.where(e.purpose == "cookies", world.profile.cookie_reconfirm_per_month, 0.0)
    count = rng.poisson(rate * (e.ended - e.granted) / MONTH)
    row = np.repeat(np.arange(n), count)
    span = e.ended[row] - e.granted[row] - 2
    t = e.granted[row] + 1 + (rng.random(len(row)) * span).astype(np.int64)
    ok = ~world.blocked(e.subject[row], t)
    row, t = row[ok], t[ok]
    table.add(
        subject_id=e.subject[row],
        purpose_id=purpose_code[row],
        action=world.vocab.code("grant"),
        occurred_at=t,
        policy_version=versions[facts.version_index_at(t)],
        channel=channel[row],
        evidence_ref=True,
    )
    # consents valid when a material version is accepted are confirmed under it
    accepted = world.blk_hi[e.subject]
    confirm = (accepted > 0) & (e.granted < accepted) & (accepted + 30 < e.ended - 1)
    t = accepted[confirm] + 30
    table.add(
        subject_id=e.subject[confirm],
        purpose_id=purpose_code[confirm],
        action=world.vocab.code("grant"),
        occurred_at=t,
        policy_version=versions[facts.version_index_at(t)],
        channel=world.vocab.code("policy_update"),
        evidence_ref=True,
    )
    return e.subject[by_request], e.ended[by_request]


def _systems(
    world: World, rng: np.random.Generator, choices: list[tuple[str, float]], n: int
) -> np.ndarray:
    """System codes for `n` events, by the shares of `choices`."""
    return world.pick(rng, [c[0] for c in choices], n, [c[1] for c in choices])


def pick_categories(
    world: World,
    rng: np.random.Generator,
    purpose: str,
    systems: np.ndarray,
    subject: np.ndarray,
    t: np.ndarray,
) -> np.ndarray:
    """A data category per processing event, among those its purpose uses in that system.

    `systems` are vocab codes. Categories a later policy version introduced are not
    used before the subject accepted that version.
    """
    result = np.full(len(systems), NULL, dtype=np.int32)
    later = set(world.facts.later_categories)
    for system in np.unique(systems).tolist():
        rows = np.flatnonzero(systems == system)
        name = world.vocab.words[system]
        names = [c for s, c in world.facts.pairs.get(purpose, []) if s == name]
        if not names:
            continue
        early = [c for c in names if c not in later] or names[:1]
        pick = world.vocab.codes(names)[rng.integers(0, len(names), len(rows))]
        early_pick = world.vocab.codes(early)[rng.integers(0, len(early), len(rows))]
        too_early = t[rows] < world.t2[subject[rows]]
        chosen_later = np.isin(pick, world.vocab.codes(sorted(later & set(names))))
        result[rows] = np.where(too_early & chosen_later, early_pick, pick)
    return result


def _draw(
    rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray, per_month: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Poisson events in [lo, hi) per row: (row of each event, instant)."""
    span = np.maximum(hi - lo, 0)
    count = rng.poisson(per_month * span / MONTH)
    row = np.repeat(np.arange(len(lo)), count)
    t = lo[row] + (rng.random(len(row)) * span[row]).astype(np.int64)
    return row, t


def processing(
    world: World, episodes: Episodes, applicant_end: np.ndarray
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Processing events of generic subjects; returns (subject, instant) per purpose."""
    rng = world.rng("processing")
    generic = np.flatnonzero(world.group == GENERIC)
    events: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    table = world.tables["processing_log"]

    def emit(purpose: str, subject: np.ndarray, t: np.ndarray, systems_of: list) -> None:
        ok = ~world.blocked(subject, t) & (t < world.end[subject]) & (t < END)
        subject, t = subject[ok], t[ok]
        systems = _systems(world, rng, systems_of, len(t))
        table.add(
            subject_id=subject,
            purpose_id=world.vocab.code(purpose),
            system_id=systems,
            occurred_at=t,
            data_category=pick_categories(world, rng, purpose, systems, subject, t),
        )
        old = events.get(purpose)
        events[purpose] = (
            (subject, t)
            if old is None
            else (np.concatenate([old[0], subject]), np.concatenate([old[1], t]))
        )

    for stype, purposes in rates.PROCESSING.items():
        subjects = generic[world.stype[generic] == stype]
        for purpose, (per_month, systems_of) in purposes.items():
            lo = world.created[subjects] + MINUTE
            if purpose in world.facts.later_purposes:
                lo = np.maximum(lo, world.t2[subjects])
            row, t = _draw(rng, lo, world.end[subjects], per_month * world.activity[subjects])
            emit(purpose, subjects[row], t, systems_of)
    for purpose, (per_month, systems_of) in rates.CONSENT_PROCESSING.items():
        rows = np.flatnonzero(episodes.purpose == purpose)
        subject = episodes.subject[rows]
        lo = episodes.granted[rows] + MINUTE
        hi = episodes.ended[rows] - 1
        if purpose == "recruitment":
            hi = np.minimum(hi, applicant_end[subject])
        row, t = _draw(rng, lo, hi, per_month * world.activity[subject])
        emit(purpose, subject[row], t, systems_of)
    return events


def disclosures(
    world: World, episodes: Episodes, events: dict[str, tuple[np.ndarray, np.ndarray]]
) -> None:
    """Disclosures: a share of processing events (with a legal basis) and consent episodes.

    Disclosures under a consent carry no legal basis: the consent valid at that
    moment is their basis (disclosure.without_basis looks for one or the other).
    """
    rng = world.rng("disclosures")
    table = world.tables["disclosures"]
    for purpose, recipient, basis, share in rates.DISCLOSURE_OF_PROCESSING:
        subject, t = events.get(purpose, (np.zeros(0, np.int64), np.zeros(0, np.int64)))
        pick = rng.random(len(t)) < share
        subject, t = subject[pick], t[pick] + rng.integers(1, 600, pick.sum())
        ok = (t < world.end[subject]) & (t < END)
        table.add(
            subject_id=subject[ok],
            recipient_id=world.vocab.code(recipient),
            purpose_id=world.vocab.code(purpose),
            disclosed_at=t[ok],
            legal_basis=world.vocab.code(basis),
        )
    for purpose, recipient, share in rates.DISCLOSURE_OF_CONSENT:
        rows = np.flatnonzero(
            (episodes.purpose == purpose) & (rng.random(len(episodes.purpose)) < share)
        )
        t = episodes.granted[rows] + rng.integers(5 * MINUTE, HOUR, len(rows))
        ok = t < episodes.ended[rows] - 1
        rows, t = rows[ok], t[ok]
        table.add(
            subject_id=episodes.subject[rows],
            recipient_id=world.vocab.code(recipient),
            purpose_id=world.vocab.code(purpose),
            disclosed_at=t,
            legal_basis=NULL,
        )
