"""The small gradebook of tests/test_classroom_kit.py, made with nbgrader 0.9.6's own API (not run by the tests).

    PATH=build/p11-hub-venv/bin:$PATH python tests/classroom_kit/make_gradebook.py DIR
    # then: cd DIR && nbgrader export --to nbgrader_export.csv; gradebook.sql is sqlite3.connect(...).iterdump()

Its dump is gradebook.sql, and what `nbgrader export` (0.9.6) wrote from it is nbgrader_export.csv: four students
(one with names, e-mail and an LMS id, three without; one never submits), two assignments (one with a due date),
automatic, manual and extra-credit scores, and late penalties, one larger than the raw score.
"""
import datetime
import sys


def main(folder):
    from nbgrader.api import Gradebook  # nbgrader 0.9.6, in its own venv (not .venv)

    gb = Gradebook(f"sqlite:///{folder}/gradebook.db", course_id="softmaxlab")
    gb.add_assignment("01-softmax", duedate=datetime.datetime(2026, 12, 7, 9, 0))
    gb.add_assignment("00-welcome")
    for aname, cells in (("01-softmax", [("c1", 1), ("c2", 1), ("c3", 1)]), ("00-welcome", [("w1", 1)])):
        gb.add_notebook(aname, aname)
        for cname, pts in cells:
            gb.add_grade_cell(cname, aname, aname, max_score=pts, cell_type="code")
    gb.add_student("s01", first_name="Ada", last_name="Lovelace", email="ada@example.org", lms_user_id="4711")
    gb.add_student("s02")
    gb.add_student("s03", first_name="Bo", last_name="Zhang")
    gb.add_student("s04")
    def submit(student, aname, ts, scores, manual=None, extra=None, penalty=0.0):
        gb.add_submission(aname, student, timestamp=ts)
        nb = gb.find_submission_notebook(aname, aname, student)
        nb.late_submission_penalty = penalty
        for g in nb.grades:
            g.auto_score = scores[g.name]
            if manual and g.name in manual: g.manual_score = manual[g.name]
            if extra and g.name in extra: g.extra_credit = extra[g.name]
        gb.db.commit()
    submit("s01", "01-softmax", datetime.datetime(2026, 12, 7, 8, 59, 1, 250000), {"c1": 1, "c2": 1, "c3": 1})
    submit("s02", "01-softmax", datetime.datetime(2026, 12, 7, 10, 0), {"c1": 1, "c2": 0, "c3": 0},
           manual={"c2": 0.5}, penalty=1.0)
    submit("s03", "01-softmax", datetime.datetime(2026, 12, 7, 8, 0), {"c1": 0, "c2": 0, "c3": 0}, extra={"c1": 0.25})
    submit("s01", "00-welcome", datetime.datetime(2026, 12, 1, 12, 0), {"w1": 1}, penalty=2.0)
    gb.close()


if __name__ == "__main__":
    main(sys.argv[1])
