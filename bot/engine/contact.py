"""The clinic's contact details in a reply: the lines of text, and the links a visitor can follow
(call, write, find on a map, visit the website). Pure: no Flask."""

from __future__ import annotations

import re
from urllib.parse import quote_plus

NO_CONTACT = ("the clinic's contact details (phone, email, address, website) are empty: visitors told \"please contact "
              "the clinic\" have nowhere to go. Fill them in in the admin (Clinic details), or under clinic: in messages.yaml.")
CONTACT_FIELDS = (("phone", "Phone"), ("email", "Email"), ("address", "Address"), ("hours", "Hours"), ("website", "Website"))
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
WEBSITE = re.compile(r"^(https?://)?[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/\S*)?$")


def contact_details(clinic: dict) -> dict:
    """The clinic's contact fields that staff have filled in, and its name."""
    details = {key: str(clinic.get(key) or "").strip() for key, _ in CONTACT_FIELDS}
    details = {k: v for k, v in details.items() if v}
    return {"name": str(clinic.get("name") or ""), **details}


def has_contact(clinic: dict) -> bool:
    """Whether a visitor told "please contact the clinic" has any way to do it."""
    return any(key in contact_details(clinic) for key in ("phone", "email", "address", "website"))


def contact_lines(details: dict) -> list[str]:
    """The filled-in details as lines of text ("Phone: 555-0100")."""
    return [f"{label}: {details[key]}" for key, label in CONTACT_FIELDS if key in details]


def with_contact(message: str, clinic: dict) -> str:
    """A message followed by the filled-in contact details, one per line."""
    return "\n".join([message, *contact_lines(contact_details(clinic))])


def contact_links(details: dict) -> list[dict]:
    """The details a visitor can follow: `tel:`, `mailto:`, a map search, the website. Each link
    carries the `line` of text it stands for, so a page can show the link instead of the line."""
    links = []
    phone = details.get("phone", "")
    dial = re.sub(r"[^\d+]", "", phone)
    if len(re.sub(r"\D", "", dial)) >= 3:
        links.append({"label": f"Call {phone}", "href": f"tel:{dial}", "line": f"Phone: {phone}"})
    email = details.get("email", "")
    if EMAIL.match(email):
        links.append({"label": f"Email {email}", "href": f"mailto:{email}", "line": f"Email: {email}"})
    address = details.get("address", "")
    if address:
        links.append({"label": f"Map: {address}", "href": f"https://www.openstreetmap.org/search?query={quote_plus(address)}", "line": f"Address: {address}"})
    website = details.get("website", "")
    if WEBSITE.match(website):
        href = website if website.startswith(("http://", "https://")) else f"https://{website}"
        links.append({"label": f"Website: {website}", "href": href, "line": f"Website: {website}"})
    return links
