"""Charts drawn on the server as SVG: the geometry of a few bars, columns or intervals,
computed here and written out by small templates (``statistics/charts/*.svg.html``). Pure.

Every chart is shown beside a table of the same figures, which is what screen readers and
anyone without the chart use; the SVG names itself with a title and a description.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

WIDTH = 640
LABEL_WIDTH = 230
BAR_HEIGHT = 22
GAP = 8
TOP = 10
PLOT_HEIGHT = 220


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    x: float
    y: float
    width: float
    height: float
    text_x: float
    text_y: float
    withheld: bool = False


@dataclass(frozen=True)
class Tick:
    text: str
    x: float
    y: float


@dataclass
class Chart:
    """What a chart template draws."""

    kind: str  # "bars", "columns" or "intervals"
    title: str
    description: str
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    lines: list[tuple[float, float, float, float]] = field(default_factory=list)
    points: list[tuple[float, float]] = field(default_factory=list)
    reference_x: float | None = None


def _scale(values: Sequence[float | None]) -> float:
    top = max((v for v in values if v is not None), default=0.0)
    return top if top > 0 else 1.0


def bar_chart(
    title: str, description: str, items: Sequence[tuple[str, float | None, str]]
) -> Chart:
    """Horizontal bars, one per (label, value, text); a withheld value has no bar."""
    plot = WIDTH - LABEL_WIDTH - 70
    top = _scale([value for _, value, _ in items])
    bars = []
    for index, (label, value, text) in enumerate(items):
        y = TOP + index * (BAR_HEIGHT + GAP)
        width = 0.0 if value is None else max(1.0, plot * value / top) if value else 0.0
        bars.append(
            Bar(
                label=label,
                value_text=text,
                x=LABEL_WIDTH,
                y=y,
                width=width,
                height=BAR_HEIGHT,
                text_x=LABEL_WIDTH + width + 6,
                text_y=y + BAR_HEIGHT * 0.7,
                withheld=value is None,
            )
        )
    height = TOP * 2 + len(items) * (BAR_HEIGHT + GAP)
    return Chart("bars", title, description, WIDTH, max(height, 40), bars=bars)


def column_chart(
    title: str, description: str, items: Sequence[tuple[str, float | None, str]]
) -> Chart:
    """Vertical columns, one per (label, value, text), left to right (quarters)."""
    count = max(1, len(items))
    slot = (WIDTH - 40) / count
    top = _scale([value for _, value, _ in items])
    bars, ticks = [], []
    base = TOP + PLOT_HEIGHT
    for index, (label, value, text) in enumerate(items):
        height = 0.0 if not value else PLOT_HEIGHT * value / top
        x = 20 + index * slot + slot * 0.15
        bars.append(
            Bar(
                label=label,
                value_text=text,
                x=x,
                y=base - height,
                width=slot * 0.7,
                height=height,
                text_x=x + slot * 0.35,
                text_y=base - height - 4,
                withheld=value is None,
            )
        )
        ticks.append(Tick(label, x + slot * 0.35, base + 18))
    return Chart("columns", title, description, WIDTH, int(base + 30), bars=bars, ticks=ticks)


def interval_chart(
    title: str,
    description: str,
    items: Sequence[tuple[str, float, float, float]],
    reference: float | None,
) -> Chart:
    """One row per (label, estimate, low, high) on a 0–1 scale: a line from low to high
    and a dot at the estimate; ``reference`` draws the everyone's-rate line."""
    plot = WIDTH - LABEL_WIDTH - 30
    lines, points, bars = [], [], []
    for index, (label, estimate, low, high) in enumerate(items):
        y = TOP + index * (BAR_HEIGHT + GAP) + BAR_HEIGHT / 2
        lines.append((LABEL_WIDTH + plot * low, y, LABEL_WIDTH + plot * high, y))
        points.append((LABEL_WIDTH + plot * estimate, y))
        bars.append(
            Bar(label, f"{estimate:.0%}", LABEL_WIDTH, y - BAR_HEIGHT / 2, 0, BAR_HEIGHT, 0, y + 5)
        )
    height = TOP * 2 + len(items) * (BAR_HEIGHT + GAP) + 20
    ticks = [Tick(f"{share:.0%}", LABEL_WIDTH + plot * share, height - 6) for share in (0, 0.5, 1)]
    return Chart(
        "intervals",
        title,
        description,
        WIDTH,
        height,
        bars=bars,
        ticks=ticks,
        lines=lines,
        points=points,
        reference_x=None if reference is None else LABEL_WIDTH + plot * reference,
    )
