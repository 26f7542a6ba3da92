"""Property-based: arbitrary text in every form never causes a 500 and is never echoed as
live HTML. Payloads carry the marker `xssprobe` so the check cannot confuse the site's own
<script src=...> tags with the input."""
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import PASSWORD, make_question, make_reply, make_user, topic

PAYLOADS = [
    "<script>xssprobe()</script>",
    '<img src=x onerror=xssprobe()>',
    '"><svg onload=xssprobe()>',
    "'><script src=//evil.example/xssprobe.js></script>",
    '<a href="javascript:xssprobe()">click</a>',
    "[click](javascript:xssprobe())",
    "<iframe srcdoc='<script>xssprobe()</script>'>",
    "{{ 7*7 }}{% raw %}xssprobe",
    "\x00\x01\x1b[31m\u202e\ufeff xssprobe",
    "%ff%fe \udbff".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
]


class LiveProbeFinder(HTMLParser):
    """Finds the marker where a browser would run it: inside a <script> element, in an on*
    event attribute, in a javascript: URL, or in an <iframe>/<svg> the input created.
    The marker as text or inside a quoted attribute value is harmless and ignored."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        for name, value in attrs:
            value = (value or "").lower()
            if "xssprobe" in value and (name.startswith("on") or value.strip().startswith("javascript:")
                                        or name in ("src", "srcdoc")):
                self.found.append(f"<{tag} {name}={value!r}>")
            if "xssprobe" in name:
                self.found.append(f"<{tag} attribute {name!r}>")
        if tag in ("iframe", "svg") or "xssprobe" in tag:
            self.found.append(f"<{tag}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and "xssprobe" in data.lower():
            self.found.append(f"<script>{data[:80]}")


# Any Unicode except lone surrogates (which no HTTP client can send as UTF-8).
any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
long_text = st.builds(lambda piece, times: piece * times,
                      st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=8),
                      st.integers(min_value=200, max_value=1500))
hostile = st.one_of(
    any_text,
    st.sampled_from(PAYLOADS),
    st.builds(lambda text, payload: text + payload + text, any_text, st.sampled_from(PAYLOADS)),
    long_text,
)
FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def check(response):
    assert response.status_code < 500, response.status_code
    finder = LiveProbeFinder()
    finder.feed(response.get_data(as_text=True))
    finder.close()
    assert finder.found == []


def logged_out(client):
    with client.session_transaction() as session:
        session.clear()


@FUZZ
@given(email=hostile, pseudonym=hostile, password=hostile)
def test_registration(client, db, email, pseudonym, password):
    logged_out(client)
    check(client.post("/auth/register", data={"email": email, "pseudonym": pseudonym, "password": password,
                                              "role": "member", "accept_guidelines": "y"},
                      follow_redirects=True))


@FUZZ
@given(email=hostile, password=hostile)
def test_login(client, db, email, password):
    logged_out(client)
    check(client.post("/auth/login", data={"email": email, "password": password}, follow_redirects=True))


@FUZZ
@given(title=hostile, body=hostile, topic_value=st.one_of(hostile, st.just("1")))
def test_ask(client, db, login_as, title, body, topic_value):
    login_as("member")
    check(client.post("/questions/ask", data={"title": title, "body": body, "primary_topic": topic_value,
                                              "asking_for": "self", "identity": "pseudonym"},
                      follow_redirects=True))


@FUZZ
@given(title=hostile, body=hostile)
def test_edit(client, db, login_as, title, body):
    author = login_as("member")
    question = make_question(author, status="returned")
    db.session.commit()
    check(client.post(f"/questions/{question.id}/edit",
                      data={"title": title, "body": body, "primary_topic": str(topic().id),
                            "asking_for": "self", "identity": "pseudonym"}, follow_redirects=True))


@FUZZ
@given(body=hostile)
def test_reply(client, db, login_as, body):
    question = make_question(status="published")
    login_as(make_user(approved_posts=10))  # replies publish at once: the page shows them
    check(client.post(f"/questions/{question.id}/reply", data={"body": body}, follow_redirects=True))


@FUZZ
@given(reason=st.one_of(hostile, st.just("spam")), note=hostile)
def test_flag(client, db, login_as, reason, note):
    question = make_question(status="published")
    reply = make_reply(question)
    login_as("member")
    check(client.post(f"/replies/{reply.id}/flag", data={"reason": reason, "note": note},
                      follow_redirects=True))


@FUZZ
@given(query=hostile, kind=hostile)
def test_search(client, db, query, kind):
    check(client.get("/search", query_string={"q": query, "kind": kind, "topic": query[:5]}))


@FUZZ
@given(current=st.one_of(hostile, st.just(PASSWORD)), new=hostile)
def test_password_change(client, db, login_as, current, new):
    login_as("member")
    check(client.post("/account/password", data={"current_password": current, "new_password": new},
                      follow_redirects=True))
