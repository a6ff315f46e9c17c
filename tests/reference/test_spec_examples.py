"""The reference reproduces, to the printed precision, the outputs the spec prints for its examples."""
from __future__ import annotations

import numpy as np

from reference import FUNCTIONS

#: numpy prints float64 arrays with 8 decimals: half a unit in the last printed digit.
ATOL_8_DECIMALS = 5e-9

#: X[:10] (= Z[:10]) as 1-main.py and 13-main.py print it.
INPUT_HEAD = """
[[  3.52810469   3.8831507   -6.69181838]
 [  0.80031442   0.65224094  -5.39379178]
 [  1.95747597   0.729515     7.99659596]
 [  4.4817864    2.96939671   3.55263731]
 [  3.73511598   0.82687659   3.40131526]
 [ -1.95455576   3.94362119 -19.16956044]
 [  1.90017684   1.58638102  -3.24326124]
 [ -0.30271442   1.25254519 -10.38030909]
 [ -0.2064377    3.92294203  -0.20075401]
 [  0.821197     3.48051479  -3.9815039 ]]
"""


def parse(block: str) -> np.ndarray:
    """Turn a 1-D or 2-D array as numpy prints it back into a float array."""
    rows = np.array([line.strip(" []").split() for line in block.strip().splitlines()], dtype=float)
    return rows if block.strip().startswith("[[") else rows[0]


def assert_printed(actual, block: str) -> None:
    """Assert that actual equals the printed array to within half a unit in the 8th decimal."""
    np.testing.assert_allclose(actual, parse(block), rtol=0, atol=ATOL_8_DECIMALS)


def spec_matrix() -> np.ndarray:
    """Build the (100, 3) matrix of 0-main.py, 1-main.py and 13-main.py (seed 0, three normal draws)."""
    np.random.seed(0)
    a = np.random.normal(0, 2, size=(100, 1))
    b = np.random.normal(2, 1, size=(100, 1))
    c = np.random.normal(-3, 10, size=(100, 1))
    return np.concatenate((a, b, c), axis=1)


def test_task_0_normalization_constants():
    """0-main.py: the printed means and standard deviations of the three features."""
    m, s = FUNCTIONS[0](spec_matrix())
    assert_printed(m, "[ 0.11961603  2.08201297 -3.59232261]")
    assert_printed(s, "[2.01576449 1.034667   9.52002619]")


def test_task_1_normalize():
    """1-main.py: the first 10 normalized rows, and the normalized data's means ~0 and stds 1."""
    X = spec_matrix()
    assert_printed(X[:10], INPUT_HEAD)
    X_norm = FUNCTIONS[1](X, *FUNCTIONS[0](X))
    assert_printed(X_norm[:10], """
[[ 1.69091612  1.74078977 -0.32557639]
 [ 0.33768746 -1.38186686 -0.18922943]
 [ 0.91174338 -1.3071819   1.21732003]
 [ 2.16402779  0.85765153  0.75051893]
 [ 1.79361228 -1.21308245  0.73462381]
 [-1.02897526  1.79923417 -1.63625998]
 [ 0.88331787 -0.47902557  0.03666601]
 [-0.20951378 -0.80167608 -0.71302183]
 [-0.1617519   1.77924787  0.35625623]
 [ 0.34804709  1.35164437 -0.04088028]]
""")
    m, s = FUNCTIONS[0](X_norm)
    np.testing.assert_allclose(m, 0, rtol=0, atol=1e-15)  # printed: 2.44e-17 -5.00e-16 1.47e-16
    assert_printed(s, "[1. 1. 1.]")


def test_task_2_shuffle_data():
    """2-main.py: both matrices shuffled by the permutation drawn after np.random.seed(0)."""
    X = np.array([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]])
    Y = np.array([[11, 12], [13, 14], [15, 16], [17, 18], [19, 20]])
    np.random.seed(0)
    X_shuffled, Y_shuffled = FUNCTIONS[2](X, Y)
    np.testing.assert_array_equal(X_shuffled, [[5, 6], [1, 2], [3, 4], [7, 8], [9, 10]])
    np.testing.assert_array_equal(Y_shuffled, [[15, 16], [11, 12], [13, 14], [17, 18], [19, 20]])


def test_task_4_moving_average():
    """4-main.py: all 31 bias-corrected moving averages, equal to the printed reprs."""
    data = [72, 78, 71, 68, 66, 69, 79, 79, 65, 64, 66, 78, 64, 64, 81, 71, 69,
            65, 72, 64, 60, 61, 62, 66, 72, 72, 67, 67, 67, 68, 75]
    assert FUNCTIONS[4](data, 0.9) == [
        72.0, 75.15789473684211, 73.62361623616238, 71.98836871183484, 70.52604332006544,
        70.20035470453027, 71.88706986789997, 73.13597603396988, 71.80782582850702,
        70.60905915023126, 69.93737009120935, 71.0609712312634, 70.11422355031073,
        69.32143707981284, 70.79208718739721, 70.81760741911772, 70.59946700377961,
        69.9406328280786, 70.17873340222755, 69.47534437750306, 68.41139351151023,
        67.58929643210207, 66.97601174673004, 66.86995043877324, 67.42263231561797,
        67.91198666959514, 67.8151574064495, 67.72913996327617, 67.65262186609462,
        67.68889744321645, 68.44900744806469]


def test_task_11_learning_rate_decay():
    """11-main.py: the 100 printed learning rates (each printed 10 times in a row), equal to their reprs."""
    printed = [0.1, 0.05, 0.03333333333333333, 0.025, 0.02, 0.016666666666666666,
               0.014285714285714287, 0.0125, 0.011111111111111112, 0.01]
    actual = [FUNCTIONS[11](0.1, 1, i, 10) for i in range(100)]
    assert actual == [value for value in printed for _ in range(10)]


def test_task_12_learning_rate_decay_schedule():
    """12-main.py: the schedule's 100 float32 learning rates (each printed 10 times in a row)."""
    printed = ["0.1", "0.05", "0.033333335", "0.025", "0.02", "0.016666668",
               "0.014285714", "0.0125", "0.011111111", "0.01"]
    schedule = FUNCTIONS[12](0.1, 1, 10)
    actual = [np.float32(schedule(i).numpy()) for i in range(100)]
    assert actual == [np.float32(value) for value in printed for _ in range(10)]


def test_task_13_batch_norm():
    """13-main.py: the first 10 rows of Z_norm, with gamma and beta drawn after the normal draws."""
    Z = spec_matrix()
    gamma = np.random.rand(1, 3)
    beta = np.random.rand(1, 3)
    assert_printed(Z[:10], INPUT_HEAD)
    assert_printed(FUNCTIONS[13](Z, gamma, beta, 1e-7)[:10], """
[[ 1.48744674  0.95227432  0.82862045]
 [ 0.63640336 -0.291899    0.83717117]
 [ 0.99742624 -0.26214196  0.92538004]
 [ 1.78498593  0.6004018   0.89610557]
 [ 1.5520322  -0.22464952  0.89510874]
 [-0.22308868  0.97556057  0.74642362]
 [ 0.97954948  0.06782388  0.85133774]
 [ 0.29226936 -0.06073113  0.8043226 ]
 [ 0.32230674  0.96759734  0.87138019]
 [ 0.64291852  0.79722546  0.84647459]]
""")
