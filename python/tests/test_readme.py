"""The README's Python quick starts are the START/END regions of the files
under examples/, which the framework tests run: keep them identical."""

from __future__ import annotations

import re

import pytest
from conftest import EXAMPLES, ROOT


EXAMPLE_FILES = [
    ("flask", "flask_app.py"),
    ("django", "django_app.py"),
    ("fastapi", "fastapi_app.py"),
    ("starlette", "starlette_app.py"),
    ("litestar", "litestar_app.py"),
    ("quart", "quart_app.py"),
    ("aiohttp", "aiohttp_app.py"),
    ("falcon", "falcon_app.py"),
    ("lambda-python", "lambda_handler.py"),
]


@pytest.mark.parametrize(("name", "file"), EXAMPLE_FILES)
def test_readme_quotes_the_example(name: str, file: str) -> None:
    text = (EXAMPLES / file).read_text(encoding="utf-8")
    match = re.search(rf"# START {name}\n(.*?)# END {name}\n", text, re.S)
    assert match, f"{file} has no {name} region"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"```python\n{match.group(1)}```" in readme, f"README's {name} quick start differs from examples/{file}"
