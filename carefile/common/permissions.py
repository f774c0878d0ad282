"""The one permission check of a view: `require(request, "app.perm")` raises PermissionDenied (403) unless the
signed-in user has the permission (on `obj`, for object permissions from django-rules)."""

from django.core.exceptions import PermissionDenied


def require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied
