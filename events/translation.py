from modeltranslation.translator import TranslationOptions, register

from events.models import MeetingDay


@register(MeetingDay)
class MeetingDayTranslationOptions(TranslationOptions):
    fields = ("title", "description")
