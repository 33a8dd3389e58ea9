from django import template

from synergy.core.markup import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Render user Markdown safely: ``{{ training.description|markdown }}``."""
    return render_markdown(text)
