"""How public pages are found and shared: schema.org structured data (JSON-LD), Open Graph
and Twitter card tags, canonical URLs and share links that load no third-party script.

Every URL here is absolute and comes from forum.platform.links (BASE_URL), never the Host
header. Templates put the JSON-LD in a `<script type="application/ld+json">` block via
`|tojson` (which escapes `<`, so no text can close the block); it is data, not script, so
the CSP's script-src 'self' does not apply to it and nothing executes.
"""
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from flask import current_app
from flask_login import AnonymousUserMixin

from forum.models.enums import MediaKind, QuestionStatus, TopicKind, Visibility
from forum.platform.links import absolute_url, base_url
from forum.rendering import plain_excerpt
from forum.platform.templating import display_name


@dataclass(frozen=True)
class ShareCard:
    """What a shared link shows: the page's title, summary, canonical URL and picture."""

    title: str
    description: str
    url: str
    image: str
    kind: str = "website"  # og:type: "article" for articles


def share_image() -> str:
    image = current_app.config["SHARE_IMAGE"]
    return image if image.startswith(("https://", "http://")) else base_url() + image


def share_links(card: ShareCard) -> list[tuple[str, str]]:
    """(label, href) for sharing by email and on the main networks: plain links, no scripts."""
    url, title = card.url, card.title
    return [
        ("Email", "mailto:?" + urlencode({"subject": title, "body": f"{title}\n{url}"}, quote_via=quote)),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?{urlencode({'u': url})}"),
        ("X (Twitter)", f"https://twitter.com/intent/tweet?{urlencode({'url': url, 'text': title})}"),
        ("LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?{urlencode({'url': url})}"),
        ("WhatsApp", f"https://wa.me/?{urlencode({'text': f'{title} {url}'})}"),
    ]


def _organisation() -> dict:
    return {"@type": "Organization", "name": current_app.config["ORGANISATION_NAME"], "url": base_url() + "/",
            "logo": share_image()}


def _clinician(user) -> dict:
    profile = user.clinician_profile if user is not None else None
    if profile is None:
        return {"@type": "Person", "name": display_name(user, viewer=AnonymousUserMixin())}
    person = {"@type": "Person", "name": profile.full_name, "honorificSuffix": profile.credentials}
    if user.is_verified_clinician:
        person["url"] = absolute_url("clinicians.show", user_id=user.id)
    return person


def _date(moment) -> str | None:
    return moment.date().isoformat() if moment is not None else None


def article_card(article) -> ShareCard:
    return ShareCard(title=article.live_title, description=article.live_summary, image=share_image(),
                     url=absolute_url("articles.show", slug=article.slug), kind="article")


def article_structured_data(article) -> dict:
    """schema.org MedicalWebPage (with its Article as mainEntity): who wrote it, who
    reviewed it medically and when (reviewedBy / lastReviewed), its topics."""
    url = absolute_url("articles.show", slug=article.slug)
    body = {
        "@type": "Article", "headline": article.live_title, "description": article.live_summary,
        "author": _clinician(article.author), "publisher": _organisation(),
        "datePublished": _date(article.first_published_at), "dateModified": _date(article.published_at),
        "mainEntityOfPage": url, "image": share_image(),
        "about": [{"@type": "MedicalCondition" if topic.kind == TopicKind.CONDITION else "MedicalProcedure",
                   "name": topic.name} for topic in article.topics],
    }
    page = {
        "@context": "https://schema.org", "@type": "MedicalWebPage", "url": url, "name": article.live_title,
        "description": article.live_summary, "lastReviewed": _date(article.reviewed_at),
        "reviewedBy": _clinician(article.reviewed_by), "publisher": _organisation(), "mainEntity": body,
    }
    if article.live_media_url:
        media_type = "VideoObject" if article.live_media_kind == MediaKind.VIDEO else "PodcastEpisode"
        page["mainEntity"]["associatedMedia"] = {"@type": media_type, "name": article.live_title,
                                                 "embedUrl": article.live_media_url,
                                                 "transcript": plain_excerpt(article.live_media_transcript, 5000)}
    return page


def question_card(question) -> ShareCard:
    return ShareCard(title=question.title, description=plain_excerpt(question.body_md, 200), image=share_image(),
                     url=absolute_url("questions.show", question_id=question.id))


def question_structured_data(question, answers) -> dict | None:
    """schema.org QAPage for a public answered question (None otherwise): the question, its
    clinicians' answers (the first as acceptedAnswer, as the page shows it first)."""
    if not answers or question.status != QuestionStatus.ANSWERED or question.visibility != Visibility.PUBLIC:
        return None
    url = absolute_url("questions.show", question_id=question.id)

    def answer_entity(answer) -> dict:
        return {"@type": "Answer", "text": plain_excerpt(answer.body_md, 5000), "url": f"{url}#answer-{answer.id}",
                "dateCreated": answer.created_at.isoformat(timespec="seconds"),
                "author": _clinician(answer.clinician), "upvoteCount": 0}

    return {
        "@context": "https://schema.org", "@type": "QAPage", "url": url,
        "mainEntity": {
            "@type": "Question", "name": question.title, "text": plain_excerpt(question.body_md, 5000),
            "answerCount": len(answers), "dateCreated": question.created_at.isoformat(timespec="seconds"),
            "author": {"@type": "Person", "name": display_name(question.author, question.anonymous,
                                                          viewer=AnonymousUserMixin())},
            "acceptedAnswer": answer_entity(answers[0]),
            **({"suggestedAnswer": [answer_entity(answer) for answer in answers[1:]]} if len(answers) > 1 else {}),
        },
    }


def question_sharing(question, answers) -> dict:
    """Template context for a question page: the share card and links for a public question
    (published or answered, readable by anyone), and its QAPage data once answered; nothing
    for a pending or members-only question."""
    if not question.is_public or question.visibility != Visibility.PUBLIC:
        return {}
    card = question_card(question)
    return {"card": card, "share_links": share_links(card),
            "structured_data": question_structured_data(question, answers)}
