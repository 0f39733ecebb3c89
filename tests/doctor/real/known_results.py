"""What the doctor does not do yet on the real corpus, each with what it says instead.

The tests mark these ``xfail(strict=True)``: when the doctor starts finding a symptom (or stops
raising, or stops warning on a healthy run), the test XPASSes and fails, and the entry must be
deleted here: ``python tests/doctor/real/measure.py --write-known`` rewrites this file from a
measurement of the doctor as it is. Never add an entry by hand to make a failing test pass.
"""

# (case, rule code) -> what the doctor reports instead of the expected symptom
MISSES = {
    ('autoencoder_derivative_from_first_row', 'gradient-mismatch'):
        'the doctor says: constant-output, loss-plateau',
    ('digits_softmax_error_times_output', 'gradient-mismatch'):
        'the doctor says: constant-output, loss-plateau',
    ('digits_tanh_aliased_update_accumulators', 'loss-plateau'):
        'the doctor says: gradient-mismatch',
    ('digits_tanh_aliased_update_accumulators', 'saturated-activation'):
        'the doctor says: gradient-mismatch',
    ('heart_logistic_ones_init_raw_features', 'saturated-activation'):
        'the doctor says: unscaled-inputs, loss-diverging, non-finite, constant-output, loss-plateau',
    ('hidden_delta_uses_output_error', 'gradient-mismatch'):
        'the doctor says: no warning',
    ('leaky_relu_output_weights_plus_bias', 'loss-plateau'):
        'the doctor says: lr-too-high, loss-diverging',
    ('logistic_unit_inputs_in_thousands', 'saturated-activation'):
        'the doctor says: unscaled-inputs, lr-too-high, exploding-gradients',
    ('mnist_bias_update_typo_raw_pixels', 'unscaled-inputs'):
        'the doctor says: weights-not-updating, non-finite',
    ('mnist_raw_pixels_expit_saturates', 'loss-plateau'):
        'the doctor says: unscaled-inputs, symmetric-units',
    ('mnist_raw_pixels_expit_saturates', 'saturated-activation'):
        'the doctor says: unscaled-inputs, symmetric-units',
    ('mnist_sigmoid_softmax_scalar_weight_changes', 'constant-output'):
        'the doctor says: gradient-shape',
    ('mnist_sigmoid_softmax_scalar_weight_changes', 'loss-plateau'):
        'the doctor says: gradient-shape',
    ('moons_2_5_5_1_bias_takes_every_sample', 'gradient-scale'):
        'the doctor says: no warning',
    ('moons_2_5_5_1_bias_takes_every_sample', 'gradient-shape'):
        'the doctor says: no warning',
    ('one_neuron_chain_weight_for_input', 'gradient-mismatch'):
        'the doctor says: constant-output, loss-plateau',
    ('regression_per_sample_biases_diverge', 'gradient-mismatch'):
        'the doctor says: lr-too-high, exploding-gradients, loss-diverging, non-finite',
    ('relu_rand_init_raw_scores_dJdW', 'dead-relu'):
        'the doctor says: lr-too-high, exploding-gradients, loss-diverging, vanishing-gradients',
    ('sine_single_unit_softmax_output', 'output-activation-mismatch'):
        'the doctor says: lr-too-high, loss-diverging, non-finite, constant-output',
    ('sine_tanh_bias_after_activation', 'loss-plateau'):
        'the doctor says: gradient-mismatch',
    ('softmax_missing_hidden_derivative', 'gradient-mismatch'):
        'the doctor says: loss-diverging',
    ('softmax_missing_hidden_derivative', 'lr-too-high'):
        'the doctor says: loss-diverging',
    ('tied_autoencoder_missing_encoder_term', 'gradient-mismatch'):
        'the doctor says: no warning',
    ('titanic_logistic_integer_theta_raw_fares', 'constant-output'):
        'the doctor says: gradient-mismatch',
    ('titanic_logistic_integer_theta_raw_fares', 'loss-plateau'):
        'the doctor says: gradient-mismatch',
    ('titanic_logistic_integer_theta_raw_fares', 'saturated-activation'):
        'the doctor says: gradient-mismatch',
    ('titanic_logistic_integer_theta_raw_fares', 'unscaled-inputs'):
        'the doctor says: gradient-mismatch',
    ('xor_no_bias_missing_output_derivative', 'gradient-mismatch'):
        'the doctor says: vanishing-gradients, loss-plateau',
}

# case -> the exception observe() or report() raised
EXCEPTIONS = {
}

# healthy case -> the warnings the doctor gave on a run that learns
FALSE_ALARMS = {
}
