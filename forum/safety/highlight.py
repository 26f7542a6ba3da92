"""Showing where the PHI guard found personal details: the one place that turns a text and
its detected spans into HTML. Everything is escaped first; only the <mark> tags are ours."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from .phi import PhiContext, PhiSpan, detect_phi

# Plain-language names for the kinds detect_phi() reports, for members and moderators.
PHI_KIND_LABELS = {
    "phone": "a phone number",
    "email": "an email address",
    "address": "a postal address",
    "date_of_birth": "a date of birth",
    "ssn": "a social security number",
    "national_id": "a National Insurance number",
    "record_number": "a hospital, billing, pharmacy or insurance number",
    "device_id": "a device serial number",
    "vehicle_registration": "a vehicle registration",
    "ip_address": "an IP address",
    "url_identifier": "a link that may identify someone",
    "name": "a name",
}


def phi_kind_labels(spans: list[PhiSpan]) -> list[str]:
    """The distinct kinds found, in plain language, in the order they first appear."""
    labels: list[str] = []
    for span in spans:
        label = PHI_KIND_LABELS.get(span.kind, span.kind.replace("_", " "))
        if label not in labels:
            labels.append(label)
    return labels


def highlight_spans(text: str, spans: list[PhiSpan]) -> Markup:
    """`text` escaped, with each span wrapped in <mark class="phi" data-kind="...">.

    Spans are sorted; overlapping or out-of-range parts are clipped, so any list of
    spans gives well-formed HTML. Line breaks are kept by the caller's CSS (pre-wrap).
    """
    parts: list[str] = []
    position = 0
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        start = max(span.start, position)
        end = min(span.end, len(text))
        if end <= start:
            continue
        parts.append(str(escape(text[position:start])))
        label = PHI_KIND_LABELS.get(span.kind, span.kind)
        parts.append(f'<mark class="phi" data-kind="{escape(span.kind)}" title="{escape(label)}">'
                     f"{escape(text[start:end])}</mark>")
        position = end
    parts.append(str(escape(text[position:])))
    return Markup("".join(parts))  # nosec B704 — every piece above is escaped


@dataclass(frozen=True)
class PhiReview:
    """What a moderator sees for a post with personal details: the highlighted text and each
    distinct passage found, with its kind in plain language (for one-click removal)."""

    highlighted: Markup
    passages: list[tuple[str, str]]


def review_phi(text: str, context: PhiContext | None = None) -> PhiReview | None:
    """Run detect_phi on a stored post's text; None when nothing is found."""
    spans = detect_phi(text, context)
    if not spans:
        return None
    passages: list[tuple[str, str]] = []
    for span in spans:
        passage = (PHI_KIND_LABELS.get(span.kind, span.kind), text[span.start:span.end])
        if passage[1].strip() and passage not in passages:
            passages.append(passage)
    return PhiReview(highlighted=highlight_spans(text, spans), passages=passages)
