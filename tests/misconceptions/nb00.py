"""00-welcome: the warm-up checker, predicted_class(logits) -> index of the largest logit."""
import numpy as np

from attempts import crashes, returns_none, stub
from misconceptions import Right, Wrong
from softmaxlab import softmax
from softmaxlab.exercises import welcome


def _last_of_ties(logits):
    """Issue 25 (mutation testing): a search with `>=` keeps the last of tied classes; the text asks for the first."""
    best = 0
    for i in range(1, len(logits)):
        if logits[i] >= logits[best]:
            best = i
    return best


def _first_five(logits):
    best = 0
    for i in range(1, min(len(logits), 5)):
        if logits[i] > logits[best]:
            best = i
    return best


CATALOGUE = {
    welcome.check_predicted_class: [
        Right(lambda logits: int(np.argmax(logits)), "the textbook answer"),
        Right(lambda logits: np.argmax(softmax(logits)), "argmax of the probabilities, an np.int64"),
        Right(lambda logits: list(logits).index(max(logits)), "plain Python, a list and its index"),
        Right(lambda logits: np.int32(np.argmax(logits)), "a 32-bit integer"),
        Wrong(stub, "not written yet", diagnosis="not solved yet"),
        Wrong(crashes, "raises", diagnosis="raised ZeroDivisionError"),
        Wrong(returns_none, "forgot to return", diagnosis="forget to `return`"),
        Wrong(lambda logits: int(np.argmax(logits)) + 1, "1-based index", diagnosis="counts from 1"),
        Wrong(lambda logits: int(np.argmin(logits)), "the smallest logit", diagnosis="smallest logit",
              not_said=("counts from 1",)),
        Wrong(lambda logits: int(np.argmax(np.abs(logits))), "the largest magnitude",
              not_said=("counts from 1", "smallest logit")),
        Wrong(lambda logits: 0, "always the first class", not_said=("counts from 1", "smallest logit")),
        Wrong(lambda logits: float(np.max(logits)), "the largest logit's value, not its index", diagnosis="float"),
        Wrong(lambda logits: str(np.argmax(logits)), "the index as a string", diagnosis="string"),
        Wrong(lambda logits: np.argmax(logits, keepdims=True), "a 1-element array", diagnosis="expected one number"),
        Wrong(lambda logits: np.argmax(logits) == np.argmax(logits), "a bool", diagnosis="bool"),
        Wrong(lambda logits: float(np.argmax(logits)), "an index as a float", diagnosis="float"),
        Wrong(_first_five, "a search that looks at the first five logits only (passed: no fixed vector was longer)",
              not_said=("counts from 1", "smallest logit")),
        Wrong(_last_of_ties, "the last of tied classes, a loop with >= (passed: no fixed vector had a tie)",
              diagnosis="first of the tied classes", not_said=("counts from 1", "smallest logit")),
        Wrong(lambda logits: int(len(logits) - 1 - np.argmax(np.asarray(logits)[::-1])),
              "argmax of the reversed vector: the last of tied classes", diagnosis="first of the tied classes"),
    ],
}
