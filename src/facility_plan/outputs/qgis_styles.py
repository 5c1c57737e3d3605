"""QGIS layer styles (QML) for the plan's GeoPackage, in the colours of the HTML map."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from facility_plan.labels import (
    EXISTING_COLOUR,
    MINUTE_BINS,
    MINUTE_COLOURS,
    NEW_COLOUR,
    NO_DATA_COLOUR,
    Language,
    format_number,
    label,
)

#: QGIS version the styles are written for (read by QGIS 3.16 and later).
QGIS_VERSION = "3.28.0"
#: Outline of commune polygons and centre markers, as on the HTML map.
COMMUNE_OUTLINE = "#555555"
DISTRICT_OUTLINE = "#222222"
#: Fill opacity of commune polygons on the HTML map (0–1).
COMMUNE_FILL_OPACITY = 0.75
#: Opacity of the assignment lines on the HTML map (0–1).
ASSIGNMENT_OPACITY = 0.6


def _rgba(colour: str, opacity: float = 1.0) -> str:
    """``#rrggbb`` as QGIS writes colours: ``r,g,b,a`` with 0–255 channels."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"{red},{green},{blue},{round(opacity * 255)}"


def _options(parent: ET.Element, values: dict[str, str]) -> None:
    """A QGIS ``<Option type="Map">`` of string values under `parent`."""
    mapping = ET.SubElement(parent, "Option", type="Map")
    for name, value in values.items():
        ET.SubElement(mapping, "Option", type="QString", name=name, value=value)


def _symbol(parent: ET.Element, name: str, geometry: str, colour: str) -> None:
    """One symbol: a filled polygon, a circle marker or a line in `colour` (``#rrggbb``)."""
    kinds = {"fill": "SimpleFill", "marker": "SimpleMarker", "line": "SimpleLine"}
    symbol = ET.SubElement(
        parent, "symbol", type=geometry, name=name, alpha="1", clip_to_extent="1", force_rhr="0"
    )
    layer = ET.SubElement(
        symbol, "layer", {"class": kinds[geometry], "enabled": "1", "locked": "0", "pass": "0"}
    )
    if geometry == "fill":
        values = {
            "color": _rgba(colour, COMMUNE_FILL_OPACITY),
            "style": "solid",
            "outline_color": _rgba(COMMUNE_OUTLINE),
            "outline_style": "solid",
            "outline_width": "0.16",
            "outline_width_unit": "MM",
        }
    elif geometry == "marker":
        values = {
            "name": "circle",
            "color": _rgba(colour),
            "outline_color": _rgba("#ffffff"),
            "outline_width": "0.4",
            "outline_width_unit": "MM",
            "size": "2.6",
            "size_unit": "MM",
        }
    else:
        values = {
            "line_color": _rgba(colour, ASSIGNMENT_OPACITY),
            "line_style": "solid",
            "line_width": "0.35",
            "line_width_unit": "MM",
            "capstyle": "round",
        }
    _options(layer, values)


def _document(renderer: ET.Element, labelling: ET.Element | None = None) -> str:
    """The QML text of a layer with `renderer` (and `labelling`, when given)."""
    root = ET.Element(
        "qgis",
        version=QGIS_VERSION,
        styleCategories="Symbology|Labeling",
        labelsEnabled="1" if labelling is not None else "0",
    )
    root.append(renderer)
    if labelling is not None:
        root.append(labelling)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n" + body + "\n"


def minute_class_labels(language: Language) -> list[str]:
    """Legend texts of the travel-minute classes (`MINUTE_BINS`): ``0–10 phút`` … ``≥ 60 phút``."""
    unit = label("minutes", language)
    edges = [format_number(edge, decimals=0, language=language) for edge in MINUTE_BINS]
    texts = [f"{low}–{high} {unit}" for low, high in itertools.pairwise(edges)]
    return [*texts, f"≥ {edges[-1]} {unit}"]


def minutes_style(field: str, geometry: str, language: Language) -> str:
    """QML colouring polygons (``fill``) or points (``marker``) by travel-minute class of `field`.

    The classes and colours are the HTML map's (`MINUTE_BINS`, `MINUTE_COLOURS`, minutes);
    features without minutes are grey (`NO_DATA_COLOUR`), as on the map.
    """
    renderer = ET.Element("renderer-v2", type="RuleRenderer", symbollevels="0", forceraster="0")
    rules = ET.SubElement(renderer, "rules", key="root")
    symbols = ET.SubElement(renderer, "symbols")
    quoted = f'"{field}"'
    uppers: Sequence[float | None] = [*MINUTE_BINS[1:], None]
    texts = minute_class_labels(language)
    for index, (lower, upper) in enumerate(zip(MINUTE_BINS, uppers, strict=True)):
        condition = f"{quoted} >= {lower:g}" if index else f"{quoted} IS NOT NULL"
        if upper is not None:
            condition += f" AND {quoted} < {upper:g}"
        ET.SubElement(
            rules, "rule", key=f"minutes_{index}", filter=condition, label=texts[index],
            symbol=str(index),
        )  # fmt: skip
        _symbol(symbols, str(index), geometry, MINUTE_COLOURS[index])
    missing = str(len(MINUTE_COLOURS))
    ET.SubElement(
        rules,
        "rule",
        key="no_data",
        filter="ELSE",
        label=label("no_data", language),
        symbol=missing,
    )
    _symbol(symbols, missing, geometry, NO_DATA_COLOUR)
    return _document(renderer)


def _code_labels(field: str) -> ET.Element:
    """Labels with the value of `field` (centre codes E1, N1 …) beside each point, white halo."""
    labelling = ET.Element("labeling", type="simple")
    settings = ET.SubElement(labelling, "settings", calloutType="simple")
    style = ET.SubElement(
        settings, "text-style", fieldName=field, isExpression="0", fontFamily="DejaVu Sans",
        fontSize="9", fontSizeUnit="Point", fontWeight="75", textColor="0,0,0,255",
        textOpacity="1",
    )  # fmt: skip
    ET.SubElement(
        style, "text-buffer", bufferDraw="1", bufferSize="0.8", bufferSizeUnits="MM",
        bufferColor="255,255,255,255", bufferOpacity="1",
    )  # fmt: skip
    ET.SubElement(settings, "placement", placement="1", dist="1.5", distUnits="MM")
    ET.SubElement(settings, "rendering", obstacle="1", drawLabels="1")
    return labelling


def centres_style(language: Language, *, labelled: bool = True) -> str:
    """QML of centres (points or lines by ``status``): existing blue, new red, as on the HTML map.

    With `labelled`, each point carries its code (``code``: E1, N1 …) as on the map.
    """
    return _categorised("status", "marker", language, _code_labels("code") if labelled else None)


def assignments_style(language: Language) -> str:
    """QML of commune → centre lines, coloured by the status of the centre (``site_status``)."""
    return _categorised("site_status", "line", language, None)


def _categorised(
    field: str, geometry: str, language: Language, labelling: ET.Element | None
) -> str:
    renderer = ET.Element(
        "renderer-v2", type="categorizedSymbol", attr=field, symbollevels="0", forceraster="0"
    )
    categories = ET.SubElement(renderer, "categories")
    symbols = ET.SubElement(renderer, "symbols")
    for index, (value, key, colour) in enumerate(
        (("existing", "existing_centre", EXISTING_COLOUR), ("new", "new_centre", NEW_COLOUR))
    ):
        ET.SubElement(
            categories, "category", value=value, symbol=str(index), label=label(key, language),
            render="true", type="string",
        )  # fmt: skip
        _symbol(symbols, str(index), geometry, colour)
    return _document(renderer, labelling)


def districts_style() -> str:
    """QML of district outlines: no fill, dark outline as on the HTML map."""
    renderer = ET.Element("renderer-v2", type="singleSymbol", symbollevels="0", forceraster="0")
    symbols = ET.SubElement(renderer, "symbols")
    symbol = ET.SubElement(
        symbols, "symbol", type="fill", name="0", alpha="1", clip_to_extent="1", force_rhr="0"
    )
    layer = ET.SubElement(
        symbol, "layer", {"class": "SimpleFill", "enabled": "1", "locked": "0", "pass": "0"}
    )
    _options(
        layer,
        {
            "color": "0,0,0,0",
            "style": "no",
            "outline_color": _rgba(DISTRICT_OUTLINE),
            "outline_style": "solid",
            "outline_width": "0.6",
            "outline_width_unit": "MM",
        },
    )
    return _document(renderer)


def unserved_style() -> str:
    """QML of unserved demand points: purple circles as on the HTML map."""
    renderer = ET.Element("renderer-v2", type="singleSymbol", symbollevels="0", forceraster="0")
    symbols = ET.SubElement(renderer, "symbols")
    _symbol(symbols, "0", "marker", "#54278f")
    return _document(renderer)
