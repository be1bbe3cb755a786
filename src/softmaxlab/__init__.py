"""softmaxlab: softmax and cross-entropy from scratch with NumPy.

The numerics the course notebooks build and check, importable from the top level::

    from softmaxlab import softmax, cross_entropy, gradient_check, GRADCHECK_THRESHOLD

``gradient_check(f, x, grad) < GRADCHECK_THRESHOLD`` is the course's one verdict rule.
"""
from .activations import log_softmax, logsumexp, softmax, softmax_backward, softmax_jacobian, softmax_naive
from .attention import causal_mask, masked_softmax, scaled_dot_product_attention, softmax_with_sink
from .calibration import expected_calibration_error, fit_temperature, reliability_bins
from .i18n import language, set_language
from .gradcheck import GRADCHECK_THRESHOLD, gradient_check, numerical_gradient
from .layers import Softmax, SoftmaxWithLoss
from .losses import binary_cross_entropy, cross_entropy, cross_entropy_backward, entropy, kl_div, one_hot
from .online import OnlineSoftmaxState, fused_cross_entropy, online_logsumexp, online_update, tiled_attention
from .sampling import apply_temperature, gumbel_max_sample, min_p_filter, top_k_filter, top_p_filter

__all__ = [
    "softmax", "softmax_naive", "log_softmax", "logsumexp", "softmax_jacobian", "softmax_backward",
    "one_hot", "cross_entropy", "cross_entropy_backward", "binary_cross_entropy", "kl_div", "entropy",
    "Softmax", "SoftmaxWithLoss", "numerical_gradient", "gradient_check",
    "GRADCHECK_THRESHOLD", "reliability_bins", "expected_calibration_error", "fit_temperature",
    "masked_softmax", "causal_mask", "scaled_dot_product_attention", "softmax_with_sink",
    "OnlineSoftmaxState", "online_update", "online_logsumexp", "tiled_attention", "fused_cross_entropy",
    "apply_temperature", "top_k_filter", "top_p_filter", "min_p_filter", "gumbel_max_sample",
    "set_language", "language",
]
