"""benchmarks/report.py: the section of parts m, v, g is placed between its markers, the rest kept (no timing)."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
report = pytest.importorskip("report", reason="benchmarks/report.py needs matplotlib")

STAMP = {"date": "2026-12-06 18:00 UTC", "load_start": "0.10 0.20 0.30", "load_end": "0.20 0.20 0.30",
         "machine": {"cpu": "test cpu"}}


def memory(peaks):
    rows = [{"notebook": f"{i:02d}-x.ipynb", "peak_mib": peak, "kept_mib": peak - 1, "errors": 0}
            for i, peak in enumerate(peaks)]
    return {**STAMP, "budget_mib": 250, "rows": rows}


def venv(mb):
    row = {"requirements": "requirements.txt", "python": "3.11.7", "files_bytes": mb * 10**6, "pyc_bytes": 10**6,
           "du_apparent_bytes": mb * 10**6, "du_disk_bytes": mb * 10**6, "distributions": 3,
           "top": [["scipy", 10**6]], "rest_bytes": 10**6, "unlisted_bytes": 0}
    return {**STAMP, "budget_mb": 350, "rows": [row]}


REPORT = "# Benchmarks\n\n## (a) nbval\n\ntable\n\n## Notes\n\nhand-written\n"


def test_section_goes_before_the_notes_and_replaces_itself():
    first = report.splice(REPORT, report.mvg_section({"memory": memory([100.0])}))
    assert first.index(report.SECTION_START) > first.index("## (a) nbval")
    assert first.index(report.SECTION_END) < first.index("## Notes")
    assert first.endswith("## Notes\n\nhand-written\n")
    second = report.splice(first, report.mvg_section({"memory": memory([300.0])}))
    assert second.count(report.SECTION_START) == 1 and second.count("## Notes") == 1
    assert "| 00-x.ipynb | 300 | 299 | **missed** |" in second and "| 00-x.ipynb | 100 |" not in second
    assert second.replace(second[second.index(report.SECTION_START):second.index(report.SECTION_END)], "") == \
        first.replace(first[first.index(report.SECTION_START):first.index(report.SECTION_END)], "")


def test_section_at_the_end_without_notes():
    text = report.splice("# Benchmarks\n", report.mvg_section({"memory": memory([100.0])}))
    assert text.startswith("# Benchmarks\n\n" + report.SECTION_START) and text.endswith(report.SECTION_END + "\n")


@pytest.mark.parametrize("peaks, status", [([100.0, 249.9], "met"), ([100.0, 250.0], "**missed**")])
def test_memory_budget_is_a_strict_bound(peaks, status):
    (row,) = report.mvg_target_rows({"memory": memory(peaks)})
    assert row[2] == status


@pytest.mark.parametrize("mb, status", [(350, "met"), (351, "**missed**")])
def test_venv_budget_in_decimal_megabytes(mb, status):
    (row,) = report.mvg_target_rows({"venv": venv(mb)})
    assert row[2] == status and f"{mb} MB" in row[1]


def test_extrapolated_grading_says_so():
    grading = {**STAMP, "command": "python benchmarks/bench_grading.py", "class_size": 20, "jobs": 2,
               "median_s": 4.0, "single_n": 3, "points": 9, "single_full": True, "cores": 2, "class_wall_s": 50.0,
               "class_full": 20, "scaled_min": 8.3}
    rows = report.mvg_target_rows({"grading": grading})
    assert [r[2] for r in rows] == ["met", "met"]
    assert "extrapolated from a class of 20" in rows[1][1]
    assert "**extrapolated**" in "\n".join(report.mvg_section({"grading": grading}))
    rows = report.mvg_target_rows({"grading": {**grading, "class_full": 19}})
    assert rows[1][2] == "**missed**"  # a submission not given full marks fails the class target


def test_hub_section_is_rendered_from_sizing_json():
    """docs/benchmarks.md's (h) is what classroom/sizing.json says now (its figures are not typed by hand)."""
    doc = (Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md").read_text()
    section = "\n".join(report.hub_section())
    assert section in doc, "docs/benchmarks.md's section (h) differs from classroom/sizing.json: splice it again"
