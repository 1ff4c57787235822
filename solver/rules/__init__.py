"""Rule kinds: importing this package registers every kind in ``REGISTRY``."""

from solver.rules import (  # noqa: F401  (imported for registration)
    blocked,
    both_years,
    capacity,
    consecutive_block,
    continuous_presence,
    employment_evidence,
    holiday_cap,
    lead_time,
    preference,
    same_for_cohort,
    shape,
    summer_rest,
    total_weeks,
    unavailable,
    window,
    within_training,
)
from solver.rules.base import REGISTRY, Citation, Cohort, Rule, Violation, parse_rule

__all__ = ["REGISTRY", "Citation", "Cohort", "Rule", "Violation", "parse_rule"]
