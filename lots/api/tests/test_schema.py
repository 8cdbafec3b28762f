"""The API contract is committed: docs/openapi.yaml must equal the schema the code generates.
After a deliberate change: `python manage.py spectacular --file docs/openapi.yaml`."""

from pathlib import Path

from django.core.management import call_command

COMMITTED = Path(__file__).resolve().parents[3] / "docs" / "openapi.yaml"


def test_the_committed_schema_is_the_generated_one(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated), "--validate", "--fail-on-warn")
    assert generated.read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8"), (
        "the API changed: run `python manage.py spectacular --file docs/openapi.yaml` and commit it"
    )


def test_the_docs_page_lists_the_endpoints_without_inline_script(db, client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/api/v1/sips/{id}/" in body
    assert "<script>" not in body and "style=" not in body
