from django import template

register = template.Library()


@register.filter
def govuk_widget(bound_field, extra_class: str = ""):
    """Render a text input, textarea or select with GOV.UK classes and its hint and error wired up."""
    widget_type = bound_field.widget_type
    base = {
        "textarea": "govuk-textarea",
        "select": "govuk-select",
        "selectmultiple": "govuk-select",
    }.get(widget_type, "govuk-input")
    classes = [base]
    if bound_field.errors:
        classes.append(f"{base}--error")
    existing = bound_field.field.widget.attrs.get("class", "")
    if existing:
        classes.append(existing)
    if extra_class:
        classes.append(extra_class)
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}-error")
    attrs = {"class": " ".join(classes)}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def option_checked(value, current) -> bool:
    if isinstance(current, list | tuple | set):
        return str(value) in {str(c) for c in current}
    return str(value) == str(current) if current is not None else False


@register.inclusion_tag("govuk/tag.html")
def rag_tag(status: str, text: str = ""):
    colours = {
        "red": "govuk-tag--red",
        "amber": "govuk-tag--orange",
        "green": "govuk-tag--green",
        "grey": "govuk-tag--grey",
    }
    return {"classes": colours.get(status, "govuk-tag--grey"), "text": text or status.title()}
