from django import template
from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.utils import translation

from synergy.core.markup import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Render user Markdown safely: ``{{ training.description|markdown }}``."""
    return render_markdown(text)


class FragmentNode(template.Node):
    def __init__(self, nodelist, name: str, vary_on: list):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def render(self, context):
        vary = [translation.get_language(), *(str(v.resolve(context)) for v in self.vary_on)]
        key = make_template_fragment_key(self.name, vary)
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(key, html, settings.FRAGMENT_CACHE_SECONDS)
        return html


@register.tag
def fragment(parser, token):
    """``{% fragment "name" generation request.GET.urlencode %}…{% endfragment %}``: the enclosed
    part rendered once per language and per value of what follows the name, for at most
    ``FRAGMENT_CACHE_SECONDS``. Pass the generations it shows (synergy.core.caching); put nothing
    personal inside."""
    name, *vary_on = token.split_contents()[1:] or [None]
    if name is None or name[0] not in "\"'" or name[0] != name[-1]:
        raise template.TemplateSyntaxError("{% fragment %} takes a quoted name, then what the fragment varies on.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, name[1:-1], [parser.compile_filter(v) for v in vary_on])
