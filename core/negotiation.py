"""Content negotiation for the views that answer something other than JSON (an HTML page, a file)."""

from rest_framework.negotiation import BaseContentNegotiation


class FirstRendererNegotiation(BaseContentNegotiation):
    """The view's first parser and renderer, whatever the client's Accept says: a browser asking for
    HTML, or a player for video/*, still gets its errors as JSON like every /api/ error (DRF's own
    negotiation would answer them 406)."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
