"""One report e-mail: text + HTML alternative, charts as inline CID parts, CSV attachments.

Structure: multipart/mixed → (multipart/alternative → (text/plain, multipart/related →
(text/html, image/png…)), text/csv…).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

CID_DOMAIN = "hc-reconcile.report"


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content: bytes
    maintype: str = "text"
    subtype: str = "csv"


def content_ids(names: Sequence[str]) -> dict[str, str]:
    """A fresh, short Content-ID per image name (short: a folded Content-ID header confuses
    some mail clients), e.g. ``<img3.5f2c0e9a1b7d@hc-reconcile.report>``."""
    return {name: f"<img{i}.{secrets.token_hex(6)}@{CID_DOMAIN}>" for i, name in enumerate(names)}


def cid_sources(cids: Mapping[str, str]) -> dict[str, str]:
    """``cid:`` URLs for the HTML (the Content-ID without its angle brackets)."""
    return {name: "cid:" + cid.strip("<>") for name, cid in cids.items()}


def build_message(
    *,
    sender: str,
    subject: str,
    text: str,
    html: Callable[[Mapping[str, str]], str],
    images: Mapping[str, bytes],
    attachments: Sequence[Attachment],
) -> EmailMessage:
    """The message without ``To`` (the sender sets it to the recipients still to be sent).

    ``html`` renders the HTML body given the image sources (``cid:`` URLs).
    """
    cids = content_ids(list(images))
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = sender
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=CID_DOMAIN)
    msg.set_content(text)
    msg.add_alternative(html(cid_sources(cids)), subtype="html")
    html_part = msg.get_body(preferencelist=("html",))
    assert isinstance(html_part, EmailMessage)
    for name, png in images.items():
        html_part.add_related(png, maintype="image", subtype="png", cid=cids[name], filename=f"{name}.png")
    for att in attachments:
        msg.add_attachment(att.content, maintype=att.maintype, subtype=att.subtype, filename=att.filename)
    return msg
