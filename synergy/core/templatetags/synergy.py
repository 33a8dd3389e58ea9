from django import template
from django.utils import translation

from synergy.core import caching
from synergy.core.markup import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Render user Markdown safely: ``{{ training.description|markdown }}``."""
    return render_markdown(text)


class FragmentNode(template.Node):
    def __init__(self, nodelist, name: str, parts: str, vary_on: list):
        self.nodelist, self.name, self.parts, self.vary_on = nodelist, name, parts, vary_on

    def render(self, context):
        parts = caching.every_part() if self.parts == "*" else self.parts
        vary = [v.resolve(context) for v in self.vary_on]
        return caching.remembered(self.name, parts, lambda: self.nodelist.render(context), *vary)


def _literal(word: str) -> str | None:
    return word[1:-1] if len(word) > 1 and word[0] in "\"'" and word[0] == word[-1] else None


@register.tag
def fragment(parser, token):
    """``{% fragment "name" "trainings regions" request.GET.urlencode %}…{% endfragment %}``: the
    enclosed part rendered once per generation of the named parts (synergy.core.caching; ``"*"``:
    every part, for what may show anything public), language, time zone, minute and value of what
    follows, and kept at most ``FRAGMENT_CACHE_SECONDS``. Put nothing personal inside; let the view
    defer the queries and the work that only the fragment needs."""
    words = token.split_contents()[1:]
    name, parts = (_literal(w) for w in [*words, "", ""][:2])
    if not name or parts is None:
        raise template.TemplateSyntaxError(
            '{% fragment %} takes a quoted name, the quoted parts it shows ("trainings regions"), '
            "then what else it varies on."
        )
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, name, parts, [parser.compile_filter(w) for w in words[2:]])


# What ``{% unchanging %}`` rendered, per worker: a few entries per language, bounded all the same.
_UNCHANGING: dict[tuple, str] = {}
_UNCHANGING_LIMIT = 2000


class UnchangingNode(template.Node):
    def __init__(self, nodelist, name: str, vary_on: list):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def render(self, context):
        key = (self.name, translation.get_language(), *(v.resolve(context) for v in self.vary_on))
        html = _UNCHANGING.get(key)
        if html is None:
            html = self.nodelist.render(context)
            if len(_UNCHANGING) < _UNCHANGING_LIMIT:
                _UNCHANGING[key] = html
        return html


@register.tag
def unchanging(parser, token):
    """``{% unchanging "main-nav" request.resolver_match.app_name %}…{% endunchanging %}``: the
    enclosed part rendered once per worker, language and value of what follows, and kept in memory
    for the worker's life. Only for what depends on nothing else: the code, the URLs, the
    translations (all fixed while a worker runs), never on data, the person or the request."""
    words = token.split_contents()[1:]
    name = _literal(words[0]) if words else None
    if not name:
        raise template.TemplateSyntaxError("{% unchanging %} takes a quoted name, then what it varies on.")
    nodelist = parser.parse(("endunchanging",))
    parser.delete_first_token()
    return UnchangingNode(nodelist, name, [parser.compile_filter(w) for w in words[1:]])


@register.simple_tag
def related_content(obj):
    """``{% related_content training %}``: what other apps relate to ``obj`` (synergy.core.related),
    already HTML: ``render_for`` returns the SafeString of an autoescaped template."""
    from synergy.core.related import render_for

    return render_for(obj)
