"""A learner's work is never lost: `make lab-student` works in my-work/, and course updates arrive beside it."""
import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("learner_copy", ROOT / "tools" / "learner_copy.py")
learner_copy = importlib.util.module_from_spec(spec)
spec.loader.exec_module(learner_copy)


def notebook(text):
    return json.dumps({"cells": [{"cell_type": "code", "source": text}]})


def test_a_learners_edits_survive_an_update_of_the_same_notebook(tmp_path):
    course, work = tmp_path / "student", tmp_path / "my-work"
    course.mkdir()
    (course / "01-softmax.ipynb").write_text(notebook("raise NotImplementedError()"))
    (course / "02-overflow-trick.ipynb").write_text(notebook("raise NotImplementedError()"))
    learner_copy.update(course, work)
    assert (work / "01-softmax.ipynb").read_text() == (course / "01-softmax.ipynb").read_text()

    mine = notebook("return np.exp(a) / np.exp(a).sum()   # my answer")
    (work / "01-softmax.ipynb").write_text(mine)                               # the learner works on 01
    (course / "01-softmax.ipynb").write_text(notebook("raise NotImplementedError()  # fixed typo"))
    (course / "02-overflow-trick.ipynb").write_text(notebook("raise NotImplementedError()  # new text"))
    (course / "03-batching-axes.ipynb").write_text(notebook("raise NotImplementedError()"))
    done = learner_copy.update(course, work)

    assert (work / "01-softmax.ipynb").read_text() == mine, "the learner's answer was overwritten"
    beside = work / "01-softmax (course update 1).ipynb"
    assert beside.read_text() == (course / "01-softmax.ipynb").read_text()
    assert (work / "02-overflow-trick.ipynb").read_text() == (course / "02-overflow-trick.ipynb").read_text()
    assert (work / "03-batching-axes.ipynb").exists()
    assert any("which you have edited" in line and beside.name in line for line in done), done

    assert learner_copy.update(course, work) == [], "a run with no course change must do nothing"
    (course / "01-softmax.ipynb").write_text(notebook("raise NotImplementedError()  # second fix"))
    learner_copy.update(course, work)
    assert (work / "01-softmax.ipynb").read_text() == mine
    assert (work / "01-softmax (course update 2).ipynb").exists() and beside.exists()


def test_a_notebook_the_learner_deleted_is_not_brought_back(tmp_path):
    course, work = tmp_path / "student", tmp_path / "my-work"
    course.mkdir()
    (course / "00-welcome.ipynb").write_text(notebook("x = 1"))
    learner_copy.update(course, work)
    (work / "00-welcome.ipynb").unlink()
    assert learner_copy.update(course, work) == []
    assert not (work / "00-welcome.ipynb").exists()
