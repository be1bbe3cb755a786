"""The learner's own copy of the student edition: made once, never overwritten, updated beside.

`make lab-student` works in ``my-work/`` (git-ignored), not in the committed ``student/``, so a learner's
answers survive ``git pull`` and a regenerated student edition. Each run brings the course's changes in
the way nbgitpuller does on hubs, without touching what the learner wrote:

- a notebook the learner does not have yet is copied in;
- a notebook the learner never changed is replaced by the course's newer version (nothing is lost);
- a notebook the learner changed, whose course version changed too, stays as it is, and the new version
  arrives beside it as ``NN-topic (course update N).ipynb``, with a line saying so.

``my-work/.course-versions.json`` records, per notebook, the SHA-256 of the course version it was made from.
"""
import argparse
import hashlib
import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RECORD = ".course-versions.json"


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def beside(work, name):
    """The first free ``stem (course update N).ipynb`` next to the learner's notebook."""
    stem = Path(name).stem
    n = 1
    while (work / f"{stem} (course update {n}).ipynb").exists():
        n += 1
    return work / f"{stem} (course update {n}).ipynb"


def update(course, work):
    """Bring `course` (the student edition) into `work` (the learner's folder); return what was done, in words."""
    work.mkdir(parents=True, exist_ok=True)
    record_path = work / RECORD
    record = json.loads(record_path.read_text()) if record_path.exists() else {}
    done = []
    for source in sorted(course.glob("*.ipynb")):
        target, new = work / source.name, digest(source)
        if not target.exists():
            if source.name in record:  # the learner deleted it: respect that
                continue
            shutil.copyfile(source, target)
            done.append(f"new notebook: {target.name}")
        elif record.get(source.name) == new:
            continue  # the course version has not changed since the copy
        elif digest(target) == record.get(source.name):
            shutil.copyfile(source, target)  # untouched by the learner: nothing of theirs to lose
            done.append(f"updated (you had not changed it): {target.name}")
        else:
            extra = beside(work, source.name)
            shutil.copyfile(source, extra)
            done.append(f"the course changed {source.name}, which you have edited: your file is untouched, "
                        f"the new version is {extra.name}")
        record[source.name] = new
    record_path.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
    return done


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--course", type=Path, default=ROOT / "student", help="the student edition")
    parser.add_argument("--work", type=Path, default=ROOT / "my-work", help="the learner's folder")
    args = parser.parse_args(argv)
    first = not args.work.exists()
    done = update(args.course, args.work)
    if first:
        print(f"Your own copy of the exercises is in {args.work.name}/ (git ignores it): work there.")
    for line in done if not first else []:
        print(line)


if __name__ == "__main__":
    main()
