"""The engine: a message in, a Reply out; pure Python, no Flask, no SQL."""
