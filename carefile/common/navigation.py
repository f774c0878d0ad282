"""The header navigation: what each role sees."""

from django.urls import reverse

# Items highlighted only on their own page, not on the pages below it.
EXACT_MATCH = {"people:search"}


def navigation_for(request) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    if user.has_perm("workforce.view_caseload"):
        items.append(("My caseload", "caseload"))
    if user.has_perm("frontdoor.record_contact") or user.has_perm("frontdoor.sign_off"):
        items.append(("Front door", "frontdoor:index"))
    if user.has_perm("workforce.allocate"):
        items.append(("Allocation queue", "frontdoor:queue"))
    if user.has_perm("people.search_person"):
        items.append(("Find a person", "people:search"))
    if user.has_perm("workforce.view_teams"):
        items.append(("Teams", "teams"))
    if user.has_perm("protection.view_team_timescales"):
        items.append(("Timescales", "protection:team_timescales"))
    if user.has_perm("oversight.view_gaps"):
        items.append(("Oversight", "oversight:gaps"))
    if user.has_perm("care.view_return_interviews"):
        items.append(("Return interviews", "care:return_interviews"))
    if user.has_perm("legal.view_tracker"):
        items.append(("Legal tracker", "legal:tracker"))
    if user.has_perm("returns.view_data_quality"):
        items.append(("Data quality", "returns:data_quality"))
    if user.has_perm("governance.view_alerts"):
        items.append(("Information governance", "governance:index"))
    if user.has_perm("performance.view_performance"):
        items.append(("Performance", "performance:index"))
    if user.has_perm("quality.view_audits"):
        items.append(("Quality", "quality:index"))
    if user.has_perm("workforce.manage_staff") or user.is_superuser:
        items.append(("Administration", "admin:index"))
    current = request.path
    result = []
    for label, name in items:
        href = reverse(name)
        # A child's record lives under /people/ too, but it is not "Find a person": that item is the
        # search page only (with or without a query), not every page below it.
        active = current == href if name in EXACT_MATCH else current.startswith(href) and href != "/"
        result.append({"text": label, "href": href, "active": active})
    return result
