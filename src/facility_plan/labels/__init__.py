"""Base layer for everything a person reads: labels (vi/en), formatting, centre codes and map colours."""

from facility_plan.labels.catalogue import Language, label, label_or, label_table
from facility_plan.labels.colours import (
    EXISTING_COLOUR,
    MINUTE_BINS,
    MINUTE_COLOURS,
    NEW_COLOUR,
    NO_DATA_COLOUR,
    minutes_colour,
)
from facility_plan.labels.formatting import (
    centre_codes,
    format_number,
    format_percent,
    format_short,
    format_table,
    format_vnd,
    is_missing,
    status_text,
)

__all__ = [
    "EXISTING_COLOUR",
    "MINUTE_BINS",
    "MINUTE_COLOURS",
    "NEW_COLOUR",
    "NO_DATA_COLOUR",
    "Language",
    "centre_codes",
    "format_number",
    "format_percent",
    "format_short",
    "format_table",
    "format_vnd",
    "is_missing",
    "label",
    "label_or",
    "label_table",
    "minutes_colour",
    "status_text",
]
