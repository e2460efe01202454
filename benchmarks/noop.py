"""A Flask app whose one POST endpoint does nothing: the framework's own cost, for benchmarks/table.py."""

from flask import Flask

app = Flask(__name__)


@app.post("/noop")
def noop():
    """Answer a JSON POST with a small JSON body, as /api/ask does, and nothing else."""
    return {"status": "ok"}
