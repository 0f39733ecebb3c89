"""The one list of gradient spellings and activation names (scratchnn.vocabulary)."""
import pytest

from scratchnn.vocabulary import activation_kind, match_gradients, parameter_of


@pytest.mark.parametrize("key", ["W1", "dW1", "W1_grad", "grad_W1", "gradW1", "delta_w1", "W1_gradient", "g_W1",
                                 "d_W1", "dw1", "W1.grad", "deltaW1", "W1_grads", "nabla_W1", "nabla_w1", "dL_dW1",
                                 "dJ_dW1", "dC_dw1", "dE_dW1", "dLdW1"])
def test_every_common_spelling_names_W1(key):
    assert parameter_of(key, ["W1", "b1", "W2"]) == "W1"


def test_an_exact_spelling_wins_over_one_that_only_matches_ignoring_case():
    assert parameter_of("dw", ["W", "w"]) == "w" and parameter_of("dW", ["W", "w"]) == "W"


def test_layer_attribute_names_pair_like_keys():
    pairs = match_gradients(["weights", "biases", "inputs"], ["dweights", "dbiases", "dinputs"])
    assert pairs == {"weights": "dweights", "biases": "dbiases", "inputs": "dinputs"}


def test_each_key_and_each_parameter_is_used_once_and_strangers_stay_out():
    pairs = match_gradients(["W1", "b1", "W2"], ["W1", "dW1", "db1", "momentum"])
    assert pairs == {"W1": "W1", "b1": "db1"}


@pytest.mark.parametrize("name,kind", [("ReLU", "relu"), ("LeakyReLU", "leaky_relu"), ("leaky-relu", "leaky_relu"),
                                       ("Leaky ReLU", "leaky_relu"), ("logistic", "sigmoid"), ("Tanh", "tanh"),
                                       ("Identity", "linear"), ("soft_max", "softmax"), ("swish", None), (3, None)])
def test_activation_names_and_aliases(name, kind):
    assert activation_kind(name) == kind


def test_gradients_named_by_their_layer_number_pair_with_numbered_parameters():
    # A loop that names its gradients per layer (Dw_layer1, db_layer_2) and its parameters W1, b2.
    names = ["W1", "b1", "W2", "b2"]
    keys = ["Dw_layer1", "Db_layer1", "dw_layer_2", "db_layer_2"]
    assert match_gradients(names, keys) == dict(zip(names, keys))
    assert parameter_of("layer1", names) is None     # a bare layer name is no gradient of W1


def test_nielsens_nabla_names_pair_with_his_parameters():
    # Nielsen's book: nabla_w / nabla_b per layer beside weights w1, w2 and biases b1, b2.
    names = ["w1", "b1", "w2", "b2"]
    assert match_gradients(names, ["nabla_w1", "nabla_b1", "nabla_w2", "nabla_b2"]) == \
        {"w1": "nabla_w1", "b1": "nabla_b1", "w2": "nabla_w2", "b2": "nabla_b2"}
    assert parameter_of("nabla", names) is None
