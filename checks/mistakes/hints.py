"""The right formulas in the course's words: the hints a named mistake ends with."""
from __future__ import annotations

STD = "s = sqrt(sum((x - mean)^2) / m) for each feature, that is np.std(X, axis=0) (ddof=0)"
EMA = ("V_t = beta * V_(t-1) + (1 - beta) * data_t with V_0 = 0, and the average returned is "
       "V_t / (1 - beta^t), t counting from 1 at the first data point")
BATCHES = ("X, Y = shuffle_data(X, Y), then (X[i:i + batch_size], Y[i:i + batch_size]) for i "
           "in range(0, m, batch_size); slicing past the end is safe and gives the smaller last "
           "batch")
MOMENTUM = "v = beta1 * v + (1 - beta1) * grad, then var = var - alpha * v"
RMSPROP = ("s = beta2 * s + (1 - beta2) * grad^2, then var = var - alpha * grad / "
           "(sqrt(s) + epsilon)")
ADAM = ("v = beta1 * v + (1 - beta1) * grad, s = beta2 * s + (1 - beta2) * grad^2, "
        "v_hat = v / (1 - beta1^t), s_hat = s / (1 - beta2^t), var = var - alpha * v_hat / "
        "(sqrt(s_hat) + epsilon); return var, v, s")
SGD = "tf.keras.optimizers.SGD(learning_rate=alpha, momentum=beta1)"
RMSPROP_OP = "tf.keras.optimizers.RMSprop(learning_rate=alpha, rho=beta2, epsilon=epsilon)"
ADAM_OP = ("tf.keras.optimizers.Adam(learning_rate=alpha, beta_1=beta1, beta_2=beta2, "
           "epsilon=epsilon)")
DECAY = "alpha / (1 + decay_rate * floor(global_step / decay_step)), with np.floor or //"
SCHEDULE = ("tf.keras.optimizers.schedules.InverseTimeDecay(alpha, decay_step, decay_rate, "
            "staircase=True)")
BN = ("Z_norm = (Z - mean) / sqrt(variance + epsilon) with mean = np.mean(Z, axis=0) and "
      "variance = np.var(Z, axis=0), then gamma * Z_norm + beta")
BN_LAYER = ("mean, variance = tf.nn.moments(Z, axes=[0]), then tf.nn.batch_normalization(Z, "
            "mean, variance, beta, gamma, 1e-7) (or call a BatchNormalization(epsilon=1e-7) layer "
            "with training=True)")
NORMALIZE = "(X - m) / s, with the m and s given"
BY_TASK = {0: STD, 1: NORMALIZE, 4: EMA, 5: MOMENTUM, 7: RMSPROP, 9: ADAM, 11: DECAY, 13: BN}
