"""Export a class's grades from nbgrader's gradebook: nbgrader's CSV and a CSV that Canvas's gradebook imports.

    python classroom/export_grades.py COURSE_DIR                 # COURSE_DIR/gradebook.db -> COURSE_DIR/export/
    python classroom/export_grades.py COURSE_DIR --out DIR --assignment 01-softmax --assignment 02-overflow-trick

Writes two files into ``--out`` (default ``COURSE_DIR/export``):

``grades.csv``
    the columns and values of ``nbgrader export`` (nbgrader 0.9's CsvExportPlugin): one row per assignment
    and student, a student with no submission scored 0, ``score`` = max(0, raw score - late penalty).
    Rows are ordered by assignment (due date, then name) and student (last name, first name, then id).
``canvas.csv``
    Canvas's gradebook layout: the columns ``Student, ID, SIS User ID, SIS Login ID, Section``, then one
    column per assignment, a second row ``Points Possible`` with each assignment's maximum, then one row
    per student with the same ``score``. ``ID`` is nbgrader's ``lms_user_id`` (set by an LTI login; empty
    otherwise), ``SIS Login ID`` the student's nbgrader id (their hub user name); ``Student`` is
    "Last, First" or, without names, the id.

It reads ``gradebook.db`` with the standard library's sqlite3 and nbgrader's schema (0.9.x), so it runs in
any Python, nbgrader installed or not; the database is opened read-only.
"""
import argparse
import csv
import sqlite3
import sys
from datetime import datetime
from pathlib import Path

NBGRADER_COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
                    "raw_score", "late_submission_penalty", "score", "max_score"]
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]

# nbgrader's Grade.score: the manual score if set, else the automatic one, plus any extra credit
_GRADE_SCORE = ("CASE WHEN g.manual_score IS NOT NULL THEN g.manual_score + COALESCE(g.extra_credit, 0.0) "
                "WHEN g.auto_score IS NOT NULL THEN g.auto_score + COALESCE(g.extra_credit, 0.0) ELSE 0.0 END")


def _text(value):
    """A value as nbgrader's export writes it: str(), None as empty, datetimes as str(datetime)."""
    if value is None:
        return ""
    return str(value)


def _when(stored):
    """A DATETIME column as SQLAlchemy stores it in sqlite, back to a datetime (None stays None)."""
    return None if stored is None else datetime.fromisoformat(stored)


def read_gradebook(path, assignments=None):
    """Rows of nbgrader's CSV export, as dicts of Python values, from the gradebook at `path`.

    Parameters
    ----------
    path : str or Path
        nbgrader's ``gradebook.db`` (sqlite).
    assignments : list of str, optional
        Only these assignments (by name), in the gradebook's order; default all.

    Returns
    -------
    list of dict
        One per (assignment, student), keys ``NBGRADER_COLUMNS`` plus ``lms_user_id``.
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"no gradebook at {path} (nbgrader writes gradebook.db in the course directory)")
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = {"assignment", "student", "submitted_assignment", "submitted_notebook", "grade", "notebook",
                   "base_cell", "grade_cells", "task_cells"} - tables
        if missing:
            raise ValueError(f"{path} is not an nbgrader 0.9 gradebook: no table {', '.join(sorted(missing))}")
        found = db.execute("SELECT id, name, duedate FROM assignment "
                           "ORDER BY duedate IS NOT NULL, duedate, name").fetchall()
        if assignments:
            unknown = sorted(set(assignments) - {name for _, name, _ in found})
            if unknown:
                raise ValueError(f"no assignment {', '.join(unknown)} in {path}; it has "
                                 f"{', '.join(name for _, name, _ in found) or 'none'}")
            found = [row for row in found if row[1] in assignments]
        students = db.execute("SELECT id, first_name, last_name, email, lms_user_id FROM student ORDER BY "
                              "last_name IS NOT NULL, last_name, first_name IS NOT NULL, first_name, id").fetchall()
        rows = []
        for assignment_id, name, duedate in found:
            max_score = db.execute(
                "SELECT COALESCE((SELECT SUM(c.max_score) FROM grade_cells c JOIN base_cell b ON b.id = c.id "
                "JOIN notebook n ON n.id = b.notebook_id WHERE n.assignment_id = ?), 0.0) + "
                "COALESCE((SELECT SUM(c.max_score) FROM task_cells c JOIN base_cell b ON b.id = c.id "
                "JOIN notebook n ON n.id = b.notebook_id WHERE n.assignment_id = ?), 0.0)",
                (assignment_id, assignment_id)).fetchone()[0]
            for student_id, first, last, email, lms_id in students:
                row = {"assignment": name, "duedate": _when(duedate), "student_id": student_id,
                       "last_name": last, "first_name": first, "email": email, "max_score": float(max_score),
                       "lms_user_id": lms_id}
                submission = db.execute("SELECT id, timestamp FROM submitted_assignment "
                                        "WHERE assignment_id = ? AND student_id = ?",
                                        (assignment_id, student_id)).fetchone()
                if submission is None:
                    row.update(timestamp="", raw_score=0.0, late_submission_penalty=0.0, score=0.0)
                else:
                    raw = db.execute(f"SELECT COALESCE(SUM({_GRADE_SCORE}), 0.0) FROM grade g JOIN "
                                     "submitted_notebook s ON g.notebook_id = s.id WHERE s.assignment_id = ?",
                                     (submission[0],)).fetchone()[0]
                    penalty = db.execute("SELECT COALESCE(SUM(late_submission_penalty), 0.0) FROM "
                                         "submitted_notebook WHERE assignment_id = ?",
                                         (submission[0],)).fetchone()[0]
                    row.update(timestamp=_when(submission[1]), raw_score=float(raw),
                               late_submission_penalty=float(penalty), score=max(0.0, raw - penalty))
                rows.append(row)
        return rows
    finally:
        db.close()


def write_nbgrader_csv(rows, path):
    """Write `rows` (from read_gradebook) as ``nbgrader export`` does."""
    with open(path, "w", newline="") as handle:
        handle.write(",".join(NBGRADER_COLUMNS) + "\n")
        for row in rows:  # nbgrader joins with commas and does not quote; so do we, and refuse what would break
            values = [_text(row[key]) for key in NBGRADER_COLUMNS]
            bad = [value for value in values if "," in value or "\n" in value]
            if bad:
                raise ValueError(f"{bad[0]!r} (student {row['student_id']}) contains a comma or a newline, "
                                 "which nbgrader's CSV format cannot hold")
            handle.write(",".join(values) + "\n")


def write_canvas_csv(rows, path):
    """Write `rows` (from read_gradebook) in Canvas's gradebook import layout."""
    assignments, maxima, students, scores = [], {}, {}, {}
    for row in rows:
        if row["assignment"] not in maxima:
            assignments.append(row["assignment"])
            maxima[row["assignment"]] = row["max_score"]
        students.setdefault(row["student_id"], row)
        scores[row["student_id"], row["assignment"]] = row["score"]
    with open(path, "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(CANVAS_COLUMNS + assignments)
        out.writerow(["Points Possible", "", "", "", ""] + [_number(maxima[a]) for a in assignments])
        for student_id, row in students.items():
            names = [part for part in (row["last_name"], row["first_name"]) if part]
            out.writerow([", ".join(names) or student_id, row["lms_user_id"] or "", "", student_id, ""]
                         + [_number(scores[student_id, a]) for a in assignments])


def _number(value):
    """3.0 -> '3', 2.5 -> '2.5' (Canvas reads either; whole points read better)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("course", type=Path, help="the nbgrader course directory (holds gradebook.db)")
    parser.add_argument("--gradebook", type=Path, help="default: COURSE/gradebook.db")
    parser.add_argument("--out", type=Path, help="default: COURSE/export")
    parser.add_argument("--assignment", action="append", help="only this assignment (repeatable)")
    args = parser.parse_args(argv)
    try:
        rows = read_gradebook(args.gradebook or args.course / "gradebook.db", args.assignment)
    except ValueError as error:
        parser.exit(2, f"export_grades.py: {error}\n")
    out = args.out or args.course / "export"
    out.mkdir(parents=True, exist_ok=True)
    write_nbgrader_csv(rows, out / "grades.csv")
    write_canvas_csv(rows, out / "canvas.csv")
    count = len({row["student_id"] for row in rows})
    print(f"{len(rows)} grades ({count} students) -> {out / 'grades.csv'} (nbgrader) and "
          f"{out / 'canvas.csv'} (Canvas gradebook import)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
