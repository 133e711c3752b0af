"""Checks that the Dutch and English catalogues are complete and compiled."""

from pathlib import Path

from django.conf import settings

LANGUAGES = ("nl", "en")
# Messages that are rightly the same in French and in another language: names, and words
# the languages share.
ALLOWED_IDENTICAL = {
    "Campus Portal",
    "Campus Portal – administration",
    "Campus des Arts et Métiers",
    "E-mail",
    "Service",
    "Type",
    # Brussels communes whose name is the same in French, Dutch and English.
    "Anderlecht",
    "Etterbeek",
    "Evere",
    "Ganshoren",
    "Jette",
    "Koekelberg",
}


def catalogue_path(language: str, suffix: str = "po") -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / f"django.{suffix}"


def _key(entry) -> tuple:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def problems_in(language: str) -> list[str]:
    """What is missing, fuzzy, left in French or not compiled in one language's catalogue."""
    import polib

    po_path, mo_path = catalogue_path(language), catalogue_path(language, "mo")
    if not po_path.exists():
        return [f"{po_path} is missing"]
    po = polib.pofile(str(po_path))
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        where = f"{language}: {entry.msgid!r}"
        if "fuzzy" in entry.flags:
            problems.append(f"{where} is fuzzy")
        elif not entry.translated():
            problems.append(f"{where} is not translated")
        elif entry.msgstr == entry.msgid and entry.msgid not in ALLOWED_IDENTICAL:
            problems.append(f"{where} is left equal to the French source")
    if not mo_path.exists():
        return [*problems, f"{mo_path} is missing: run make messages"]
    compiled = {
        _key(entry): (entry.msgstr, entry.msgstr_plural) for entry in polib.mofile(str(mo_path))
    }
    for entry in po.translated_entries():
        if compiled.get(_key(entry)) != (entry.msgstr, entry.msgstr_plural):
            problems.append(f"{language}: {entry.msgid!r} is not compiled: run make messages")
    return problems


def upstream_gaps(language: str = "nl") -> list[str]:
    """Strings of the installed apps translated into French but not into `language`.

    Django falls back to the default language (French) for a string missing from a
    catalogue, so each of these would show up in French on a Dutch page unless one of
    our catalogues translates it.
    """
    import polib
    from django.apps import apps

    ours = set()
    for locale_path in settings.LOCALE_PATHS:
        path = Path(locale_path) / language / "LC_MESSAGES" / "django.po"
        if path.exists():
            ours |= {_key(entry) for entry in polib.pofile(str(path)).translated_entries()}
    gaps = []
    for config in apps.get_app_configs():
        french = Path(config.path) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
        if not french.exists():
            continue
        other = french.parents[2] / language / "LC_MESSAGES" / "django.po"
        have = (
            {_key(entry) for entry in polib.pofile(str(other)).translated_entries()}
            if other.exists()
            else set()
        )
        for entry in polib.pofile(str(french)).translated_entries():
            if _key(entry) not in have and _key(entry) not in ours:
                gaps.append(f"{language}: {config.label} lacks {entry.msgid!r}")
    return gaps


def msgids(po_path: Path) -> set[tuple]:
    import polib

    return {_key(entry) for entry in polib.pofile(str(po_path)) if not entry.obsolete}
