"""A two-exercise assignment in the course's format, and the submissions of a hostile class (issue 14).

Exercise 1 (`my_softmax`, checked by `ex.check_softmax`) is the one every cheat targets, with the answer
left unsolved (or wrong); exercise 2 (`predicted_class`) is solved honestly in every submission. A cheat
is a replacement for exercise 1's answer cell plus extra cells, placed right after the imports
("top") or right before exercise 1's check cell ("before_check"), as a student may add cells anywhere.
"""
import nbformat

SETUP = ("import numpy as np\n\n"
         "from softmaxlab.exercises import softmax as ex\n"
         "from softmaxlab.exercises.welcome import check_predicted_class")
SOFTMAX = ('def my_softmax(logits):\n    """Softmax of a 1-D array of logits."""\n'
           "    ### BEGIN SOLUTION\n    e = np.exp(logits - np.max(logits))\n    return e / e.sum()\n"
           "    ### END SOLUTION")
CLASS = ('def predicted_class(logits):\n    """Index of the largest logit."""\n'
         "    ### BEGIN SOLUTION\n    return int(np.argmax(logits))\n    ### END SOLUTION")
UNSOLVED = 'def my_softmax(logits):\n    """Softmax of a 1-D array of logits."""\n    raise NotImplementedError()'
UNIFORM = "def my_softmax(logits):\n    return np.ones(len(logits)) / len(logits)"


def assignment():
    """The solved notebook, tagged like the course's notebooks (input of make_student --nbgrader)."""
    cells = [nbformat.v4.new_markdown_cell("# Hostile assignment\n\nTwo exercises."),
             nbformat.v4.new_code_cell(SETUP),
             nbformat.v4.new_code_cell(SOFTMAX, metadata={"tags": ["exercise"]}),
             nbformat.v4.new_code_cell("ex.check_softmax(my_softmax)", metadata={"tags": ["check"]}),
             nbformat.v4.new_code_cell(CLASS, metadata={"tags": ["exercise"]}),
             nbformat.v4.new_code_cell("check_predicted_class(predicted_class)", metadata={"tags": ["check"]})]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}}
    return nb


def cheat(answer=UNSOLVED, top=(), before_check=()):
    return {"answer": answer, "top": list(top), "before_check": list(before_check)}


CHEATS = {
    "honest": cheat(answer=SOFTMAX.replace("    ### BEGIN SOLUTION\n", "").replace("\n    ### END SOLUTION", "")),
    "unsolved": cheat(),
    "feedback_bool_patched": cheat(top=["from softmaxlab.exercises._core import Feedback\n"
                                        "Feedback.__bool__ = lambda self: True"]),
    "checker_replaced_by_true": cheat(top=["ex.check_softmax = lambda *a: True"]),
    "checker_redefined_before_check": cheat(before_check=[
        "from softmaxlab.exercises._core import Feedback\n"
        "ex.check_softmax = lambda fn: Feedback(True, 'your softmax matches.')"]),
    "checker_code_swapped": cheat(top=[
        "ex.check_softmax.__wrapped__.__code__ = (lambda fn: solved('fine')).__code__"]),
    "numpy_comparisons_patched": cheat(answer=UNIFORM, top=[  # every comparison the checkers use says "equal"
        "np.isclose = lambda a, b, *args, **kwargs: np.ones(np.broadcast_shapes(np.shape(a), np.shape(b)), bool)\n"
        "np.allclose = np.array_equal = lambda *args, **kwargs: True"]),
    "errors_hidden": cheat(top=["get_ipython().set_custom_exc((BaseException,), lambda *args, **kwargs: None)"]),
    "number_shown_first": cheat(top=[  # nbgrader reads a displayed number as partial credit, errors then ignored
        "_ip = get_ipython()\n"
        "_ip.set_custom_exc((BaseException,), lambda *args, **kwargs: None)\n"
        "_ip.events.register('pre_run_cell', lambda *args: _ip.displayhook(1.0))"]),
    "source_edited_on_disk": cheat(top=[
        "import importlib\n"
        "with open(ex.__file__, 'a') as f:\n"
        "    f.write('\\n\\ndef check_softmax(fn):\\n    return solved(\"fine\")\\n')\n"
        "ex = importlib.reload(ex)"]),
}


def _grade_id(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id", "")


def submission(release, name):
    """The student's notebook for cheat `name`, made from the notebook handed out (`release`)."""
    spec = CHEATS[name]
    nb = nbformat.from_dict(release)
    cells = []
    for cell in nb.cells:
        grade_id = _grade_id(cell).split("-", 1)[-1]  # "<assignment>-my_softmax" -> "my_softmax"
        if grade_id == "my_softmax":
            cell.source = spec["answer"]
        elif grade_id == "predicted_class":
            cell.source = CLASS.replace("    ### BEGIN SOLUTION\n", "").replace("\n    ### END SOLUTION", "")
        if grade_id == "check-my_softmax":
            cells += [nbformat.v4.new_code_cell(s) for s in spec["before_check"]]
        cells.append(cell)
        if "import numpy" in cell.source and cell.cell_type == "code":
            cells += [nbformat.v4.new_code_cell(s) for s in spec["top"]]
    nb.cells = cells
    return nb
