"""The web: blueprints for the chat, the API, staff sign-in and the admin, and the CLI."""
