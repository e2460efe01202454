"""The admin's forms for what staff write in their own words: the clinic's contact details, the bot's
messages, the topics the content does not cover (WTForms; errors in plain language, next to the field).

The forms only check and collect; bot/web/clinic.py saves what they collect through the store."""

from __future__ import annotations

import re

from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from bot.kbformat.reader import MAX_QUESTION, URGENT_HREF

PHONE = re.compile(r"^[0-9+ ().-]+$")
EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
WEBSITE = re.compile(r"^https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?:/[^\s<>\"']*)?$")
MAX_MESSAGE = 2000


def squash(value):
    """Text as it is kept: runs of spaces and line breaks made one space, no spaces at the ends."""
    return " ".join(value.split()) if isinstance(value, str) else value


def with_scheme(value):
    """A website written without http:// or https:// ("www.clinic.org") gets https://."""
    value = squash(value)
    return f"https://{value}" if value and "://" not in value and "." in value else value


def enough_digits(form, field) -> None:
    """A phone number visitors can call has at least 3 digits."""
    if field.data and sum(c.isdigit() for c in field.data) < 3:
        raise ValidationError("A phone number needs at least 3 digits.")


class ClinicForm(Form):
    """The clinic's name and the contact details visitors are given when the bot cannot answer."""

    name = StringField("Clinic name", [DataRequired("Write the clinic's name."), Length(max=120, message="Keep the name under 120 characters.")],
                       filters=[squash], description="Shown at the top of every page.")
    phone = StringField("Phone", [Optional(), Length(max=40, message="Keep the phone number under 40 characters."),
                                  Regexp(PHONE, message="Use digits, spaces and + ( ) - . only, like +1 (555) 010-0100."), enough_digits],
                        filters=[squash], description="Visitors on a phone can tap it to call.")
    email = StringField("Email", [Optional(), Length(max=200, message="Keep the email address under 200 characters."),
                                  Regexp(EMAIL, message="Write an email address like frontdesk@example-clinic.org.")], filters=[squash])
    address = TextAreaField("Address", [Optional(), Length(max=300, message="Keep the address under 300 characters.")], filters=[squash],
                            description="Visitors get a link to it on a map.")
    website = StringField("Website", [Optional(), Length(max=300, message="Keep the web address under 300 characters."),
                                      Regexp(WEBSITE, message="Write a web address like https://www.example-clinic.org.")], filters=[with_scheme])
    hours = StringField("Opening hours", [Optional(), Length(max=200, message="Keep the hours under 200 characters.")], filters=[squash],
                        description="Written as you like, for example Mon-Fri: 8am-6pm.")

    FIELDS = ("name", "phone", "email", "address", "hours", "website")

    def values(self) -> dict:
        """The details as the messages keep them (empty ones as "")."""
        return {name: self[name].data or "" for name in self.FIELDS}


def message_field(label: str, description: str = "", rows: int = 3) -> TextAreaField:
    """A message the bot says: empty means the standard text."""
    return TextAreaField(label, [Optional(), Length(max=MAX_MESSAGE, message=f"Keep this message under {MAX_MESSAGE:,} characters.")],
                         filters=[squash], description=description, render_kw={"rows": rows})


def urgent_link(form, field) -> None:
    """A help-line button can only call or text a number."""
    if field.data and not URGENT_HREF.match(field.data):
        raise ValidationError("Write tel: or sms: and the number, like tel:988 or sms:988.")


class LinkForm(Form):
    """One button under the urgent-help message."""

    label = StringField("Button text", [Length(max=80, message="Keep the button text under 80 characters.")], filters=[squash])
    href = StringField("Number", [Optional(), urgent_link], filters=[squash], description="tel:988 to call, sms:988 to send a text.")

    def validate_label(self, field) -> None:
        """A button needs both its text and its number."""
        if bool(field.data) != bool(self.href.data):
            raise ValidationError("A button needs both its text and its number; clear both to remove it.")


class UrgentHelpForm(Form):
    """The message shown when someone may be in danger, and its buttons."""

    title = StringField("Heading", [Optional(), Length(max=120, message="Keep the heading under 120 characters.")], filters=[squash])
    text = message_field("Message", "Shown first, with the buttons, to anyone who may be in danger.", rows=4)
    notice = message_field("Short notice", "Added to an answer when a question also mentions distress.")
    country = StringField("Country", [Optional(), Regexp(r"^[A-Z]{2}$", message="Write the two-letter country code, like US.")],
                          filters=[lambda v: squash(v).upper() if isinstance(v, str) else v],
                          description="Two letters, like US. The Spanish message is used only when both are for the same country.")
    links = FieldList(FormField(LinkForm), min_entries=1, max_entries=8)

    def values(self) -> dict:
        """The block as the messages keep it; buttons left empty are dropped."""
        links = [{"label": link.form.label.data, "href": link.form.href.data} for link in self.links if link.form.label.data and link.form.href.data]
        return {"country": self.country.data, "title": self.title.data, "text": self.text.data, "notice": self.notice.data, "links": links}


class SmallTalkForm(Form):
    """Replies to greetings, thanks and questions about the bot itself."""

    greeting = message_field("Reply to hello")
    thanks = message_field("Reply to thank you")
    ack = message_field("Reply to OK")
    goodbye = message_field("Reply to goodbye")
    identity = message_field("Reply to \u201cwho are you?\u201d")
    human = message_field("Reply to \u201ccan I talk to a person?\u201d")


def starters_list(form, field) -> None:
    """Up to 6 suggested questions, each of a question's length."""
    lines = [q for q in (field.data or "").splitlines() if q.strip()]
    if len(lines) > 6:
        raise ValidationError(f"Keep to 6 questions or fewer (there are {len(lines)}).")
    if any(len(q.strip()) > MAX_QUESTION for q in lines):
        raise ValidationError(f"Keep each question under {MAX_QUESTION} characters.")


class MessagesForm(Form):
    """The bot's own messages, field by field."""

    greeting = message_field("Greeting", "The first message when the chat opens.")
    starters = TextAreaField("Suggested questions", [starters_list], description="Shown as buttons when the chat opens. One per line, up to 6.",
                             render_kw={"rows": 6})
    disclaimer = message_field("Note under the chat", "A reminder that this is general information, not medical advice.")
    fallback = message_field("When the bot has no answer", "The clinic's contact details are added after it.")
    part_not_covered = message_field("When a message asks two things and only one is covered",
                                     "{question} is replaced by the visitor's question; the clinic's contact details are added after it.")
    medical_advice = message_field("When someone asks about doses or medication")
    other_language = message_field("When a message is in a language the bot does not read")
    instructions = message_field("When someone tries to give the bot instructions", "For example \u201cpretend you are my doctor\u201d.")
    urgent_help = FormField(UrgentHelpForm, "Urgent help (English)")
    urgent_help_es = FormField(UrgentHelpForm, "Urgent help (Spanish)")
    fallback_es = message_field("When the bot has no answer (Spanish)")
    part_not_covered_es = message_field("When a message asks two things and only one is covered (Spanish)")
    answer_note_es = message_field("Before an English answer to a Spanish question")
    medical_advice_es = message_field("When someone asks about doses or medication (Spanish)")
    smalltalk = FormField(SmallTalkForm, "Small talk")

    TEXTS = ("greeting", "disclaimer", "fallback", "part_not_covered", "medical_advice", "other_language", "instructions", "fallback_es",
             "part_not_covered_es", "answer_note_es", "medical_advice_es")

    def values(self) -> dict:
        """Every message as the form has it ("" where the standard text is wanted)."""
        values = {name: self[name].data or "" for name in self.TEXTS}
        values["starters"] = [" ".join(q.split()) for q in (self.starters.data or "").splitlines() if q.strip()]
        values["urgent_help"], values["urgent_help_es"] = self.urgent_help.form.values(), self.urgent_help_es.form.values()
        values["smalltalk"] = {name: self.smalltalk[name].data or "" for name in ("greeting", "thanks", "ack", "goodbye", "identity", "human")}
        return values


class TopicForm(Form):
    """One topic the content does not cover, with the ways visitors ask about it."""

    id = HiddenField()
    topic = StringField("Topic", [Length(max=MAX_QUESTION, message=f"Keep the topic under {MAX_QUESTION} characters.")], filters=[squash])
    phrasings = TextAreaField("Example questions", description="One per line. Questions like these get the \u201cnot covered\u201d reply.",
                              render_kw={"rows": 5})
    remove = BooleanField("Remove this topic")

    def validate_phrasings(self, field) -> None:
        """A topic needs a name and at least one example; every example fits."""
        lines = self.lines()
        if any(len(q) > MAX_QUESTION for q in lines):
            raise ValidationError(f"Keep each question under {MAX_QUESTION} characters.")
        if self.topic.data and not lines and not self.remove.data:
            raise ValidationError("Add at least one example question, or tick \u201cRemove this topic\u201d.")

    def validate_topic(self, field) -> None:
        """Examples without a topic name."""
        if not field.data and self.lines() and not self.remove.data:
            raise ValidationError("Give the topic a name, like \u201cCost and insurance\u201d.")

    def lines(self) -> list[str]:
        """The example questions, one a line."""
        return [" ".join(q.split()) for q in (self.phrasings.data or "").splitlines() if q.strip()]


class TopicsForm(Form):
    """Every not-covered topic, and one empty row to add a topic."""

    topics = FieldList(FormField(TopicForm), min_entries=1, max_entries=500)
