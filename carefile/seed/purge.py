"""Removing a council: every person, member of staff, team and sign-in, with everything that hangs off them.

Every table that holds records which cannot exist without a person, member of staff, team or sign-in (found
from the model graph, so records other apps add later are removed too) is emptied, rows pointing at others
first. A nullable pointer from a table that is not being emptied is cleared instead; one from a table that is
being emptied anyway is left alone, so clearing it cannot break that table's own rules (a plan's episode, a
decision's sign-off). The access log and its chain head go as well, since the people they name are gone.
Deletes are set-wise, without loading rows or writing history, in one transaction: foreign keys are checked
when it commits, so rows that point at each other can go in either order.
"""

from __future__ import annotations

from django.db import connections, models, router, transaction

from carefile.common.models import AccessLog, AuditChainHead
from carefile.people.models import Person
from carefile.workforce.models import Staff, Team, User


def _is_history(model: type[models.Model]) -> bool:
    return hasattr(model, "instance_type") and model.__name__.startswith("Historical")


def _reverse_relations(model: type[models.Model]):
    return [
        f
        for f in model._meta.get_fields(include_hidden=True)
        if f.auto_created and not f.concrete and (f.one_to_many or f.one_to_one)
    ]


def _history_model(model: type[models.Model]) -> type[models.Model] | None:
    manager = getattr(model, "history", None)
    return getattr(manager, "model", None) if manager is not None else None


class _Purge:
    def __init__(self, roots: tuple[type[models.Model], ...]):
        connection = connections[router.db_for_write(Person)]
        # A model whose table is not there yet (its migration is still to come) has no rows to remove.
        self.tables = set(connection.introspection.table_names())
        self.done: set = set()
        self.doomed = self._dependants(roots)

    def has_table(self, model: type[models.Model]) -> bool:
        return model._meta.db_table in self.tables

    def _dependants(self, roots) -> set:
        """The roots and every model with a required pointer to one of them, transitively."""
        found: set = set()
        stack = list(roots)
        while stack:
            model = stack.pop()
            if model in found:
                continue
            found.add(model)
            for relation in _reverse_relations(model):
                related = relation.related_model
                if not relation.field.null and not _is_history(related) and self.has_table(related):
                    stack.append(related)
        return found

    def empty(self, model: type[models.Model]) -> int:
        """Delete every row of `model`, after the rows that must go before them."""
        if model in self.done or not self.has_table(model):
            return 0
        self.done.add(model)
        removed = 0
        for relation in _reverse_relations(model):
            related, field = relation.related_model, relation.field
            if related is model or _is_history(related) or not self.has_table(related):
                continue
            if related in self.doomed:
                removed += self.empty(related)
            else:
                related._base_manager.filter(**{f"{field.name}__isnull": False}).update(**{field.name: None})
        history = _history_model(model)
        if history is not None and self.has_table(history):
            history._base_manager.all()._raw_delete(router.db_for_write(history))
        queryset = model._base_manager.all()
        removed += queryset.count()
        queryset._raw_delete(router.db_for_write(model))
        return removed


def purge_council() -> int:
    """Remove the whole council; returns how many rows of people, staff, teams and related records went."""
    with transaction.atomic():
        AccessLog._base_manager.all()._raw_delete(router.db_for_write(AccessLog))
        AuditChainHead._base_manager.all().delete()
        roots = (Person, Staff, Team, User)
        purge = _Purge(roots)
        return sum(purge.empty(model) for model in roots)


def council_exists() -> bool:
    return Team.objects.exists() or Staff.objects.exists() or Person.objects.exists()
