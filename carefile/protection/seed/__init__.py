"""Synthetic child protection records for `seed_council`, written straight to the database in batches.

`seed_protection` runs after the plans seed. It gives:
- every child whose status is "child protection" (and has an open episode) the story that put them there:
  strategy discussion → section 47 enquiry → initial conference (most within 15 working days, some late)
  → child protection plan with categories, what the plan says, core groups and review conferences; a few
  arrive on another council's plan (transfer-in conference, no enquiry), some had an earlier plan in the
  same long episode (a second plan), a few have been on their plan for over two years;
- some closed episodes an ended plan (mostly "no longer at risk"), and some an enquiry that found no
  conference was needed (ICPCnotRequired);
- some children in need an enquiry that concluded without a conference, and some children being assessed an
  enquiry under way now (a few with their initial conference booked), so that the clocks have work to show.

Dates respect the same rules as the services (and the CIN census): the enquiry starts on its discussion's
day, its target is 15 working days on, plans start on their conference's day, reviews fall after the start,
nothing is after `on`, and nothing in a closed episode is after its closure.
"""

from .run import seed_protection

__all__ = ["seed_protection"]
