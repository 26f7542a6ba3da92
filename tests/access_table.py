"""Who may reach each endpoint: the table the authorization matrix test checks.

Every endpoint in app.url_map must have a row; a new route without one fails the test.
Rules (checked at the route level; object-level rules such as "only the author" are
tested with their features):
  public     anyone, logged in or not
  login      any logged-in user
  asker      members and caregivers
  moderator  verified clinicians, staff and admins
  clinician  verified clinicians only
  staff      staff and admins
  admin      admins only
"""

ACCESS = {
    "static": "public",
    "main.home": "public",
    "main.policy": "public",
    "main.disclaimer": "public",
    "auth.register": "public",
    "auth.login": "public",
    "auth.logout": "public",
    "account.password": "login",
    "account.policies": "login",
}

ROLES = ("anonymous", "member", "caregiver", "unverified_clinician", "clinician", "staff", "admin")

ALLOWED = {
    "public": set(ROLES),
    "login": set(ROLES) - {"anonymous"},
    "asker": {"member", "caregiver"},
    "moderator": {"clinician", "staff", "admin"},
    "clinician": {"clinician"},
    "staff": {"staff", "admin"},
    "admin": {"admin"},
}

# Values for URL variables, by name; anything else that is an int gets 1.
SAMPLE_ARGS = {
    "kind": "community_guidelines",
    "slug": "heart-failure",
    "filename": "css/site.css",
    "token": "not-a-real-token",
    "pseudonym": "Member1",
}
