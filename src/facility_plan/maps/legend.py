"""The legend and title boxes of the interactive maps: minute classes, centre symbols, the run's notes."""

from __future__ import annotations

from collections.abc import Sequence

from branca.element import MacroElement
from jinja2 import Template

from facility_plan.labels import (
    EXISTING_COLOUR,
    MINUTE_BINS,
    MINUTE_COLOURS,
    NEW_COLOUR,
    Language,
    label,
)
from facility_plan.maps.escaping import escape_text

#: Styles of the legend, title and centre boxes of the interactive maps (page header).
LEGEND_STYLE = """
    <style>
      .fp-legend{position:fixed;bottom:24px;right:12px;z-index:1000;background:#fff;padding:8px 10px;
        border:1px solid #888;border-radius:4px;font:12px/1.35 Arial,sans-serif;max-width:300px}
      .fp-legend span{display:inline-block;width:14px;height:12px;margin-right:6px;border:1px solid #555}
      .fp-legend .fp-dot{display:inline-block;width:12px;height:12px;border-radius:50%;margin-right:6px;
        background:#777}
      .fp-legend .fp-diamond{border-radius:2px;transform:rotate(45deg);width:10px;height:10px}
      .fp-legend p{margin:4px 0 0 0;color:#444;font-size:11px}
      .fp-title{position:fixed;top:10px;left:60px;z-index:1000;background:rgba(255,255,255,.92);
        padding:6px 10px;border:1px solid #888;border-radius:4px;font:bold 15px Arial,sans-serif;max-width:60%}
      .fp-centre{border-radius:50%;border:2px solid #fff;box-shadow:0 0 3px #000;color:#fff;
        font:bold 11px/22px Arial,sans-serif;text-align:center;width:22px;height:22px}
      .fp-centre.fp-non_public{border-radius:3px;transform:rotate(45deg)}
      .fp-centre.fp-non_public span{display:inline-block;transform:rotate(-45deg)}
      .fp-popup th,.fp-popup td{font:12px Arial,sans-serif;vertical-align:top}
      .leaflet-container{background:#eef2f5}
      @media print{.leaflet-control-layers{display:none}}
    </style>
    """


def map_legend(language: Language, title_html: str, notes: Sequence[str]) -> MacroElement:
    """The legend box (minute classes, centre symbols, notes) and the title box of a map.

    Parameters
    ----------
    language
        ``vi`` or ``en``.
    title_html
        The map title, already HTML (see `escape_run`).
    notes
        Notes as plain text; escaped here.
    """
    swatches = []
    edges = [*MINUTE_BINS, None]
    for colour, low, high in zip(MINUTE_COLOURS, edges[:-1], edges[1:], strict=True):
        text = f"{low:g}–{high:g}" if high is not None else f"≥ {low:g}"
        swatches.append(
            f"<div><span style='background:{colour}'></span>{escape_text(text)} "
            f"{escape_text(label('minutes', language))}</div>"
        )
    swatches.append(
        f"<div><i style='background:{EXISTING_COLOUR}' class='fp-dot'></i>"
        f"{escape_text(label('existing_centre', language))}</div>"
        f"<div><i style='background:{NEW_COLOUR}' class='fp-dot'></i>"
        f"{escape_text(label('new_centre', language))}</div>"
        f"<div><i class='fp-dot'></i>{escape_text(label('public', language))} · "
        f"<i class='fp-dot fp-diamond'></i>{escape_text(label('non_public', language))}</div>"
    )
    note_html = "".join(f"<p>{escape_text(note)}</p>" for note in notes)
    body = (
        "<div id='fp-legend' class='fp-legend'>"
        f"<b>{escape_text(label('travel_minutes', language))}</b>{''.join(swatches)}{note_html}</div>"
        f"<div id='fp-title' class='fp-title'>{title_html}</div>"
    )
    style = LEGEND_STYLE
    return _LegendElement(style, body)


def legend_element(style_html: str, body_html: str) -> MacroElement:
    """A map element with `style_html` in the page header and `body_html` (already HTML, every
    text escaped with `escape_text`) in the body: a legend or title box."""
    return _LegendElement(style_html, body_html)


class _LegendElement(MacroElement):
    """Style in the page header, legend and title in the body.

    The HTML is passed as attributes rather than pasted into the template source. branca still
    renders the output once more as a template, which is why `escape_text` escapes braces.
    """

    _template = Template(
        "{% macro header(this, kwargs) %}{{ this.style_html }}{% endmacro %}"
        "{% macro html(this, kwargs) %}{{ this.body_html }}{% endmacro %}"
    )

    def __init__(self, style_html: str, body_html: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca leaves __init__ untyped
        self._name = "MapLegend"
        self.style_html = style_html
        self.body_html = body_html
