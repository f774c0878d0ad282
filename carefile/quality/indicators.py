"""The indicator keys an improvement-plan action can be linked to (shared/specs/indicators.md), and their
current values when the performance app can compute them.

Only the key is stored on an action. `current_values(keys)` asks `carefile.performance` for the values if it
offers a function for it (looked up at call time, so this app does not depend on that one); otherwise the
page shows the key alone.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

INDICATORS: dict[str, str] = {
    "referrals": "Referrals received in the year",
    "re_referrals_12m_pct": "Re-referrals within 12 months (%)",
    "referrals_nfa_pct": "Referrals resulting in no further action (%)",
    "assessments_authorised": "Assessments completed in the year",
    "assessments_within_45wd_pct": "Assessments completed within 45 working days (%)",
    "s47_started": "Section 47 enquiries started",
    "icpc_held": "Initial child protection conferences held",
    "icpc_within_15wd_pct": "Initial conferences within 15 working days of the enquiry (%)",
    "cpp_started": "Child protection plans started",
    "cpp_open_at_end": "Child protection plans open at 31 March",
    "cpp_second_or_subsequent_pct": "Second or subsequent child protection plans (%)",
    "cpp_ended": "Child protection plans ended",
    "cpp_ended_2y_plus_pct": "Plans ended after two years or more (%)",
    "cla_at_end": "Children looked after at 31 March",
    "cla_started": "Children who started to be looked after",
    "cla_ceased": "Children who ceased to be looked after",
    "cla_3plus_placements_pct": "Looked-after children with three or more placements (%)",
    "cla_missing_children": "Looked-after children who went missing",
    "care_leavers_in_touch_pct": "Care leavers aged 19 to 21 in touch (%)",
    "care_leavers_17_18_in_touch_pct": "Care leavers aged 17 to 18 in touch (%)",
    "care_leavers_suitable_accommodation_pct": "Care leavers aged 19 to 21 in suitable accommodation (%)",
    "care_leavers_17_18_suitable_accommodation_pct": "Care leavers aged 17 to 18 in suitable accommodation (%)",
    "care_leavers_eet_pct": "Care leavers aged 19 to 21 in education, employment or training (%)",
    "care_leavers_17_18_eet_pct": "Care leavers aged 17 to 18 in education, employment or training (%)",
}

INDICATOR_CHOICES = [(key, f"{label} ({key})") for key, label in INDICATORS.items()]

# Functions the performance app may offer, tried in this order: (keys) -> {key: value}, or (key) -> value.
_MANY = ("current_values", "indicator_values", "current_indicator_values")
_ONE = ("current_value", "indicator_value", "current_indicator_value")


def _performance_function(names):
    for module_name in (
        "carefile.performance.selectors",
        "carefile.performance.indicators",
        "carefile.performance.services",
        "carefile.performance",
    ):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for name in names:
            fn = getattr(module, name, None)
            if callable(fn):
                return fn
    return None


def current_values(keys: Iterable[str]) -> dict[str, object]:
    """The current value of each indicator the performance app can compute; {} when it cannot (yet).
    A failure there never breaks the improvement plan page: the keys are shown instead."""
    keys = sorted(set(keys))
    if not keys:
        return {}
    try:
        many = _performance_function(_MANY)
        if many is not None:
            values = many(keys)
            return {k: v for k, v in dict(values).items() if k in keys}
        one = _performance_function(_ONE)
        if one is not None:
            return {key: one(key) for key in keys}
    except Exception:  # noqa: BLE001 - another app's computation must not take this page down
        return {}
    return {}
