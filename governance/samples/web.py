"""The website: cookie-banner choices of visitors and the cookie scanner's observations.

Visitors answer the banner per category (functional, analytics, marketing);
browsers sending Global Privacy Control get a marketing opt-out recorded with
`gpc` true. The scanner only sees the cookies the register declares, and
non-essential ones only after consent: `set_before_consent` is true for
strictly necessary cookies alone.
"""

from __future__ import annotations

import numpy as np

from governance.samples import rates
from governance.samples.population import growth_times
from governance.samples.timeline import DAY, END, START
from governance.samples.world import World


def cookie_consents(world: World) -> int:
    """Banner choices; returns the number of visitors (ids V-000001.. in order of first visit)."""
    rng = world.rng("cookie_consents")
    visitors = max(100, round(rates.VISITORS_PER_SUBJECT * world.n))
    first_visit = np.sort(growth_times(rng, visitors, START + DAY, END - DAY))
    gpc = rng.random(visitors) < rates.GPC_SHARE
    table = world.tables["cookie_consents"]
    grant, withdraw = world.vocab.code("grant"), world.vocab.code("withdraw")
    for category, share in rates.COOKIE_OPT_IN.items():
        chosen = rng.random(visitors) < share
        if category == "marketing":
            chosen &= ~gpc
        who = np.flatnonzero(chosen)
        t = first_visit[who] + rng.integers(1, 30, len(who))
        table.add(
            visitor_id=who,
            cookie_category=world.vocab.code(category),
            action=grant,
            occurred_at=t,
            gpc=False,
        )
        later = rng.random(len(who)) < rates.COOKIE_WITHDRAWAL_SHARE
        w = t[later] + (rng.exponential(120, later.sum()) * DAY).astype(np.int64) + DAY
        ok = w < END
        table.add(
            visitor_id=who[later][ok],
            cookie_category=world.vocab.code(category),
            action=withdraw,
            occurred_at=w[ok],
            gpc=False,
        )
    who = np.flatnonzero(gpc)
    table.add(
        visitor_id=who,
        cookie_category=world.vocab.code("marketing"),
        action=withdraw,
        occurred_at=first_visit[who] + rng.integers(1, 30, len(who)),
        gpc=True,
    )
    return visitors


def cookie_observations(world: World) -> None:
    """Scanner observations of declared cookies, unique per (instant, cookie, domain, page)."""
    rng = world.rng("cookie_observations")
    count = max(rates.OBSERVATIONS_MIN, round(rates.OBSERVATIONS_PER_SUBJECT * world.n))
    cookies = world.facts.cookies
    weight = {"strictly_necessary": 0.45, "functional": 0.2, "analytics": 0.2, "marketing": 0.15}
    per_category = {c: sum(1 for _, _, k in cookies if k == c) for c in weight}
    p = np.array([weight[k] / per_category[k] for _, _, k in cookies])
    which = rng.choice(len(cookies), count, p=p / p.sum())
    t = growth_times(rng, count, START + DAY, END - DAY)
    page = rng.integers(0, len(rates.PAGES), count)
    necessary = np.array([k == "strictly_necessary" for _, _, k in cookies])[which]
    before = necessary & (rng.random(count) < 0.85)
    # the loader's key is (observed_at, cookie_name, domain, page_url): keep one of each
    order = np.lexsort((page, which, t))
    t, which, page, before = t[order], which[order], page[order], before[order]
    first = np.ones(count, dtype=bool)
    first[1:] = (t[1:] != t[:-1]) | (which[1:] != which[:-1]) | (page[1:] != page[:-1])
    t, which, page, before = t[first], which[first], page[first], before[first]
    names = world.vocab.codes([c[0] for c in cookies])
    domains = world.vocab.codes([c[1] for c in cookies])
    pages = world.vocab.codes(rates.PAGES)
    world.tables["cookie_observations"].add(
        observed_at=t,
        cookie_name=names[which],
        domain=domains[which],
        page_url=pages[page],
        set_before_consent=before,
    )
