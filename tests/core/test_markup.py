import re

from hypothesis import given
from hypothesis import strategies as st

from synergy.core.markup import render_markdown
from tests.hostile import RTL, SCRIPT


def test_markdown_renders_emphasis_links_and_lists():
    html = render_markdown("**bold** and [a link](https://example.org)\n\n- one\n- two")
    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.org" rel="nofollow noopener noreferrer ugc">a link</a>' in html
    assert "<li>one</li>" in html


def test_raw_html_in_markdown_is_shown_as_text_not_run():
    html = render_markdown(f"Hello {SCRIPT} <img src=x onerror=alert(1)>")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<img" not in html


def test_javascript_links_are_dropped():
    html = render_markdown("[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=)")
    assert 'href="javascript' not in html
    assert 'href="data' not in html


def test_top_level_headings_become_h2_under_the_page_title():
    assert "<h2>Title</h2>" in render_markdown("# Title")


def test_nul_bytes_and_bidi_marks_do_not_break_rendering():
    html = render_markdown(f"a\x00b {RTL}")
    assert "\x00" not in html
    assert RTL in html


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


DANGEROUS = re.compile(
    r"<script|<iframe|<img|<style|<object|<[^>]*\son\w+\s*=|href\s*=\s*[\"']?\s*(javascript|data|vbscript):",
    re.IGNORECASE,
)


@given(st.text(alphabet=st.sampled_from(list("<>\"'=/&;:() []!*#-_`\nabcjsvrtip1")) | st.characters(), max_size=300))
def test_no_markdown_input_produces_active_content(text):
    assert not DANGEROUS.search(render_markdown(text))


def test_lone_surrogates_from_json_input_do_not_break_rendering():
    assert render_markdown("a\ud800b") == "<p>a?b</p>\n"
