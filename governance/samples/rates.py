"""The rates behind the sample company's events, in one place.

Per-subject rates are the same at every scale. Two logging densities differ
by scale (`Profile`): how often the consent ledger records a repeated cookie
banner answer (every new device or browser, and the yearly re-ask) and how many
record reads the access log keeps per subject. The large profile logs both
densely, so that 1 M subjects give the benchmark of DESIGN.md (about 10 M
consent events and 10 M access-log rows); the small profile keeps the
committed sample under 10 MB.

The KZ legal deadlines the data is answered within (and planted past) are not
rates: `kz_deadlines` reads them from the `kz` framework pack, their one source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from zoneinfo import ZoneInfo

from governance.frameworks.pack import FrameworkPack, load_pack
from governance.samples.facts import SampleError

#: subject types of the generic (not scenario) population, with their shares
TYPE_SHARES = {"customer": 0.74, "prospect": 0.21, "job_applicant": 0.05}
#: share of subjects in Kazakhstan, per type
KZ_SHARE = {"customer": 0.88, "prospect": 0.85, "job_applicant": 0.92, "employee": 0.95}
#: growth: new subjects per month rise linearly to (1 + GROWTH) times the first month's
GROWTH = 1.6

#: (subject type, purpose) -> share who consent
CONSENT_RATE = {
    ("customer", "email_marketing"): 0.35,
    ("customer", "personalisation"): 0.55,
    ("customer", "cookies"): 0.60,
    ("prospect", "email_marketing"): 0.60,
    ("prospect", "cookies"): 0.50,
    ("job_applicant", "recruitment"): 0.95,
}
#: share of consents given at sign-up (the rest later, after an exponential wait)
CONSENT_AT_SIGNUP = 0.7
CONSENT_LATER_MEAN_DAYS = 60
#: monthly probability that a valid consent is withdrawn
WITHDRAWAL_PER_MONTH = {
    "email_marketing": 0.03,
    "personalisation": 0.02,
    "cookies": 0.04,
    "recruitment": 0.05,
}
#: chance of a new grant after a withdrawal, and the mean wait before it
REGRANT_SHARE = 0.25
REGRANT_MEAN_DAYS = 60
#: at most this many grant-withdraw episodes per (subject, purpose)
MAX_EPISODES = 4

#: processing events per month per subject while the purpose applies (times a per-subject
#: activity factor, gamma with mean 1); (purpose, [(system, share)])
PROCESSING = {
    "customer": {
        "service_contract": (0.22, [("platform_db", 0.7), ("crm", 0.3)]),
        "payments": (0.08, [("platform_db", 0.4), ("billing", 0.6)]),
        "accounting": (0.05, [("billing", 1.0)]),
        "fraud_prevention": (0.04, [("antifraud", 1.0)]),
        "customer_support": (0.03, [("helpdesk", 0.7), ("crm", 0.3)]),
        "analytics": (0.09, [("data_warehouse", 1.0)]),
    },
    "prospect": {
        "customer_support": (0.02, [("helpdesk", 0.7), ("crm", 0.3)]),
        "analytics": (0.06, [("data_warehouse", 1.0)]),
    },
}
#: processing under a valid consent, per month
CONSENT_PROCESSING = {
    "email_marketing": (0.25, [("email_platform", 0.7), ("crm", 0.3)]),
    "personalisation": (0.18, [("data_warehouse", 1.0)]),
    "cookies": (0.18, [("web_analytics", 1.0)]),
    "recruitment": (2.0, [("ats", 1.0)]),
}
#: purposes first disclosed by policy 2.0: never processed before a subject accepted it
POST_2_0_PURPOSES = ("analytics", "personalisation")
POST_2_0_CATEGORIES = ("language", "browsing_history", "imprecise_location")

#: share of processing events that lead to a disclosure: (purpose, recipient, legal basis, share)
DISCLOSURE_OF_PROCESSING = [
    ("payments", "tenge_pay", "contract", 0.25),
    ("service_contract", "dala_express", "contract", 0.10),
    ("accounting", "state_revenue_committee", "legal_obligation", 0.25),
    ("fraud_prevention", "financial_monitoring_agency", "legal_obligation", 0.06),
]
#: disclosures at the start of a consent episode (no legal basis: the valid consent is the basis)
DISCLOSURE_OF_CONSENT = [
    ("email_marketing", "sendwell", 1.0),
    ("cookies", "datadune", 0.35),
    ("cookies", "adsphere", 0.15),
]

#: data subject requests per subject per year, and the mix of types (erasure apart)
DSR_PER_SUBJECT_YEAR = 0.015
DSR_TYPES = {
    "access": 0.34,
    "rectification": 0.22,
    "objection": 0.1,
    "restriction": 0.1,
    "portability": 0.24,
}
#: share of withdrawals made through a written request (a withdraw_consent DSR)
WITHDRAWAL_BY_REQUEST = 0.06
#: erasure requests: share of subjects over the two years, per type
ERASURE_SHARE = {"customer": 0.005, "prospect": 0.008, "job_applicant": 0.01}
REJECTED_SHARE = 0.06

#: employees: headcount (scaled down for small custom scales), monthly leaving rate
EMPLOYEES = 150
LEAVING_PER_MONTH = 0.016
#: department -> (share of headcount, systems its staff are granted, access-log weight)
DEPARTMENTS = {
    "Customer Support": (0.27, ["helpdesk", "crm", "platform_db"], 5.0),
    "Engineering": (0.20, ["platform_db", "data_warehouse"], 1.0),
    "Sales and Marketing": (0.13, ["crm", "email_platform", "web_analytics"], 2.0),
    "Finance": (0.08, ["billing"], 1.5),
    "Compliance and AML": (0.06, ["antifraud", "billing"], 1.5),
    "Data and Analytics": (0.07, ["data_warehouse", "web_analytics"], 1.0),
    "HR": (0.04, ["hr_system", "ats"], 1.0),
    "IT Security": (0.04, ["platform_db", "antifraud", "crm"], 0.5),
    "Legal and Privacy": (0.04, ["crm", "helpdesk"], 0.5),
    "Management": (0.07, ["crm", "billing"], 0.2),
}
#: share of employees given a temporary extra grant (a project), revoked after 1-3 months
TEMPORARY_GRANT_SHARE = 0.08
ACCESS_ACTIONS = {"read": 0.8, "update": 0.12, "export": 0.03, "create": 0.03, "delete": 0.02}

#: cookie banner: visitors per subject, opt-in per category, GPC share, withdrawals
VISITORS_PER_SUBJECT = 0.5
COOKIE_OPT_IN = {"functional": 0.7, "analytics": 0.6, "marketing": 0.35}
GPC_SHARE = 0.08
COOKIE_WITHDRAWAL_SHARE = 0.1
#: cookie scanner observations per subject (at least OBSERVATIONS_MIN)
OBSERVATIONS_PER_SUBJECT = 0.3
OBSERVATIONS_MIN = 400
PAGES = [
    "https://metrix.kz/",
    "https://metrix.kz/ru/",
    "https://metrix.kz/kk/",
    "https://metrix.kz/en/",
    "https://metrix.kz/pricing",
    "https://metrix.kz/devices",
    "https://metrix.kz/devices/band-2",
    "https://metrix.kz/account",
    "https://metrix.kz/account/orders",
    "https://metrix.kz/blog/sleep-score",
    "https://metrix.kz/blog/new-app",
    "https://metrix.kz/support",
    "https://metrix.kz/privacy",
    "https://metrix.kz/checkout",
]


@dataclass(frozen=True)
class Profile:
    """What a scale means: subjects, file format and the two logging densities."""

    name: str
    subjects: int
    file_format: str
    #: repeated cookie-banner grants logged per month of a valid `cookies` consent
    cookie_reconfirm_per_month: float
    #: access-log rows per subject
    access_per_subject: float


SMALL = Profile("small", 5_000, "csv", 0.08, 3.0)
LARGE = Profile("large", 1_000_000, "parquet", 1.9, 10.0)


#: what each logging density gives per subject over the 24 months (the help of `generate`)
DENSITIES = {
    "small": "about 2 consent events and 3 access-log rows per subject",
    "large": "about 10 consent events and 10 access-log rows per subject (the benchmark's)",
}
#: a numeric scale from this many subjects up logs as densely as `large` and writes Parquet
DENSE_FROM = 200_000


def profile_for(scale: str | int, density: str | None = None) -> Profile:
    """`small`, `large` or a number of subjects; `density` (`small` or `large`) chooses the
    logging densities, by default those of the scale (a number of subjects: `large` from
    DENSE_FROM up, so `--scale 2000000` is twice `large`, not a sparse sample of 2 M)."""
    if density is not None and density not in DENSITIES:
        raise SampleError(f"density must be 'small' or 'large', not {density!r}")
    if scale in ("small", "large"):
        named = SMALL if scale == "small" else LARGE
        subjects, file_format = named.subjects, named.file_format
    else:
        if isinstance(scale, str) and scale.isdigit():
            scale = int(scale)
        if not isinstance(scale, int) or isinstance(scale, bool):
            raise SampleError(
                f"scale must be 'small', 'large' or a number of subjects, not {scale!r}"
            )
        subjects, file_format = scale, "csv" if scale < DENSE_FROM else "parquet"
        named = LARGE if scale >= DENSE_FROM else SMALL
    densities = {"small": SMALL, "large": LARGE}[density] if density else named
    return Profile(
        str(scale),
        subjects,
        file_format,
        densities.cookie_reconfirm_per_month,
        densities.access_per_subject,
    )


#: the answer time the generator gives a request type the law sets no deadline for (a KZ
#: general objection): the company's own practice, not a legal figure
UNFIXED_REQUEST_DAYS = 3


@dataclass(frozen=True)
class KzDeadlines:
    """The KZ deadlines of the `kz` framework pack, in working days, as of an event's time.

    The pack dates its figures (a rule applies to events of its own time), so the generator
    asks for the figure in force at the instant the clock starts; the planted scenarios miss
    exactly that figure, as the checks judge them.
    """

    pack: FrameworkPack
    #: request type -> working days the generator answers within: the strictest version of the
    #: pack's deadline (clean at every time), or UNFIXED_REQUEST_DAYS when the law fixes none
    requests: Mapping[str, int]

    def _day(self, seconds: int) -> dt.date:
        moment = dt.datetime.fromtimestamp(int(seconds), dt.UTC)
        return moment.astimezone(ZoneInfo(self.pack.timezone)).date()

    def request_at(self, kind: str, seconds: int) -> int | None:
        """Working days to answer a `kind` request received at `seconds`, or None (no deadline)."""
        deadline = self.pack.deadline(kind, self._day(seconds))
        return deadline.working_days if deadline else None

    def withdrawal_grace_at(self, seconds: int) -> int:
        """Working days to stop processing after a withdrawal at `seconds` (0: at once)."""
        value = self.pack.threshold("withdrawal_grace_working_days", self._day(seconds))
        return int(value or 0)

    def breach_notification_at(self, seconds: int) -> int | None:
        """Working days to notify a breach detected at `seconds`, or None before the rule."""
        value = self.pack.threshold("breach_notification_working_days", self._day(seconds))
        return None if value is None else _whole_days("breach_notification_working_days", value)

    @property
    def breach_notification(self) -> int:
        """The breach notice as the pack states it now (for the manifest's words)."""
        return _whole_days(
            "breach_notification_working_days",
            self.pack.threshold("breach_notification_working_days"),
        )


@cache
def kz_deadlines() -> KzDeadlines:
    """The deadlines the generator keeps (or, for planted rows, misses), read from the pack."""
    pack = load_pack("kz")
    requests = {}
    for kind, versions in pack.dsr_deadline_versions.items():
        fixed = [v.working_days for v in versions if v.working_days]
        requests[kind] = (
            min(_whole_days(f"dsr_deadlines.{kind}", d) for d in fixed)
            if fixed
            else UNFIXED_REQUEST_DAYS
        )
    return KzDeadlines(pack=pack, requests=MappingProxyType(requests))


def _whole_days(name: str, value: float | None) -> int:
    """A pack value used as a number of working days: the generator counts whole days."""
    if value is None or value != int(value) or value < 1:
        raise SampleError(f"kz pack: {name} must be a whole number of working days, not {value!r}")
    return int(value)
