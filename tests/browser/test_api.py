"""The API's page of endpoints in the browser: drawn on the server, it works under the CSP (no
console error) and passes axe-core, without signing in."""


def test_an_integrator_reads_the_list_of_endpoints(ui):
    ui.goto("/api/v1/docs/")
    assert ui.page.get_by_role("heading", level=1).inner_text() == "Lots API"
    text = ui.text()
    assert "/api/v1/children/search/" in text
    assert "/api/v1/concern-reports/" in text
    schema = ui.page.get_by_role("link", name="OpenAPI-schema (YAML)")
    assert schema.get_attribute("href") == "/api/v1/schema/"
