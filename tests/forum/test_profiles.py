"""Public clinician profiles: verified clinicians only, their answers, keyset pages."""
from tests.factories import make_answer, make_question, make_user


def test_profile_shows_who_and_what_they_answered(client, db):
    clinician = make_user("clinician", specialties=("cardiology",))
    clinician.clinician_profile.bio = "Twenty years in heart failure clinics."
    make_answer(make_question(status="answered", title="Salt and heart failure"), clinician)
    make_answer(make_question(status="answered", title="Knee exercises", topics=("knee-replacement",)), clinician)
    make_answer(make_question(status="answered", title="Members only answer", visibility="members"), clinician)
    make_answer(make_question(status="hidden", title="Hidden question answer"), clinician)
    db.session.commit()
    page = client.get(f"/clinicians/{clinician.id}").get_data(as_text=True)
    assert clinician.clinician_profile.full_name in page and "Cardiology" in page
    assert "Twenty years in heart failure clinics." in page
    assert "Salt and heart failure" in page and "Knee exercises" in page
    assert "Members only answer" not in page and "Hidden question answer" not in page
    assert "2 answers" in page
    assert "Answers most often about" in page and "Knee replacement" in page


def test_only_verified_active_clinicians_have_profiles(client, db):
    unverified = make_user("clinician", verified=False)
    member = make_user("member")
    revoked = make_user("clinician")
    from forum.models.base import utcnow
    revoked.clinician_profile.revoked_at = utcnow()
    db.session.commit()
    for user in (unverified, member, revoked):
        assert client.get(f"/clinicians/{user.id}").status_code == 404
    assert client.get("/clinicians/999999").status_code == 404


def test_recent_answers_are_keyset_paginated_with_constant_queries(app, client, db, count_queries):
    app.config["PAGE_SIZE"] = 3
    clinician = make_user("clinician")
    for n in range(7):
        make_answer(make_question(status="answered", title=f"Answered number {n}"), clinician)
    db.session.commit()
    with count_queries() as first_queries:
        first = client.get(f"/clinicians/{clinician.id}").get_data(as_text=True)
    assert first.count("Answered number") == 3
    next_link = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    seen = set()
    url = f"/clinicians/{clinician.id}"
    while url:
        html = client.get(url).get_data(as_text=True)
        seen |= {f"Answered number {n}" for n in range(7) if f"Answered number {n}<" in html}
        url = (html.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
               if 'rel="next"' in html else None)
    assert len(seen) == 7 and next_link
    for n in range(10):
        make_answer(make_question(status="answered", title=f"More {n}"), clinician)
    db.session.commit()
    with count_queries() as more_queries:
        client.get(f"/clinicians/{clinician.id}")
    assert len(more_queries) == len(first_queries)
    assert client.get(f"/clinicians/{clinician.id}?after=bad").status_code == 400


def test_answers_link_to_the_profile(client, db):
    clinician = make_user("clinician")
    question = make_question(status="answered")
    make_answer(question, clinician)
    db.session.commit()
    assert f'href="/clinicians/{clinician.id}"' in client.get(f"/questions/{question.id}").get_data(as_text=True)
