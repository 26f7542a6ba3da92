"""Queue views; each module adds routes to moderation.bp."""
from moderation.views import resources  # noqa: F401
from moderation.views import answers, audit, clinicians, health, items, queue  # noqa: F401
from moderation.views import answering_aid, catalogue, console, people, policies, review  # noqa: F401
