from django import template
from django.utils.html import format_html

from carefile.governance.subject_access import Redacted

register = template.Library()


@register.filter
def sar_value(value):
    """A value of a subject access export; a redaction is marked so a reviewer sees it at a glance."""
    if isinstance(value, Redacted):
        return format_html('<span class="carefile-redacted govuk-tag govuk-tag--grey">{}</span>', str(value))
    return value
