"""The column charts' geometry: columns stand on the baseline, the tallest is full height."""

from biocampus.common.charts import COLUMN_LAYOUT, column_chart


def test_columns_stand_on_the_baseline_and_scale_to_the_tallest():
    chart = column_chart([("2026 Q1", 2.0, "2.0"), ("2026 Q2", 4.0, "4.0"), ("2026 Q3", 0, "0")])
    baseline, height = COLUMN_LAYOUT["baseline"], COLUMN_LAYOUT["height"]
    shapes = [c.shape for c in chart.columns]
    assert [s.height for s in shapes] == [height // 2, height, 0]
    assert all(s.y + s.height == baseline for s in shapes)
    assert all(0 <= s.label_y < s.y for s in shapes)
    assert [s.x for s in shapes] == [40, 130, 220]
    assert chart.width == 2 * 40 + 3 * 90
    assert [c.label for c in chart.columns] == ["2026 Q1", "2026 Q2", "2026 Q3"]


def test_no_data_gives_no_chart():
    assert column_chart([]) is None
