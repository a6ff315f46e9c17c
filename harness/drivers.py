"""How each task's function is exercised: the calls the spec's main programs make, on a case's inputs.

The same drivers run the student's function inside the sandbox and the reference function
when the expected outputs are built, so both go through exactly the same loop.  A driver
takes the function and the case's inputs and returns plain values (numpy arrays, numbers,
lists, dicts); it never compares anything.  TensorFlow is imported only by the drivers that
need it.
"""
from __future__ import annotations

import copy
import random
import sys

import numpy as np


class ContractError(Exception):
    """The student's function broke the calling convention the spec gives (arity, return shape)."""


def seed_everything(seed: int, tensorflow: bool = True) -> None:
    """Seed python, numpy and, for a case that uses it (and if loaded), TensorFlow/Keras the
    way the spec's main programs do.  A numpy case leaves TensorFlow alone: in a process of
    the fork server, TensorFlow's first seeding starts its runtime (about 15 ms of CPU), and
    the harness imports TensorFlow for every task as soon as one task needs it."""
    random.seed(seed)
    np.random.seed(seed)
    if tensorflow and "tensorflow" in sys.modules:
        tf = sys.modules["tensorflow"]
        tf.random.set_seed(seed)
        tf.keras.utils.set_random_seed(seed)


def _unpack(result, count: int, fn_name: str, what: str):
    """Return result as a list of count values, or explain why the loop cannot unpack it."""
    if not isinstance(result, (tuple, list)) or len(result) != count:
        got = (f"{len(result)} values" if isinstance(result, (tuple, list))
               else f"a {type(result).__name__}")
        raise ContractError(f"{fn_name} must return {count} values ({what}); it returned {got}")
    return list(result)


# ---------------------------------------------------------------- plain calls


def call(fn, inputs: dict):
    """fn(*args) on fresh copies of the arguments (students may update them in place)."""
    return fn(*copy.deepcopy(inputs["args"]))


def in_place(fn, inputs: dict):
    """fn(*args) on fresh copies; which arguments (by position) it changed in place.  What
    it returns is not judged here: the other cases judge that."""
    args = copy.deepcopy(inputs["args"])
    before = copy.deepcopy(args)
    fn(*args)
    return {"changed": [i for i, (now, was) in enumerate(zip(args, before))
                        if isinstance(was, np.ndarray)
                        and not (isinstance(now, np.ndarray) and now.shape == was.shape
                                 and np.array_equal(now, was, equal_nan=True))]}


def calls(fn, inputs: dict):
    """fn(*args) for each argument list, as the spec's loops over global_step do."""
    return [fn(*copy.deepcopy(args)) for args in inputs["calls"]]


def _earlier_function(fn, name: str, module: str):
    """The earlier task's function that fn calls by name: the one fn sees (its module's, bound
    by the __import__ line, or a closure's), else the earlier task's module if imported."""
    found = getattr(fn, "__globals__", {}).get(name)
    code, cells = getattr(fn, "__code__", None), getattr(fn, "__closure__", None) or ()
    if name in getattr(code, "co_freevars", ()):  # a function defined inside another
        try:
            found = cells[code.co_freevars.index(name)].cell_contents
        except (IndexError, ValueError):
            pass
    if not callable(found):
        found = getattr(sys.modules.get(module), name, None)
    return found if callable(found) else None


def batches(fn, inputs: dict):
    """create_mini_batches(X, Y, batch_size), and what the student's own shuffle_data(X, Y)
    gives under the same random state: the trusted side judges the batches against the
    student's own shuffle, so a wrong task 2 is not charged again in task 3.  None when there
    is no shuffle_data to call or it raised (the batches are then judged on their own)."""
    state, py_state = np.random.get_state(), random.getstate()
    output = call(fn, inputs)
    shuffle = _earlier_function(fn, "shuffle_data", "2-shuffle_data")
    own = None
    if shuffle is not None:
        np.random.set_state(state)
        random.setstate(py_state)
        try:
            own = shuffle(*copy.deepcopy(inputs["args"][:2]))
        except Exception:  # noqa: BLE001 - task 2's own failure is judged in task 2
            own = None
    return {"batches": output, "own_shuffle": own}


# ---------------------------------------------------------------- numpy training (tasks 5, 7, 9)

_RULES = {
    # rule: (number of moments, what the function returns)
    "momentum": (1, "the updated variable and the new moment"),
    "rmsprop": (1, "the updated variable and the new second moment"),
    "adam": (2, "the updated variable, the new first moment and the new second moment"),
}


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _cost(Y, A) -> float:
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / Y.shape[0])


def train(fn, inputs: dict):
    """Logistic regression trained like the spec's 5/7/9-main.py; returns the cost at every step.

    Only the costs: near the optimum the weights of a correct RMSProp or Adam wander
    chaotically, so they are no fair target (see checks.tolerance.TRAINING).

    W starts from the case's weights, b from the integer 0 and every moment from 0 (an array
    for W, the integer 0 for b), as in the spec, so the function must accept scalars too.
    """
    X, Y = inputs["X"], inputs["Y"]
    rule, hyper, iterations = inputs["rule"], list(inputs["hyper"]), inputs["iterations"]
    n_moments, what = _RULES[rule]
    name = getattr(fn, "__name__", "the function")
    W, b = inputs["W"].copy(), 0
    moments_W = [np.zeros_like(W) for _ in range(n_moments)]
    moments_b = [0] * n_moments
    m = X.shape[0]
    costs = []
    for step in range(1, iterations + 1):
        A = _sigmoid(X @ W + b)
        costs.append(_cost(Y, A))
        dZ = A - Y
        dW, db = X.T @ dZ / m, np.sum(dZ) / m
        extra = [step] if rule == "adam" else []
        W, *moments_W = _unpack(fn(*hyper, W, dW, *moments_W, *extra), n_moments + 1, name, what)
        b, *moments_b = _unpack(fn(*hyper, b, db, *moments_b, *extra), n_moments + 1, name, what)
    costs.append(_cost(Y, _sigmoid(X @ W + b)))
    return {"costs": np.array(costs)}


# ---------------------------------------------------------------- TensorFlow (tasks 6, 8, 10, 12, 14)

_PLAIN = (bool, int, float, str, type(None))


def _object_info(obj) -> dict:
    """Class, base classes and plain-valued config of an optimizer or schedule; not its name,
    which Keras numbers in the order a process makes them (``sgd_3``): nothing judges it."""
    info = {"class": type(obj).__name__,
            "bases": [f"{c.__module__}.{c.__qualname__}" for c in type(obj).__mro__][:20]}
    try:
        config = obj.get_config()
        info["config"] = {str(k): v for k, v in config.items()
                          if isinstance(v, _PLAIN) and k != "name"}
    except Exception as exc:  # noqa: BLE001 - TF1 optimizers and hand-written classes
        info["config_error"] = f"{type(exc).__name__}: {exc}"[:300]
    return info


def _loss_and_gradients(weights: list, X: np.ndarray, Y: np.ndarray) -> tuple[float, list]:
    """The spec's small model (Dense tanh, Dense softmax, categorical cross-entropy) on the
    current weights: its loss and the gradients of the loss, by backpropagation in numpy.
    TensorFlow applies them with the student's optimizer; computing them here leaves it only
    the optimizer's own ops to run (a Keras model, or even a GradientTape, cost more per
    case than the training itself)."""
    W1, b1, W2, b2 = (np.asarray(w, dtype=np.float64) for w in weights)
    hidden = np.tanh(X @ W1 + b1)
    logits = hidden @ W2 + b2
    logits = logits - logits.max(axis=1, keepdims=True)
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    loss = float(-np.mean(np.sum(Y * np.log(probabilities), axis=1)))
    d_logits = (probabilities - Y) / X.shape[0]
    d_hidden = (d_logits @ W2.T) * (1 - hidden ** 2)
    gradients = [X.T @ d_hidden, d_hidden.sum(axis=0), hidden.T @ d_logits, d_logits.sum(axis=0)]
    return loss, [g.astype(np.float32) for g in gradients]


#: Whether a case of this process has applied its gradients inside tf.function yet.  Tracing
#: costs most of a case, so once one case has, the other cases of the process (each task runs
#: in a process of its own) apply theirs eagerly, and so do cases marked eager (the hidden
#: ones, whose task's public case runs traced, in the same process or not).  Some mistakes break only inside
#: tf.function: the first unmarked case of every process still runs there, as does every
#: unmarked case after one that failed.
_TRACED: list[bool] = []


def _build(optimizer, variables: list) -> None:
    """Create a Keras optimizer's own variables now, eagerly, as its first step would: a
    tf.function that creates variables is traced twice, one that does not is traced once.
    Anything else, or a build that fails, is left to the traced step, where it fails (or not)
    as it always did."""
    import tensorflow as tf

    if isinstance(optimizer, tf.keras.optimizers.Optimizer) and not optimizer.built:
        try:
            optimizer.build(variables)
        except Exception:  # noqa: BLE001 - judged where the step runs
            pass


def tf_optimizer(fn, inputs: dict):
    """Build the optimizer, then train the spec's small model: numpy computes each step's
    gradients, the optimizer applies them (in a tf.function for the first case of the
    process not marked eager)."""
    import tensorflow as tf

    optimizer = fn(*inputs["args"])
    info = _object_info(optimizer)
    variables = [tf.keras.Variable(w) for w in inputs["weights"]]  # a model's own kind
    X, Y = (np.asarray(inputs[k], dtype=np.float64) for k in ("X", "Y"))

    def apply(gradients):
        optimizer.apply_gradients(zip(gradients, variables))

    traced = not (_TRACED or inputs.get("eager"))
    if traced:
        _build(optimizer, variables)
    # Not converted by AutoGraph (apply has no control flow of its own; a Keras optimizer's is
    # never converted): converting costs a third of the traced case.
    step = tf.function(apply, autograph=False) if traced else apply
    losses = []
    for _ in range(inputs["steps"]):
        loss, gradients = _loss_and_gradients([v.numpy() for v in variables], X, Y)
        losses.append(loss)
        step([tf.constant(g) for g in gradients])
    _TRACED.append(True)
    return {"optimizer": info, "losses": np.array(losses),
            "weights": [np.array(v.numpy()) for v in variables]}


def tf_schedule(fn, inputs: dict):
    """Build the schedule, read its value at each step, then let an SGD optimizer use it."""
    import tensorflow as tf

    schedule = fn(*inputs["args"])
    info = _object_info(schedule)
    values = np.array([np.asarray(schedule(step)).item() for step in inputs["steps"]])
    variable = tf.Variable(1.0)
    optimizer = tf.keras.optimizers.SGD(learning_rate=schedule)
    for _ in range(3):
        optimizer.apply_gradients([(tf.constant(1.0), variable)])
    return {"schedule": info, "values": values, "variable_after_sgd": float(variable.numpy())}


def tf_layer(fn, inputs: dict):
    """Call fn(prev, n, activation) and record every variable it creates, with its initial
    value and its own name: without the layer's (Keras numbers layers in the order a process
    makes them, ``dense_3/kernel:0``, so the path would depend on what ran before)."""
    import tensorflow as tf

    created = []

    def record(next_creator, **kwargs):
        variable = next_creator(**kwargs)
        created.append({"name": str(variable.name).rpartition("/")[2],
                        "trainable": bool(variable.trainable),
                        "initial": np.array(variable.numpy())})
        return variable

    name = inputs["activation"]
    activation = tf.identity if name == "identity" else getattr(tf.nn, name)
    with tf.variable_creator_scope(record):
        output = fn(inputs["prev"], inputs["n"], activation)
    return {"output": output, "variables": created}


DRIVERS = {
    "call": call,
    "calls": calls,
    "batches": batches,
    "in_place": in_place,
    "train": train,
    "tf_optimizer": tf_optimizer,
    "tf_schedule": tf_schedule,
    "tf_layer": tf_layer,
}

#: Drivers that need TensorFlow loaded in the process that runs them.
TF_DRIVERS = frozenset({"tf_optimizer", "tf_schedule", "tf_layer"})


def run(driver: str, fn, inputs: dict):
    """Run one case: the named driver on fn and the case's inputs."""
    return DRIVERS[driver](fn, inputs)
