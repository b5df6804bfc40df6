"""``nestgen preview``: the deploy form of a template as a static HTML page."""

from nestgen.preview.build import preview_page, write_preview

__all__ = ["preview_page", "write_preview"]
