"""A tiny registry so each app can contribute its part of a personal-data export."""

from collections.abc import Callable

_sections: dict[str, Callable] = {}


def register_section(name: str, collector: Callable) -> None:
    """Register ``collector(user) -> JSON-ready value`` under ``name`` in the export."""
    _sections[name] = collector


def collect_sections(user) -> dict:
    return {name: collector(user) for name, collector in sorted(_sections.items())}
