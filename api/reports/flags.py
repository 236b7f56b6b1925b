"""The flags the seeds define about a provider's history, each with the rule it comes from.

- Western Bay (Wales) Appendix 1: a higher-risk provider "has been in escalating concerns twice or
  more in the last 24 month period" (counted as the procedure itself counts it: Escalating
  Concerns cases started in the last 24 months).
- Lancashire Appendix 3: concerns about the provider "at least twice in the last 12 months".
- Lancashire Radar: "where a provider has been on Radar for 12 months" a peer review is due.
- Staffordshire level 5 guidance: a significant period at level 3 or 4 (``significant_period_weeks``,
  26 weeks unless the council sets another).
- Any procedure: placements suspended (the latest suspension decision recorded).
"""

from __future__ import annotations

import datetime as _dt

from ..cases.models import CaseStatus

__all__ = ["provider_flags"]


def _months_ago(now: _dt.datetime, months: int) -> _dt.datetime:
    return now - _dt.timedelta(days=round(months * 365.25 / 12))


def _started_since(cases, keys: tuple[str, ...], since: _dt.datetime) -> list:
    return [c for c in cases if c.process_key in keys and c.started_at >= since]


def _stage_started(events, element_ids: tuple[str, ...]) -> dict[int, _dt.datetime]:
    started: dict[int, _dt.datetime] = {}
    for event in events:
        if event.element_id in element_ids:
            started.setdefault(event.case_id, event.at)
    return started


def provider_flags(tenant, provider, cases, events, now: _dt.datetime) -> list[dict]:
    flags = []
    ec = _started_since(cases, ("escalating_concerns",), _months_ago(now, 24))
    if len(ec) >= 2:
        flags.append({"title": "Higher-risk provider: in Escalating Concerns twice or more in 24 months",
                      "why": f"{len(ec)} Escalating Concerns cases started since {_months_ago(now, 24).date().isoformat()}: "
                             + ", ".join(f"case {c.id}" for c in ec),
                      "source": "Western Bay Escalating Concerns, Appendix 1"})
    concerns = _started_since(cases, ("lancashire_provider_performance", "lancashire_radar_recommendation"), _months_ago(now, 12))
    if len(concerns) >= 2:
        flags.append({"title": "Concerns at least twice in the last 12 months",
                      "why": f"{len(concerns)} cases started in 12 months: " + ", ".join(f"case {c.id}" for c in concerns),
                      "source": "Lancashire: managing poor performance, Appendix 3"})
    for case in cases:
        if case.process_key == "lancashire_radar" and case.status == CaseStatus.RUNNING and case.started_at <= _months_ago(now, 12):
            flags.append({"title": "On Radar for 12 months: a peer review is due",
                          "why": f"Case {case.id} has been on Radar since {case.started_at.date().isoformat()}",
                          "source": "Lancashire Radar operating procedure"})
    weeks = int((tenant.thresholds or {}).get("significant_period_weeks", 26))
    running = {c.id for c in cases if c.status == CaseStatus.RUNNING}
    for case_id, since in _stage_started(events, ("qip_set_up", "lse_set_up")).items():
        if case_id in running and now - since >= _dt.timedelta(weeks=weeks):
            flags.append({"title": f"At level 3 or 4 for {weeks} weeks or more",
                          "why": f"Case {case_id} has been at this level since {since.date().isoformat()}",
                          "source": "Staffordshire framework, level 5"})
    suspended = [e for e in events if (e.after or {}).get("suspension_status") is not None]
    if suspended and suspended[-1].after["suspension_status"] == "suspended" and suspended[-1].case_id in running:
        flags.append({"title": "Placements suspended", "why": f"Case {suspended[-1].case_id}: {suspended[-1].detail}",
                      "source": "Suspension of placements"})
    return flags
