"""Render the report's static HTML pages from the jinja2 templates, every piece of text autoescaped."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Mapping, Sequence
from importlib import metadata, resources
from typing import Any

import jinja2

from facility_plan.labels import Language, is_missing, label, label_table
from facility_plan.report.cells import ReportTable, cell_text
from facility_plan.scenario import ScenarioResult

#: What a page must never contain: it is a static page that works offline, with no script.
_ONLINE_MARKERS = ("<script", '<link rel="stylesheet" href="http', 'src="http', "url(http")


def template_environment() -> jinja2.Environment:
    """The jinja2 environment of the report templates (``report/templates``), autoescape on.

    Every ``{{ value }}`` is HTML-escaped, in text and in attributes; the templates use no
    ``|safe`` and the code hands them plain strings only (`html_table`, `render_page`).
    """
    folder = resources.files("facility_plan.report").joinpath("templates")

    def load(name: str) -> str:
        return folder.joinpath(name).read_text(encoding="utf-8")

    return jinja2.Environment(
        loader=jinja2.FunctionLoader(load),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_page(template: str, context: Mapping[str, Any]) -> str:
    """Render `template` (a file in ``report/templates``) with `context`, checked to work offline.

    Raises
    ------
    ValueError
        The page would load a script, a style sheet or an image from the network.
    """
    page = template_environment().get_template(template).render(**context)
    _check_offline(page, template)
    return page


def _check_offline(page: str, template: str) -> None:
    lowered = page.lower()
    for marker in _ONLINE_MARKERS:
        if marker in lowered:
            msg = (
                f"{template}: the page would contain {marker!r}; "
                "it must be a static page that works offline"
            )
            raise ValueError(msg)


def html_table(table: ReportTable, language: Language) -> dict[str, Any]:
    """`table` as the ``table`` macro of ``macros.html.j2`` reads it: column titles and cell texts.

    Returns
    -------
    dict
        ``columns``: ``{"title", "numeric"}`` per column; ``rows``: ``{"cells", "css"}`` per
        row, cells as plain text (the template escapes them), css ``total``, ``flag`` or empty;
        ``notes``: the table's notes, printed under it.
    """
    last = len(table.frame) - 1
    rows = []
    for row_number, values in enumerate(table.frame.itertuples(index=False)):
        is_total = table.total and row_number == last
        css = "total" if is_total else ""
        if table.flagged and table.flagged[row_number]:
            css = "flag"
        cells = [
            ""
            if is_total and is_missing(value)
            else cell_text(value, table.kind(row_number, i), language)
            for i, value in enumerate(values)
        ]
        rows.append({"cells": cells, "css": css})
    if table.row_kinds:
        columns = [
            {"title": title, "numeric": index > 0} for index, title in enumerate(table.titles)
        ]
    else:
        columns = [
            {"title": title, "numeric": kind not in ("text", "year")}
            for title, kind in zip(table.titles, table.kinds, strict=True)
        ]
    return {"columns": columns, "rows": rows, "notes": list(table.notes)}


def page_labels(language: Language) -> dict[str, str]:
    """Every label in `language`, by key, for the templates (``L.h_map`` …)."""
    return {key: values[language] for key, values in label_table().items()}


def generated_note(scenario: str, language: Language) -> str:
    """The footer: which facility_plan version made the page, from which scenario, on which day."""
    try:
        version = metadata.version("facility_plan")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        version = "?"
    note = label("generated_note", language).format(version=version, scenario=scenario)
    return f"{note} {dt.date.today().isoformat()}"


def placeholder_note(results: Sequence[ScenarioResult], language: Language) -> str:
    """A notice naming the demand groups whose shares are placeholders; empty when there are none."""
    groups: dict[str, None] = {}
    for result in results:
        labels_by_group = {g["group"]: g["label_vi"] for g in result.summary.demand_groups}
        for group in result.summary.assumptions_flagged:
            groups[f"{labels_by_group.get(group, group)} ({group})"] = None
    if not groups:
        return ""
    return (
        label("placeholder_flag", language)
        + ". "
        + label("placeholder_groups_note", language).format(groups=", ".join(groups))
    )


def png_base64(figures: Mapping[str, bytes], name: str) -> str:
    """The figure `name` as base64 text for a ``data:image/png;base64,`` source."""
    return base64.b64encode(figures[name]).decode("ascii")
