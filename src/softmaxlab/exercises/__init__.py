"""Exercise checkers, one module per notebook. Each checker takes the learner's function,
runs it on test cases, and returns a :class:`Feedback` that prints as plain words:
right, or what is wrong and a hint. It never lets a traceback through.
"""
from ._core import Feedback, NotYet, call, checker, expect_close, expect_unchanged, solved

__all__ = ["Feedback", "NotYet", "call", "checker", "expect_close", "expect_unchanged", "solved"]
