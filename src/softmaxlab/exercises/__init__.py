"""Exercise checkers, one module per notebook. Each checker takes the learner's function,
runs it on test cases, and returns a :class:`Feedback` that prints as plain words:
right, or what is wrong and a hint. It never lets a traceback through.
"""
from ._core import (ULPS, WIDE, Feedback, NotYet, as_real_array, as_real_number, call, checker, expect_close,
                    expect_unchanged, fresh_rng, solved, tolerance)

__all__ = ["ULPS", "WIDE", "Feedback", "NotYet", "as_real_array", "as_real_number", "call", "checker",
           "expect_close", "expect_unchanged", "fresh_rng", "solved", "tolerance"]

# Two policies hold for every checker, written once in _core.py: answers are judged with tolerance() for their
# dtype (float16 refused), and fresh_rng() draws the same cases for the same attempt (verdicts never flip).

# The limits (CALL_TIMEOUT, CHECK_BUDGET, PRINT_LINES) are read from softmaxlab.exercises._core at each call:
# change them there, e.g. `softmaxlab.exercises._core.CALL_TIMEOUT = 10.0` for a slow classroom machine.
