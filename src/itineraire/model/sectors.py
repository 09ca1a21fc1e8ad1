"""The ten modular sectors of the Grand Est skills pact."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Sector"]


class Sector(StrEnum):
    """A modular sector of the pact; the value is the name used in files."""

    DIGITAL = "digital"
    RETAIL = "retail"
    PERSONAL_SERVICES = "personal_services"
    RETAIL_CRAFTS = "retail_crafts"
    CLEANING_CARE = "cleaning_care"
    HOTEL_RESTAURANT_TOURISM = "hotel_restaurant_tourism"
    WOOD = "wood"
    INDUSTRY = "industry"
    BUILDING = "building"
    AGRICULTURE = "agriculture"

    @property
    def label(self) -> str:
        """The sector's name for people."""
        return _TITLES[self]


_TITLES = {
    Sector.DIGITAL: "Digital",
    Sector.RETAIL: "Retail",
    Sector.PERSONAL_SERVICES: "Personal services",
    Sector.RETAIL_CRAFTS: "Retail / food crafts",
    Sector.CLEANING_CARE: "Cleaning / personal services / health-social",
    Sector.HOTEL_RESTAURANT_TOURISM: "Hotel-restaurant-tourism",
    Sector.WOOD: "Wood",
    Sector.INDUSTRY: "Industry",
    Sector.BUILDING: "Building (finishing trades)",
    Sector.AGRICULTURE: "Agriculture",
}
