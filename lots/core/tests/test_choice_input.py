"""`{% choice_input %}` writes a choice's input exactly as Django's widget template does."""

import pytest
from django import forms

from lots.core.templatetags.choices import choice_input

CHOICES = [("a", "Ett"), ("b&c", 'Två "citat" <b>'), ("3", "Tre")]


class Form(forms.Form):
    many = forms.MultipleChoiceField(choices=CHOICES, widget=forms.CheckboxSelectMultiple, required=False)
    one = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect(attrs={"aria-describedby": "hjälp"}))


@pytest.mark.parametrize("data", [{}, {"many": ["b&c", "3"], "one": "b&c"}, {"one": "zzz"}])
def test_each_input_is_the_html_djangos_template_writes(data):
    form = Form(data or None)
    for name in ("many", "one"):
        for choice in form[name]:
            assert choice_input(choice) == choice.tag()
    if data.get("many"):
        assert "checked" in choice_input(list(form["many"])[1])
        assert 'value="b&amp;c"' in choice_input(list(form["many"])[1])
