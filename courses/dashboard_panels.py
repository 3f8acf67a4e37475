"""Sections that later apps add to the trainee dashboard without courses importing them.

Certificates, for instance, registers a panel named ``"certificates"`` from its
``AppConfig.ready``; until one exists the dashboard keeps a placeholder there.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DashboardPanel:
    name: str
    template_name: str
    # get_context(request) -> dict; it should run a fixed number of queries.
    get_context: Callable
    order: int = 100


_panels: dict[str, DashboardPanel] = {}


def register_dashboard_panel(panel: DashboardPanel) -> None:
    """Add (or replace, by name) a section of the trainee dashboard."""
    _panels[panel.name] = panel


def dashboard_panels(request) -> list[dict]:
    """The registered panels, in order, each with its rendered context."""
    return [
        {"name": p.name, "template_name": p.template_name, "context": p.get_context(request)}
        for p in sorted(_panels.values(), key=lambda p: (p.order, p.name))
    ]
