from django import template

register = template.Library()


@register.filter
def child_age(person, on):
    return person.age_on(on)
