"""Horizontal bar charts drawn on the server as SVG: no script, no library, no CDN.

The template draws what `bar_chart` measures; the colours come from the dashboard's
stylesheet (classes `chart-series-<n>`), so that they follow the admin's light and dark
themes. Each chart goes with a table of the same figures, which screen readers read.
"""

WIDTH = 800
LABEL_WIDTH = 300  # category names, right-aligned against the axis
VALUE_SPACE = 60  # the figure written after the longest bar
BAR_AREA = WIDTH - LABEL_WIDTH - VALUE_SPACE
BAR = 18  # a bar's thickness when the chart has one series
GROUPED_BAR = 12  # when each category has several bars
GAP = 12  # between two categories
LEGEND = 30  # the legend's height, above the bars
MAX_LABEL = 40  # characters; longer names are cut (the table has them whole)
CHAR_WIDTH = 7  # an estimate, to place the legend's entries one after another


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    series: list[str],
    categories: list[tuple[str, list, list[str]]],
) -> dict:
    """Measure a horizontal bar chart.

    `categories` lists (label, values, texts): one value per series (None draws no bar)
    and the text written after each bar. Bars share one scale from zero.
    """
    several = len(series) > 1
    bar = GROUPED_BAR if several else BAR
    top = LEGEND if several else 6
    largest = max((value or 0 for _label, values, _t in categories for value in values), default=0)
    legend, x = [], LABEL_WIDTH
    if several:
        for index, name in enumerate(series):
            legend.append({"index": index, "label": name, "x": x, "text_x": x + 18, "y": 8})
            x += 18 + len(name) * CHAR_WIDTH + 24
    groups, y = [], top
    for label, values, texts in categories:
        bars = []
        for index, (value, text) in enumerate(zip(values, texts, strict=True)):
            width = round(BAR_AREA * (value or 0) / largest, 1) if largest else 0
            if value and width < 1:
                width = 1  # a small figure stays visible
            bar_y = y + index * (bar + 2)
            bars.append(
                {
                    "index": index,
                    "x": LABEL_WIDTH,
                    "y": bar_y,
                    "width": width,
                    "height": bar,
                    "text": text,
                    "text_x": LABEL_WIDTH + width + 5,
                    "text_y": bar_y + bar / 2 + 4,
                }
            )
        height = len(values) * (bar + 2) - 2
        groups.append(
            {
                "label": label,
                "short_label": _short(label),
                "cut": len(label) > MAX_LABEL,
                "label_x": LABEL_WIDTH - 8,
                "label_y": y + height / 2 + 4,
                "bars": bars,
            }
        )
        y += height + GAP
    bottom = y - GAP + 6
    return {
        "id": chart_id,
        "title": title,
        "description": description,
        "width": WIDTH,
        "height": bottom + 4,
        "axis": {"x": LABEL_WIDTH, "y1": top - 3, "y2": bottom},
        "legend": legend,
        "groups": groups,
    }
