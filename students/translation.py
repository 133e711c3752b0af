from modeltranslation.translator import TranslationOptions, register

from students.models import Sector, ShortageOccupation, Track


@register(Sector)
class SectorTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Track)
class TrackTranslationOptions(TranslationOptions):
    fields = ("name", "description", "occupations")


@register(ShortageOccupation)
class ShortageOccupationTranslationOptions(TranslationOptions):
    fields = ("name",)
