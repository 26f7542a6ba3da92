"""One navigation across the moderation area and the staff console (there used to be two)."""
import re

import pytest

STAFF_LINKS = ["Queue", "Unanswered questions", "Review due", "Console", "Queue health", "Articles", "People", "Clinicians",
               "Catalogue", "Specialties", "Resources", "Policies", "Audit trail"]


def _navigations(html: str) -> list[list[str]]:
    return [re.findall(r'<a href="[^"]+"(?: aria-current="page")?>([^<]+)</a>', nav)
            for nav in re.findall(r'<nav aria-label="(?:Moderation|Staff console)".*?</nav>', html, re.S)]


@pytest.mark.parametrize("path", ["/moderation/", "/moderation/console", "/moderation/people", "/moderation/audit",
                                  "/moderation/policies", "/moderation/catalogue", "/moderation/health"])
def test_staff_see_one_navigation_with_every_page(client, login_as, path):
    login_as("staff")
    html = client.get(path).get_data(as_text=True)
    assert _navigations(html) == [STAFF_LINKS]
    assert html.count('aria-current="page"') == 1  # where they are


def test_clinicians_see_only_the_work_they_share(client, login_as):
    login_as("clinician")
    assert _navigations(client.get("/moderation/").get_data(as_text=True)) == [
        ["Queue", "Unanswered questions", "Review due"]]
