"""Synthetic care for `seed_council`: for the children already in the database whose case status is
"looked_after", periods of care and SSDA903 episodes with realistic moves and legal statuses, looked-after
reviews with recommendations, missing episodes with return home interviews; and a few disabled children on
short breaks (V3/V4) who stay children in need.

Call `seed_care(rng=…, on=…, holidays=…)` after the people and allocations are written. It is deterministic for
a given `rng` and database and writes in bulk (a few queries per thousand children). Every chain of episodes
follows the rules the services enforce (`episodes.chain_problems` finds nothing): contiguous, X1 between
episodes with the reason for each placement change, RNE S/P/T/L/B/U as the change was, temporary placements
followed by a return to the placement the child left, URN and provider only where they belong.

Proportions: most children have 1–3 placements and a few many; legal status C2 for most, V2 for many, interim
care orders (C1) becoming full orders, placement orders (E1) for some young children, remands (J1) for a few
teenagers. About 88% of reviews are on time. About 10% of children in care go missing, some repeatedly (a few
3 times in 30 days), and most return home interviews are offered within 72 hours.
"""

from .council import seed_care, seed_past_care

__all__ = ["seed_care", "seed_past_care"]
