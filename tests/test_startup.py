"""Start-up: importing the app loads only what it uses (no NLTK package, scikit-learn, SciPy or Alembic)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def loaded_packages(code: str) -> set[str]:
    """The top-level packages in sys.modules after running `code` in a fresh interpreter."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("package", ["nltk", "sklearn", "scipy", "alembic", "flask_migrate"])
def test_import_app_loads_no_heavy_package(package):
    assert package not in loaded_packages("import app")


def test_a_start_on_an_up_to_date_database_answers_without_scikit_learn_nltk_or_alembic(tmp_path):
    code = (
        "import app\n"
        f"client = app.create_app({{'TESTING': True, 'SECRET_KEY': 's', 'DATABASE_URL': 'sqlite:///{tmp_path / 'db.sqlite'}'}}).test_client()\n"
        "assert client.post('/api/ask', json={'question': 'what is ketamine'}).status_code == 200"
    )
    assert "alembic" in loaded_packages(code)  # the first start creates the tables
    assert loaded_packages(code) & {"nltk", "sklearn", "alembic", "flask_migrate"} == set()
