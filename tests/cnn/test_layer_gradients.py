"""Every convolutional-network layer's backward equals float64 central differences of its forward:
dx and every parameter gradient, over random shapes, kernel sizes, strides and paddings (drawn by
hypothesis), batch norm in training and in inference mode."""
import numpy as np
from cnn_shapes import geometry
from hypothesis import given, settings
from hypothesis import strategies as st

import scratchnn as sn

CHECK = settings(max_examples=15, deadline=None)


def distinct(rng, shape):
    """Values at least 0.01 apart, so a 1e-6 step never changes which entry of a window is largest."""
    size = int(np.prod(shape))
    return (rng.permutation(size) * 0.01 - size * 0.005).reshape(shape).astype(np.float64)


@CHECK
@given(g=geometry(), out_channels=st.integers(1, 3))
def test_conv2d_gradients_match_central_differences(g, out_channels, layer_check):
    check_layer_gradients, in_float64 = layer_check
    shape, k, s, p, seed = g
    rng = np.random.default_rng(seed)
    layer = in_float64(sn.Conv2D(shape[1], out_channels, k, stride=s, padding=p, seed=seed))
    check_layer_gradients(layer, rng.normal(size=shape), seed=seed)


@CHECK
@given(g=geometry(padding=False), average=st.booleans())
def test_pooling_gradients_match_central_differences(g, average, layer_check):
    check_layer_gradients, in_float64 = layer_check
    shape, k, s, _, seed = g
    layer = (sn.AvgPool2D if average else sn.MaxPool2D)(k, stride=s)
    check_layer_gradients(layer, distinct(np.random.default_rng(seed), shape), seed=seed)


@CHECK
@given(g=geometry(padding=False), training=st.booleans(), flat=st.booleans())
def test_batchnorm_gradients_match_central_differences(g, training, flat, layer_check):
    check_layer_gradients, in_float64 = layer_check
    (n, C, H, W), _, _, _, seed = g
    rng = np.random.default_rng(seed)
    shape = (n + 1, C * H) if flat else (n + 1, C, H, W)  # training needs 2+ numbers per feature
    layer = in_float64((sn.BatchNorm1D if flat else sn.BatchNorm2D)(shape[1]))
    layer.params["gamma"][...] = rng.uniform(0.5, 2, shape[1])
    layer.state = {"running_mean": rng.normal(size=shape[1]), "running_var": rng.uniform(0.5, 2, shape[1])}
    check_layer_gradients(layer, rng.normal(2, 3, size=shape), training=training, seed=seed)


@CHECK
@given(g=geometry(padding=False))
def test_flatten_and_dropout_gradients_match_central_differences(g, layer_check):
    check_layer_gradients, in_float64 = layer_check
    shape, _, _, _, seed = g
    x = np.random.default_rng(seed).normal(size=shape)
    check_layer_gradients(sn.Flatten(), x, seed=seed)
    # A fixed mask: the same seed before each forward draws the same dropped units.
    dropout = sn.Dropout(0.4, seed=seed)
    forward = dropout.forward

    def same_mask(x, training=False):
        dropout.rng = np.random.default_rng(seed)
        return forward(x, training)
    dropout.forward = same_mask
    check_layer_gradients(dropout, x, training=True, seed=seed)
