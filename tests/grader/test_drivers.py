"""The TensorFlow optimizer driver: numpy's gradients, one traced case per process, the rest eager."""
from __future__ import annotations

import numpy as np
import pytest

from checks.cases import keras_problem
from checks.tolerance import TF_FLOAT32
from harness import drivers

tf = pytest.importorskip("tensorflow")


def _sgd(alpha, beta1):
    return tf.keras.optimizers.SGD(learning_rate=alpha, momentum=beta1)


def _tf1(alpha, beta1):
    return tf.compat.v1.train.MomentumOptimizer(alpha, beta1)


@pytest.fixture
def fresh_process(monkeypatch):
    """The driver's state as in a task's new process: no case traced yet."""
    monkeypatch.setattr(drivers, "_TRACED", [])


def test_numpy_gradients_are_tensorflows():
    problem = keras_problem(6)
    weights = [tf.Variable(w) for w in problem["weights"]]
    with tf.GradientTape() as tape:
        hidden = tf.tanh(problem["X"] @ weights[0] + weights[1])
        probabilities = tf.nn.softmax(hidden @ weights[2] + weights[3])
        loss = tf.reduce_mean(tf.keras.losses.categorical_crossentropy(problem["Y"], probabilities))
    want = tape.gradient(loss, weights)
    X, Y = (problem[k].astype(np.float64) for k in ("X", "Y"))
    got_loss, got = drivers._loss_and_gradients(problem["weights"], X, Y)
    assert TF_FLOAT32.close(got_loss, float(loss))
    for g, w in zip(got, want):
        assert TF_FLOAT32.close(g, w.numpy()).all()


def test_only_the_first_case_of_a_process_is_traced_and_eager_cases_agree(fresh_process):
    inputs = {"args": [0.1, 0.9], **keras_problem(61)}
    traced = drivers.tf_optimizer(_sgd, inputs)
    assert drivers._TRACED
    eager = drivers.tf_optimizer(_sgd, inputs)
    assert TF_FLOAT32.close(eager["losses"], traced["losses"]).all()
    for e, t in zip(eager["weights"], traced["weights"]):
        assert TF_FLOAT32.close(e, t).all()


def test_a_tf1_optimizer_fails_in_every_case_traced_or_eager(fresh_process):
    """On a Keras model's kind of variables a TF1 optimizer breaks, inside tf.function or not;
    a case that failed leaves the next case of its process traced too."""
    inputs = {"args": [0.1, 0.9], **keras_problem(62)}
    for _ in range(2):
        with pytest.raises(AttributeError):
            drivers.tf_optimizer(_tf1, inputs)
    assert drivers._TRACED == []
    drivers.tf_optimizer(_sgd, inputs)
    with pytest.raises(AttributeError):  # eager now
        drivers.tf_optimizer(_tf1, inputs)


def test_the_traced_case_is_traced_once_without_autograph(fresh_process, monkeypatch):
    """The optimizer's own variables are made before its step is traced: a tf.function
    that makes variables is traced twice.  AutoGraph, a third of the trace's cost, has
    nothing to convert there (a Keras optimizer's code is never converted)."""
    traced, options, function = [], [], tf.function

    def recording_function(fn, **kwargs):
        traced.append(function(fn, **kwargs))
        options.append(kwargs)
        return traced[-1]

    monkeypatch.setattr(tf, "function", recording_function)
    drivers.tf_optimizer(_sgd, {"args": [0.1, 0.9], **keras_problem(63)})
    assert [f.experimental_get_tracing_count() for f in traced] == [1]
    assert options == [{"autograph": False}]


def test_a_numpy_case_leaves_tensorflows_seed_alone(monkeypatch):
    """Its runtime would start for nothing: the harness imports TensorFlow for every task."""
    seeded = []
    monkeypatch.setattr(tf.keras.utils, "set_random_seed", seeded.append)
    monkeypatch.setattr(tf.random, "set_seed", seeded.append)
    drivers.seed_everything(5, tensorflow=False)
    assert seeded == [] and np.random.get_state()[1][0] == 5
    drivers.seed_everything(6)
    assert seeded == [6, 6]
