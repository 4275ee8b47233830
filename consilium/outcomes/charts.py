"""Small server-rendered SVG charts: no charting library, readable without colour alone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

_COLOURS = {"yes": "#1e6b3a", "not_sure": "#8a5a00", "no": "#a1262b"}
_LABELS = {"yes": "Worth it", "not_sure": "Not sure", "no": "Not worth it"}


def worth_it_bar(
    counts: dict[str, int], width: int = 320, links: Mapping[str, str] | None = None
) -> str:
    """One stacked bar of yes / not sure / no, with a legend giving each count.

    The legend is HTML, not SVG text, so it reads at the page's own size on a phone; with
    links (answer to URL) each count in it leads to the reports it counts.
    """
    total = sum(counts.get(key, 0) for key in _COLOURS)
    if total == 0:
        return ""
    parts, legend, x = [], [], 0.0
    for key, colour in _COLOURS.items():
        n = counts.get(key, 0)
        share = width * n / total
        if n:
            parts.append(
                f'<rect x="{x:.1f}" y="0" width="{share:.1f}" height="22" '
                f'fill="{colour}"><title>{_LABELS[key]}: {n}</title></rect>'
            )
        href = (links or {}).get(key) if n else None
        text = f'<a href="{escape(href)}">{_LABELS[key]} {n}</a>' if href else f"{_LABELS[key]} {n}"
        legend.append(
            f'<li><span class="swatch swatch-{key}" aria-hidden="true"></span>{text}</li>'
        )
        x += share
    summary = ", ".join(f"{_LABELS[k]}: {counts.get(k, 0)}" for k in _COLOURS)
    return (
        f'<svg class="chart" role="img" viewBox="0 0 {width} 22" '
        f'aria-label="{escape(summary)}" xmlns="http://www.w3.org/2000/svg">'
        + "".join(parts)
        + '</svg><ul class="chart-legend">'
        + "".join(legend)
        + "</ul>"
    )


# How long people tried a treatment, in weeks: (key for links, from, up to, label in months).
DURATION_BUCKETS = [("under-1", 0, 4, "<1 mo"), ("1-2", 4, 9, "1–2"), ("2-3", 9, 13, "2–3"),
                    ("3-6", 13, 26, "3–6"), ("6-12", 26, 52, "6–12"),
                    ("12-plus", 52, 10_000, "12+")]  # fmt: skip


def duration_histogram(
    weeks: Sequence[int],
    width: int = 320,
    height: int = 130,
    links: Mapping[str, str] | None = None,
) -> str:
    """How long people tried the treatment, in month-wide buckets up to a year and more.

    With links (bucket key to URL), each bar leads to the reports it counts.
    """
    if not weeks:
        return ""
    edges = [(lo, hi, label) for _, lo, hi, label in DURATION_BUCKETS]
    keys = [key for key, *_ in DURATION_BUCKETS]
    counts = [sum(lo <= w < hi for w in weeks) for lo, hi, _ in edges]
    top = max(counts)
    bar_width = width / len(edges)
    bars = []
    for index, ((_, _, label), n) in enumerate(zip(edges, counts, strict=True)):
        bar_height = 0 if top == 0 else (height - 40) * n / top
        x = index * bar_width
        y = height - 24 - bar_height
        bar = (
            f'<rect x="{x + 6:.1f}" y="{y:.1f}" width="{bar_width - 12:.1f}" '
            f'height="{bar_height:.1f}" fill="#1f5f8b"><title>{label} months: {n}</title></rect>'
            f'<text x="{x + bar_width / 2:.1f}" y="{height - 6}" font-size="14" '
            f'text-anchor="middle" fill="#1d2430">{label}</text>'
            f'<text x="{x + bar_width / 2:.1f}" y="{max(y - 4, 14):.1f}" font-size="14" '
            f'text-anchor="middle" fill="#1d2430">{n}</text>'
        )
        href = (links or {}).get(keys[index]) if n else None
        link_label = f"{label} months: {n} report{'s' if n != 1 else ''}"
        bars.append(
            f'<a href="{escape(href)}" aria-label="{escape(link_label)}">{bar}</a>' if href else bar
        )
    summary = "; ".join(
        f"{label} months: {n}" for (_, _, label), n in zip(edges, counts, strict=True)
    )
    # An image cannot hold links: with links the chart is a group of them.
    role = "group" if any(b.startswith("<a ") for b in bars) else "img"
    return (
        f'<svg class="chart" role="{role}" viewBox="0 0 {width} {height}" '
        f'aria-label="How long people tried it. {escape(summary)}" '
        f'xmlns="http://www.w3.org/2000/svg">' + "".join(bars) + "</svg>"
    )
