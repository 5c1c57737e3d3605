"""HTML escaping of the run's text where it enters an interactive map: tables, titles, popups.

Folium places tooltip and popup text as raw HTML: `folium.Tooltip` and `folium.Html` inside a
JavaScript template literal, `GeoJsonTooltip`/`GeoJsonPopup` field values and layer names through
``innerHTML``; and branca renders each element's output a second time as a Jinja template. So
every text from a table or the scenario file is escaped once, here: the map's layers read the
frames of `escape_run`, whose free-text columns are already HTML, and build their HTML with
`popup_html`, which escapes the label text it is given.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from facility_plan.labels import is_missing
from facility_plan.scenario import ScenarioResult

_SCRIPT_AND_TEMPLATE_CHARACTERS = str.maketrans(
    {"`": "&#96;", "$": "&#36;", "{": "&#123;", "}": "&#125;"}
)
#: Free-text columns of the communes, cells and sites tables that reach the map.
TEXT_COLUMNS = ("name_vi", "commune_name_vi", "district_name_vi", "tier_id", "site_id")


def escape_text(text: object) -> str:
    """Escape text for HTML that folium may place inside a JavaScript template literal or a template.

    Besides ``& < > " '`` this escapes the backtick and ``$``, so that a name such as
    ``${alert(1)}`` or `` `); alert(1); (` `` stays text, and the braces: branca renders the
    output of every map element once more as a Jinja template, where ``{{ … }}`` in a name would
    run Python code while the map is written.

    Examples
    --------
    >>> escape_text("<b>Kim Sơn</b> ${x} {{ 7*7 }}")
    '&lt;b&gt;Kim Sơn&lt;/b&gt; &#36;&#123;x&#125; &#123;&#123; 7*7 &#125;&#125;'
    """
    escaped = html.escape(str(text), quote=True)
    return escaped.translate(_SCRIPT_AND_TEMPLATE_CHARACTERS)


def escaped_copy(frame: pd.DataFrame, columns: Sequence[str] = TEXT_COLUMNS) -> pd.DataFrame:
    """A copy of `frame` whose `columns` (those present) hold HTML-escaped text; missing stays missing.

    The index is kept as is, so rows are still looked up by their ids.
    """
    copy = frame.copy()
    for column in columns:
        if column in copy.columns:
            copy[column] = [
                value if is_missing(value) else escape_text(value) for value in copy[column]
            ]
    return copy


@dataclass(frozen=True)
class EscapedRun:
    """The tables and title of a run as they enter the map: free text HTML-escaped, numbers as is.

    Attributes
    ----------
    communes
        `ScenarioResult.communes` (points, EPSG:4326) with escaped names.
    cells
        The commune polygons drawn (`ScenarioResult.inputs.cells`, EPSG:4326) with escaped names.
    sites
        `ScenarioResult.sites` with escaped names, tier and site ids.
    title
        The scenario's ``title_vi``, escaped.
    """

    communes: gpd.GeoDataFrame
    cells: gpd.GeoDataFrame
    sites: gpd.GeoDataFrame
    title: str


def escape_run(result: ScenarioResult) -> EscapedRun:
    """The run's text as it may enter the map (see `EscapedRun`)."""
    return EscapedRun(
        communes=escaped_copy(result.communes),
        cells=escaped_copy(result.inputs.cells),
        sites=escaped_copy(result.sites),
        title=escape_text(result.config.title_vi),
    )


def popup_html(title_html: str, rows: Sequence[tuple[str, str]]) -> str:
    """A bold title over a two-column table, as HTML for a tooltip or popup.

    Parameters
    ----------
    title_html
        The title, already HTML (escaped table text).
    rows
        ``(label text, value HTML)``: the label is escaped here; the value must already be HTML
        (escaped table text, or a number formatted by `format_number`).
    """
    cells = "".join(
        f"<tr><th style='text-align:left;padding-right:6px'>{escape_text(key)}</th>"
        f"<td>{value}</td></tr>"
        for key, value in rows
    )
    return f"<b>{title_html}</b><table class='fp-popup'>{cells}</table>"
