"""A mistake in validation_data is reported as one, not as a mistake in the training arrays."""
import numpy as np
import pytest

import scratchnn as snn


@pytest.mark.parametrize("X_val, y_val, detail", [
    (np.ones((3, 3)), np.ones(3), "3 features"),
    (np.array([[1.0, np.nan]]), np.ones(1), "NaN"),
    (np.ones((3, 2)), np.ones(4), "samples"),
])
def test_a_bad_validation_array_is_named_as_validation_data(X_val, y_val, detail):
    model = snn.Sequential([snn.Dense(2, 1)], seed=0)
    before = model.flat_params.copy()
    with pytest.raises(snn.InputError) as caught:
        model.fit(np.ones((4, 2)), np.ones(4), validation_data=(X_val, y_val), epochs=1)
    message = str(caught.value)
    assert message.startswith("validation_data (X_val, y_val): ") and detail in message
    assert np.array_equal(model.flat_params, before)   # refused before any training
