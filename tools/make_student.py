"""Write the student versions of the notebooks: every solution replaced the way nbgrader does it.

    python tools/make_student.py                       # notebooks/*.ipynb -> build/student/
    python tools/make_student.py --out DIR NB.ipynb ...
    python tools/make_student.py --nbgrader build/nbgrader   # an nbgrader course directory instead

Student version. In every code cell, each region from a line containing ``### BEGIN SOLUTION``
to the line containing ``### END SOLUTION`` (both included) becomes

    # YOUR CODE HERE
    raise NotImplementedError()

indented like the BEGIN line: exactly what nbgrader's ClearSolutions preprocessor writes. Outputs,
execution counts and widget state are cleared; everything else, the check cells included, is kept,
so each checker answers "Not yet: this exercise is not solved yet" until the learner fills it in.
Markdown cells are left alone (prose may quote the markers).

nbgrader source (``--nbgrader DIR``). Writes ``DIR/source/<NN-topic>/<NN-topic>.ipynb``, one
assignment per notebook, and ``DIR/nbgrader_config.py``. The copies carry the cell metadata
nbgrader needs: each ``exercise`` cell becomes an "autograded answer" (solution) cell, each
``check`` cell an "autograder tests" cell worth one point, to which a hidden test is appended
(``assert`` that the verdict is a passed Feedback; the learner sees only the friendly checker line), and
``nbgrader_config.py`` puts a step in place of nbgrader's execution in ``nbgrader autograde``: the student's
code runs once, in a bubblewrap sandbox, and every checker runs outside it, in nbgrader's process
(``softmaxlab.exercises._autograde``; nbgrader and softmaxlab must be installed in the same environment;
``tools/grade_class.py`` grades a whole class in parallel). Markdown
mentions of the markers get a no-break space so that nbgrader does not take them for solution
regions. Then, in DIR: ``nbgrader generate_assignment 01-softmax`` (see docs/teaching.md).
"""
import argparse
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BEGIN, END = "BEGIN SOLUTION", "END SOLUTION"  # nbgrader's delimiters, matched anywhere in a line
CODE_STUB = ["# YOUR CODE HERE", "raise NotImplementedError()"]  # nbgrader's code stub for Python
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
BANNER = ("**Student version.** The exercises are not solved yet: in each exercise cell, replace\n"
          "`# YOUR CODE HERE` and `raise NotImplementedError()` with your code, run the cell, then run\n"
          "the check cell under it. Until then the checker answers *Not yet: ... not solved yet*.")


def clear_solutions(source, where="cell"):
    """Replace every BEGIN/END SOLUTION region of `source` with the nbgrader code stub.

    Returns ``(new_source, regions)`` where `regions` is the number of regions replaced.

    >>> src = "def f(x):\\n    ### BEGIN SOLUTION\\n    return 2 * x\\n    ### END SOLUTION"
    >>> print(clear_solutions(src)[0])
    def f(x):
        # YOUR CODE HERE
        raise NotImplementedError()
    """
    out, inside, regions = [], False, 0
    for number, line in enumerate(source.split("\n"), start=1):
        if BEGIN in line:
            if inside:
                raise ValueError(f"{where}, line {number}: nested '{BEGIN}' (the previous region is not closed)")
            inside, regions = True, regions + 1
            indent = re.match(r"\s*", line).group(0)
            out.extend(indent + stub for stub in CODE_STUB)
        elif END in line:
            if not inside:
                raise ValueError(f"{where}, line {number}: '{END}' without a '{BEGIN}' before it")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError(f"{where}: '{BEGIN}' without a matching '{END}'")
    return "\n".join(out), regions


def student_version(nb, name="notebook"):
    """Return a copy of `nb` with solutions replaced, outputs cleared and a banner on top."""
    nb = nbformat.from_dict(nb)  # a deep copy
    for index, cell in enumerate(nb.cells):
        cell.metadata = nbformat.NotebookNode({k: v for k, v in cell.metadata.items() if k in ("tags", "slideshow")})
        if cell.cell_type == "code":
            cell.source, _ = clear_solutions(cell.source, where=f"{name}, cell {index}")
            cell.outputs, cell.execution_count = [], None
    nb.metadata = nbformat.NotebookNode(kernelspec=KERNELSPEC, language_info={"name": "python"})
    banner = nbformat.v4.new_markdown_cell(BANNER, metadata={"tags": ["student-banner"]})
    if "id" in banner:
        banner.id = "student-banner"  # a fixed id: the same input gives byte-identical output
    nb.cells.insert(0, banner)
    return nb


def write_students(paths, out):
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in paths:
        nb = student_version(nbformat.read(path, as_version=4), name=path.name)
        target = out / path.name
        nbformat.write(nb, target)
        written.append(target)
    return written


# ---------------------------------------------------------------- nbgrader course directory

NBGRADER_CONFIG = '''\
# nbgrader configuration for the softmaxlab course (written by tools/make_student.py --nbgrader).
# Each submission's code runs once, in a bubblewrap sandbox (softmaxlab.exercises._sandbox, docs/teaching.md):
# RegradeOutsideKernel takes the place of nbgrader's execution step; it runs the notebook's cells in a
# sandboxed worker and the checkers here, in nbgrader's process, where no student code runs; each check cell
# gets that verdict as its only output. nbgrader's own execution (SandboxedExecute, its kernel sandboxed too)
# is switched off: switch it on only for rendered figures in the feedback (the notebook then runs twice).
# Grade the whole class with: python tools/grade_class.py COURSE_DIR ASSIGNMENT
from nbgrader.converters import Autograde
from nbgrader.preprocessors import Execute

# imported now, before nbgrader reads any submission
from softmaxlab.exercises._autograde import RegradeOutsideKernel, SandboxedKernelManager


class SandboxedExecute(Execute):
    """nbgrader's Execute, with the kernel in a sandbox (Execute passes its kernel manager class itself)."""

    def __init__(self, *args, **kwargs):
        kwargs["kernel_manager_class"] = SandboxedKernelManager
        super().__init__(*args, **kwargs)


c = get_config()  # noqa: F821 (nbgrader provides it)
c.CourseDirectory.course_id = "softmaxlab"
steps = list(Autograde.class_traits()["autograde_preprocessors"].default())
steps[steps.index(Execute)] = SandboxedExecute
steps.insert(steps.index(SandboxedExecute) + 1, RegradeOutsideKernel)  # runs the notebook once and judges it
c.Autograde.autograde_preprocessors = steps
c.SandboxedExecute.enabled = False  # the student's code runs once, in RegradeOutsideKernel's sandbox
c.Execute.timeout = 60  # seconds per cell, counted by nbgrader (outside the sandbox), if switched on
c.Execute.execute_retries = 0  # a kernel that dies is the submission's doing: no second run
'''

# The hidden test of a check cell: the verdict must be the course's own Feedback with `passed is True`
# (`assert verdict` would trust a patched Feedback.__bool__ or a checker replaced by `lambda *a: True`).
# With nbgrader's execution switched off (the default config above) it is not run: RegradeOutsideKernel gives
# each check cell the verdict computed outside the student's process; it is the first line of defence only
# if nbgrader's kernel is switched back on.
HIDDEN_TEST = ("### BEGIN HIDDEN TESTS\n"
               "from softmaxlab.exercises._core import Feedback as _Feedback\n"
               "_verdict = {call}\n"
               "assert type(_verdict) is _Feedback and _verdict.passed is True, repr(_verdict)\n"
               "### END HIDDEN TESTS")


def _meta(grade_id, *, solution, grade, locked, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return meta


def nbgrader_source(nb, stem):
    """Return a copy of the (solved) notebook `nb` with nbgrader cell metadata and hidden tests."""
    nb = nbformat.from_dict(nb)
    exercise = None
    for index, cell in enumerate(nb.cells):
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "markdown":
            for word in ("BEGIN", "END"):  # quoted markers in prose: not solution regions for nbgrader
                cell.source = re.sub(rf"{word} (SOLUTION|HIDDEN TESTS)", word + "\u00a0" + r"\1", cell.source)
            continue
        if "exercise" in tags:
            match = re.search(r"^\s*def\s+(\w+)", cell.source, flags=re.M)
            exercise = match.group(1) if match else f"cell{index}"
            cell.metadata["nbgrader"] = _meta(f"{stem}-{exercise}", solution=True, grade=False, locked=False)
        elif "check" in tags and exercise is not None:
            call = [line for line in cell.source.strip().split("\n") if line.strip()][-1]
            cell.source = cell.source.rstrip() + "\n" + HIDDEN_TEST.format(call=call.strip())
            cell.metadata["nbgrader"] = _meta(f"{stem}-check-{exercise}", solution=False, grade=True,
                                              locked=True, points=1)
            exercise = None
    return nb


def write_nbgrader(paths, course):
    (course / "source").mkdir(parents=True, exist_ok=True)
    (course / "nbgrader_config.py").write_text(NBGRADER_CONFIG)
    written = []
    for path in paths:
        folder = course / "source" / path.stem
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(nbgrader_source(nbformat.read(path, as_version=4), path.stem), folder / path.name)
        written.append(folder / path.name)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "student")
    parser.add_argument("--nbgrader", type=Path, metavar="COURSE_DIR",
                        help="write an nbgrader course directory instead of student notebooks")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("*.ipynb"))
    if args.nbgrader:
        written = write_nbgrader(paths, args.nbgrader)
        print(f"{len(written)} nbgrader source notebooks in {args.nbgrader}/source/; next: "
              f"cd {args.nbgrader} && nbgrader generate_assignment {paths[0].stem}")
    else:
        written = write_students(paths, args.out)
        print(f"{len(written)} student notebooks in {args.out}/")


if __name__ == "__main__":
    sys.exit(main())
