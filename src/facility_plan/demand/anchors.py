"""Independent anchors for a province's residential demand: national residents per 1,000; register route."""

from __future__ import annotations

from dataclasses import dataclass

from facility_plan.config import DemandAnchorSettings


@dataclass(frozen=True, slots=True)
class DemandAnchor:
    """One cross-check of the demand total, computed apart from the prevalence chain.

    Attributes
    ----------
    key
        ``national_rate`` or ``register``.
    low_persons, high_persons
        The anchor's range (persons).
    basis_vi, basis_en
        The arithmetic in words, e.g. "0,46–0,62 người/1.000 dân × 1.052.000 dân".
    source
        Where the ratios come from.
    status
        How far they can be trusted (seen, recalled, derived, plan, placeholder).
    """

    key: str
    low_persons: float
    high_persons: float
    basis_vi: str
    basis_en: str
    source: str
    status: str

    def basis(self, language: str) -> str:
        """The arithmetic in `language` (``vi`` or ``en``)."""
        return self.basis_vi if language == "vi" else self.basis_en


def _thousands(value: float, language: str) -> str:
    text = f"{value:,.0f}"
    return text.replace(",", ".") if language == "vi" else text


def _decimal(value: float, language: str, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if language == "vi" else text


def demand_anchors(
    population_persons: float, settings: DemandAnchorSettings
) -> tuple[DemandAnchor, ...]:
    """The two anchors for a province of `population_persons` people in the demand year.

    ``national_rate = population × [0.46, 0.62] / 1,000``;
    ``register = recipients × [1.3 %, 1.5 %]`` with ``recipients`` the register count, or
    ``population × 3.3 %`` when no register count is given.

    Parameters
    ----------
    population_persons
        The province's population in the demand year (persons).
    settings
        The ratios, their sources and status (`facility_plan.config.DemandAnchorSettings`).

    Returns
    -------
    tuple of DemandAnchor
        National rate first, then the register route.
    """
    rate_low, rate_high = settings.residents_per_1000
    share_low, share_high = settings.facility_share_of_recipients
    register = settings.allowance_recipients_persons
    if register is None:
        recipients = population_persons * settings.recipients_share_of_population
        recipients_vi = (
            f"{_decimal(100 * settings.recipients_share_of_population, 'vi', 1)} % × "
            f"{_thousands(population_persons, 'vi')} dân (tỷ lệ toàn quốc, không có sổ đối tượng)"
        )
        recipients_en = (
            f"{_decimal(100 * settings.recipients_share_of_population, 'en', 1)} % × "
            f"{_thousands(population_persons, 'en')} people (national ratio, no register given)"
        )
    else:
        recipients = float(register)
        recipients_vi = f"{_thousands(recipients, 'vi')} người hưởng trợ cấp (sổ đối tượng)"
        recipients_en = f"{_thousands(recipients, 'en')} allowance recipients (register)"
    shares_vi = f"{_decimal(100 * share_low, 'vi', 1)}–{_decimal(100 * share_high, 'vi', 1)} %"
    shares_en = f"{_decimal(100 * share_low, 'en', 1)}–{_decimal(100 * share_high, 'en', 1)} %"
    return (
        DemandAnchor(
            key="national_rate",
            low_persons=population_persons * rate_low / 1000.0,
            high_persons=population_persons * rate_high / 1000.0,
            basis_vi=(
                f"{_decimal(rate_low, 'vi', 2)}–{_decimal(rate_high, 'vi', 2)} người/1.000 dân "
                f"(toàn quốc 2020 – mục tiêu 2030) × {_thousands(population_persons, 'vi')} dân"
            ),
            basis_en=(
                f"{_decimal(rate_low, 'en', 2)}–{_decimal(rate_high, 'en', 2)} residents per "
                f"1,000 people (national 2020 – 2030 target) × "
                f"{_thousands(population_persons, 'en')} people"
            ),
            source=settings.residents_per_1000_source,
            status=settings.residents_per_1000_status,
        ),
        DemandAnchor(
            key="register",
            low_persons=recipients * share_low,
            high_persons=recipients * share_high,
            basis_vi=f"{shares_vi} sống tại cơ sở × {recipients_vi}",
            basis_en=f"{shares_en} living in a facility × {recipients_en}",
            source=settings.register_source,
            status=settings.register_status,
        ),
    )
