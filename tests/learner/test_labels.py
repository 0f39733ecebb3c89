"""Class labels as they come (strings, integers, booleans) become the loss's targets and come back."""
import numpy as np
import pytest

from scratchnn.labels import ClassLabels, classes_for, encode_targets
from scratchnn.validation import InputError


def test_string_labels_for_bce_sort_and_the_second_class_is_output_one():
    y = np.array(["dog", "cat", "cat", "dog"])
    classes = classes_for(y, "bce", 1)
    assert classes.classes.tolist() == ["cat", "dog"]
    assert encode_targets(y, classes, "bce").tolist() == [1.0, 0.0, 0.0, 1.0]
    # Output 0.9 is P(dog), output 0.2 is P(cat).
    assert classes.decode(np.array([[0.9], [0.2]])).tolist() == ["dog", "cat"]


def test_booleans_for_bce_keep_false_as_zero():
    y = [True, False, True]
    classes = classes_for(y, "bce", 1)
    assert encode_targets(y, classes, "bce").tolist() == [1.0, 0.0, 1.0]
    assert classes.decode(np.array([[0.7], [0.1]])).tolist() == [True, False]


def test_zero_one_targets_for_bce_are_the_classes_0_and_1_as_given():
    y = np.array([0.0, 1.0, 1.0])
    classes = classes_for(y, "bce", 1)
    assert classes.classes.tolist() == [0, 1]
    assert encode_targets(y, classes, "bce").tolist() == [0.0, 1.0, 1.0]


def test_two_integer_labels_other_than_0_1_for_bce():
    y = np.array([1, 2, 2, 1])
    classes = classes_for(y, "bce", 1)
    assert classes.classes.tolist() == [1, 2]
    assert encode_targets(y, classes, "bce").tolist() == [0.0, 1.0, 1.0, 0.0]


def test_class_indices_for_cross_entropy_keep_every_output_even_unseen_ones():
    # Class 3 never appears in this batch; index 2 must still mean output 2, not shift.
    classes = classes_for(np.array([0, 2, 1, 2]), "cross_entropy", 4)
    assert classes.classes.tolist() == [0, 1, 2, 3]
    assert classes.decode(np.array([[0.1, 0.1, 0.1, 0.7]])).tolist() == [3]


def test_string_labels_for_cross_entropy_one_per_output():
    y = ["versicolor", "setosa", "virginica", "setosa"]
    classes = classes_for(y, "cross_entropy", 3)
    assert classes.classes.tolist() == ["setosa", "versicolor", "virginica"]
    assert encode_targets(y, classes, "cross_entropy").tolist() == [1, 0, 2, 0]
    assert classes.decode(np.array([[0.1, 0.2, 0.7], [0.8, 0.1, 0.1]])).tolist() == ["virginica", "setosa"]


def test_labels_beyond_the_outputs_are_mapped_when_there_are_as_many_classes():
    classes = classes_for(np.array([10, 20, 30]), "cross_entropy", 3)
    assert classes.classes.tolist() == [10, 20, 30]


def test_wrong_number_of_classes_names_the_fix():
    with pytest.raises(InputError, match=r"3 distinct class labels .*'cross_entropy'"):
        classes_for(["a", "b", "c"], "bce", 1)
    with pytest.raises(InputError, match=r"4 distinct class labels.*give the last Dense layer 4 outputs"):
        classes_for(["a", "b", "c", "d"], "cross_entropy", 3)


def test_a_plainly_continuous_target_is_refused_with_the_fix():
    y = np.linspace(0.13, 347.9, 347)
    for loss, outputs in (("bce", 1), ("cross_entropy", 347)):
        with pytest.raises(InputError, match=r"looks continuous: 347 distinct values.*loss='mse'"):
            classes_for(y, loss, outputs)


def test_a_few_probabilities_stay_soft_targets_for_bce():
    assert classes_for(np.array([0.1, 0.9, 0.9, 0.1]), "bce", 1) is None


def test_regression_and_one_hot_targets_pass_through():
    assert classes_for(np.linspace(0, 1, 50), "mse", 1) is None
    one_hot = np.eye(3)[[2, 0, 1]]
    classes = classes_for(one_hot, "cross_entropy", 3)
    assert classes.classes.tolist() == [0, 1, 2]
    assert encode_targets(one_hot, classes, "cross_entropy") is one_hot


def test_unknown_label_at_encoding_names_the_known_classes():
    classes = ClassLabels(["cat", "dog"])
    with pytest.raises(InputError, match=r"\['bird'\] are not among the classes .*\['cat', 'dog'\]"):
        classes.encode(["cat", "bird"])


@pytest.mark.parametrize("classes", [["cat", "dog"], [False, True], [3, 7, 11], [0.5, 1.5]])
def test_classes_survive_json(classes):
    import json
    labels = ClassLabels(np.array(classes))
    back = ClassLabels.from_json(json.loads(json.dumps(labels.to_json())))
    assert back == labels and back.classes.dtype.kind == labels.classes.dtype.kind
