"""Unfinished or broken learner attempts that every exercise checker must answer in words."""


def stub(*args):
    """What the student version holds before the learner writes anything."""
    raise NotImplementedError()


def crashes(*args):
    raise ZeroDivisionError("oops")


def returns_none(*args):
    return None
