from modeltranslation.translator import TranslationOptions, register

from campus_portal.models import SchoolOffice


@register(SchoolOffice)
class SchoolOfficeTranslationOptions(TranslationOptions):
    fields = ("opening_hours",)
