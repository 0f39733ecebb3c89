"""What the doctor does not do yet on the real corpus, each with what it says instead.

The tests mark these ``xfail(strict=True)``: when the doctor starts finding a symptom (or stops
raising, or stops warning on a healthy run), the test XPASSes and fails, and the entry must be
deleted here: ``python tests/doctor/real/measure.py --write-known`` rewrites this file from a
measurement of the doctor as it is. Never add an entry by hand to make a failing test pass.
"""

# (case, rule code) -> what the doctor reports instead of the expected symptom
MISSES = {
    ('bot_academy_output_delta_without_sigmoid_slope', 'gradient-mismatch'):
        'the doctor says: no warning',
    ('circles_relu_init_times_10_cost_inf_then_stuck', 'loss-plateau'):
        'the doctor says: non-finite',
    ('copy_first_input_no_bias_zero_row_stuck', 'loss-plateau'):
        'the doctor says: no warning',
    ('digits_per_sample_relu_backward_times_relu_output', 'gradient-mismatch'):
        'the doctor says: no warning',
    ('digits_relu_softmax_gradient_axes_mixed_up', 'gradient-mismatch'):
        'the doctor says: gradient-shape, lr-too-high, exploding-gradients, loss-diverging, non-finite, saturat...',
    ('digits_softmax_error_times_output', 'gradient-mismatch'):
        'the doctor says: constant-output, loss-plateau',
    ('digits_tanh_aliased_update_accumulators', 'saturated-activation'):
        'the doctor says: loss-plateau, gradient-mismatch',
    ('digits_tanh_mlp_loss_of_softmax_twice_bias_without_slope', 'gradient-mismatch'):
        'the doctor says: loss-plateau',
    ('dlfs_two_layer_net_softmax_over_whole_batch', 'gradient-mismatch'):
        'the doctor says: lr-too-high, exploding-gradients, loss-diverging, loss-plateau',
    ('grokking_conv_kernels_step_uphill', 'gradient-mismatch'):
        'the doctor says: constant-output, loss-plateau',
    ('hidden_delta_uses_output_error', 'gradient-mismatch'):
        'the doctor says: no warning',
    ('linear_layer_weight_step_uses_output', 'gradient-mismatch'):
        'the doctor says: no warning',
    ('linear_regression_gd_targets_1d_weights_grow_into_matrix', 'constant-output'):
        'the doctor says: shape-mismatch, gradient-shape',
    ('mnist_bias_update_typo_raw_pixels', 'unscaled-inputs'):
        'the doctor says: weights-not-updating, non-finite',
    ('mnist_per_sample_hidden_delta_drops_wrong_column', 'gradient-mismatch'):
        'the doctor says: loss-plateau',
    ('mnist_sigmoid_momentum_lr4_batch1_diverges', 'lr-too-high'):
        'the doctor says: exploding-gradients, loss-diverging, saturated-activation, vanishing-gradients, const...',
    ('mnist_sigmoid_mse_weight_gradients_summed_bias_gradients_averaged', 'gradient-mismatch'):
        'the doctor says: gradient-scale',
    ('mnist_sigmoid_softmax_scalar_weight_changes', 'constant-output'):
        'the doctor says: gradient-shape, loss-plateau',
    ('moons_adam_divides_by_squared_sum_of_s', 'loss-diverging'):
        'the doctor says: exploding-gradients, non-finite, saturated-activation, vanishing-gradients',
    ('moons_adam_divides_by_squared_sum_of_s', 'lr-too-high'):
        'the doctor says: exploding-gradients, non-finite, saturated-activation, vanishing-gradients',
    ('nielsen_digits_relu_for_sigmoid_everywhere_dies', 'lr-too-high'):
        'the doctor says: dead-relu, vanishing-gradients, constant-output, loss-plateau',
    ('one_neuron_chain_weight_for_input', 'gradient-mismatch'):
        'the doctor says: constant-output, loss-plateau',
    ('one_neuron_sum_targets_saturates', 'gradient-scale'):
        'the doctor says: output-activation-mismatch, saturated-activation, constant-output, loss-plateau',
    ('regression_per_sample_biases_diverge', 'gradient-mismatch'):
        'the doctor says: lr-too-high, exploding-gradients, loss-diverging, non-finite',
    ('signature_features_unscaled_sigmoid_frozen', 'saturated-activation'):
        'the doctor says: unscaled-inputs, vanishing-gradients, loss-plateau',
    ('slope_updated_with_accumulated_error', 'gradient-mismatch'):
        'the doctor says: lr-too-high, exploding-gradients, loss-diverging, non-finite',
    ('softmax_missing_hidden_derivative', 'gradient-mismatch'):
        'the doctor says: loss-diverging',
    ('softmax_missing_hidden_derivative', 'lr-too-high'):
        'the doctor says: loss-diverging',
    ('xor_bogotobogo_sigmoid_prime_of_output', 'gradient-mismatch'):
        'the doctor says: constant-output, loss-plateau',
    ('xor_copies_manual_backprop_weight_gradients_summed', 'gradient-mismatch'):
        'the doctor says: gradient-scale, lr-too-high, loss-plateau',
    ('xor_relu_bce_no_bias_sigmoid_prime_twice', 'gradient-mismatch'):
        'the doctor says: gradient-scale, constant-output, loss-plateau',
}

# case -> the exception observe() or report() raised
EXCEPTIONS = {
}

# healthy case -> the warnings the doctor gave on a run that learns
FALSE_ALARMS = {
}
