"""The reception queue on a 390 px phone: nothing wider than the screen, dates on one line,
each checkbox beside its label."""

WIDTH = 390


def test_the_reception_queue_fits_a_phone(ui):
    ui.page.set_viewport_size({"width": WIDTH, "height": 844})
    ui.sign_in("mottagning")
    ui.goto("/ingang/mottagning/?closed=1")
    ui._after_navigation()
    wide = ui.page.evaluate(
        """limit => Array.from(document.querySelectorAll('body *'))
            .filter(e => e.getBoundingClientRect().right > limit && !e.closest('.table-wrap *'))
            .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))
            .slice(0, 10)""",
        WIDTH,
    )
    assert ui.page.evaluate("() => document.scrollingElement.scrollWidth") <= WIDTH, wide
    box = ui.page.locator("#f-violence").bounding_box()
    label = ui.page.locator("label[for=f-violence]").bounding_box()
    assert label["x"] > box["x"] and abs(label["y"] - box["y"]) < box["height"]  # beside, not above
    date = ui.page.locator("tbody td.date").first
    assert date.evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"
