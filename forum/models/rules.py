"""Read rules written once, as data, so a where-clause and a check on a loaded row agree.

A rule is a list of alternatives; an alternative is a tuple of tests
(attribute, operator, value) that must all hold. `where()` turns a rule into a SQL
where-clause over a mapped class (or an alias of it); `holds()` checks the same rule on a
row already in memory, so a page that has the row does not query again.

Tests compare non-null columns only ("!=" on a NULL would be false in SQL but true here).
"""
import operator

from sqlalchemy import and_, false, or_, true

Rule = list[tuple[tuple[str, str, object], ...]]

EVERYTHING: Rule = [()]

_SQL = {"==": operator.eq, "!=": operator.ne, "in": lambda column, values: column.in_(values)}
_PYTHON = {"==": operator.eq, "!=": operator.ne, "in": lambda value, values: value in values}


def where(entity, rule: Rule):
    """The rule as a where-clause over `entity` (a mapped class or an alias of one)."""
    if not rule:
        return false()
    return or_(*(and_(true(), *(_SQL[op](getattr(entity, name), value) for name, op, value in tests))
                 for tests in rule))


def holds(row, rule: Rule) -> bool:
    """Whether a loaded row satisfies the rule."""
    return any(all(_PYTHON[op](getattr(row, name), value) for name, op, value in tests) for tests in rule)
