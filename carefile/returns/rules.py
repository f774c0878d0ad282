"""Who may see and produce the statutory returns, as `rules` predicates.

The data-quality page (validation problems of this year's returns) is for performance analysts, heads of
service and administrators; analysts and administrators may start a refresh. Exporting a return that names
children (Ofsted Annex A) is a bulk access to records: only analysts and administrators may do it.
"""

import rules

from carefile.workforce.rules import is_administrator, is_analyst, is_head_of_service

rules.add_perm("returns.view_data_quality", is_analyst | is_head_of_service | is_administrator)
rules.add_perm("returns.refresh_data_quality", is_analyst | is_administrator)
rules.add_perm("returns.export_returns", is_analyst | is_administrator)
