"""Queue views; each module adds routes to moderation.bp."""
from moderation.views import (  # noqa: F401  # noqa: F401
    answering_aid,
    articles_console,
    answers,
    audit,
    catalogue,
    clinicians,
    console,
    health,
    items,
    people,
    policies,
    queue,
    resources,  # noqa: F401
    review,
)
