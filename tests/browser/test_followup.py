"""The yearly follow-up in the browser (scenario 6): the steering group opens the dashboard,
narrows it to one principal, and takes the report for the committee, on the demo."""

from __future__ import annotations

from playwright.sync_api import expect


def test_scenario_6_the_steering_group_follows_up_and_exports_the_report(ui):
    ui.sign_in("styrgrupp")
    ui.click("Uppföljning")
    expect(ui.page.get_by_role("heading", name="Uppföljning", level=1)).to_be_visible()
    expect(ui.page.get_by_role("heading", name="Samordnade individuella planer (SIP)")).to_be_visible()
    requested = ui.page.locator('[data-figure="sip.requested"]')
    expect(requested).not_to_be_empty()
    # Each figure has its table, and what it counts.
    expect(ui.page.get_by_role("table", name="Begärda SIP, denna period")).to_be_visible()
    ui.page.get_by_text("Vad som räknas").first.click()
    expect(ui.page.get_by_text("Dagen då planen begärdes.").first).to_be_visible()

    ui.fill("Från", "2026-01-01").fill("Till", "2026-12-31")
    principal = ui.page.get_by_label("Huvudman", exact=True)
    names = [o.strip() for o in principal.locator("option").all_inner_texts() if o.strip()]
    ui.select("Huvudman", names[1])
    ui.press("Visa")
    expect(ui.page.locator("#period")).to_contain_text(names[1])
    expect(ui.page.locator("#period")).to_contain_text("2026-01-01")

    ui.click("Rapporten till nämnden")
    expect(ui.page.get_by_role("heading", name="Rapporten till nämnden", level=1)).to_be_visible()
    with ui.page.expect_download() as download:
        ui.page.get_by_role("link", name="Siffrorna som CSV").click()
    content = download.value.path().read_text(encoding="utf-8-sig")
    assert content.startswith("Område;Indikator;Nyckel;Organisation;Mått;Period;Värde")
    assert "sip.requested" in content


def test_the_charts_load_into_the_dashboard_without_a_csp_violation(ui):
    """pygal's SVG without its inline style and script: Chromium reports no refusal."""
    ui.page.add_init_script(
        "window.cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(e.violatedDirective));"
    )
    ui.sign_in("styrgrupp")
    ui.click("Uppföljning")
    figure = ui.page.locator("#charts-siprequested")
    figure.scroll_into_view_if_needed()
    expect(figure.locator("svg.chart")).to_have_count(2)
    expect(figure.get_by_role("img", name="Begärda SIP månad för månad")).to_be_visible()
    ui.page.get_by_text("Siffrorna månad för månad").first.click()
    expect(ui.page.get_by_role("table", name="Begärda SIP månad för månad")).to_be_visible()
    ui.assert_accessible()
    expect(figure.get_by_role("link", name="Begärda SIP: diagram, månad för månad")).to_have_count(0)  # replaced
    assert ui.page.evaluate("window.cspViolations") == []
    assert not ui.console_errors, ui.console_errors


def test_a_teacher_finds_no_follow_up(ui):
    ui.sign_in("mentor.asen")
    expect(ui.page.get_by_role("link", name="Uppföljning", exact=True)).to_have_count(0)
