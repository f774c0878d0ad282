from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def num(value) -> str:
    """A decimal without trailing zeros: 1.50 → 1.5, 20.00 → 20."""
    if value is None:
        return ""
    return f"{Decimal(value).normalize():f}"
