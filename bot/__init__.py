"""Clinic FAQ bot: answers visitors' questions from the clinic's own content."""
