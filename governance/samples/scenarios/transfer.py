"""Transfer scenarios: personal data sent abroad without a safeguard.

Check `transfer.no_safeguard`. The recipients are register facts
(register.yaml, '# planted'): a transfer entry with no safeguard is a finding
from the start of the data, and so is a recipient abroad that a processing activity
names with no transfer entry (the register says data go there, and the privacy policy
lists it); one that nothing names is a finding when the disclosures planted here
reach it.
"""

from __future__ import annotations

from governance.samples.scenarios._base import Planter
from governance.samples.scenarios.personas import instant
from governance.samples.timeline import DAY, START


def no_safeguard(p: Planter) -> None:
    """Transfer entries without a safeguard, and disclosures to a recipient abroad with none."""
    register = p.facts.register
    home = register.organisation.country
    safeguarded = {t.recipient for t in register.transfers if (t.safeguard or "").strip()}
    transfer_ids = {t.recipient: t.id for t in register.transfers}
    abroad = sorted(
        r.id for r in register.recipients if r.country != home and r.id not in safeguarded
    )
    country = {r.id: r.country for r in register.recipients}

    def finding(recipient: str, disclosures: int, start: int, until: int | None = None) -> None:
        p.tag(
            "transfer.no_safeguard",
            None,
            {
                "recipient_id": recipient,
                "destination_country": country[recipient],
                "transfer_id": transfer_ids.get(recipient),
                "disclosures": str(disclosures),
            },
            start,
            until,
        )

    for recipient in abroad:
        if recipient in transfer_ids:
            finding(recipient, 0, START)
    named = {r for a in register.processing_activities for r in a.recipients}
    plain = [r for r in abroad if r not in transfer_ids]
    for recipient in plain[1:]:
        if recipient in named:
            finding(recipient, 0, START)
    if not plain:
        return
    recipient = plain[0]
    times = ["2026-04-07T10:00", "2026-04-14T10:00", "2026-04-21T10:00", "2026-04-28T10:00"]
    for i, at in enumerate(times, start=1):
        s = p.s(f"tr{i}")
        g = instant("2026-03-02T10:00") + i * DAY
        p.consent(s, "cookies", "grant", g, "cookie_banner")
        p.process(s, "cookies", "web_analytics", g + 2 * DAY, "cookie_id")
        p.disclose(s, recipient, "cookies", instant(at), "consent")
    # named by an activity: a finding in every period (its disclosures in April 2026 only add
    # to the count of that month); otherwise only while the disclosures reach it
    if recipient in named:
        finding(recipient, len(times), START)
    else:
        finding(recipient, len(times), instant(times[0]), instant(times[-1]))
