#!/usr/bin/env python3
"""Generates the calibration fixtures that ParapetConfidence's tests compare against.

The expected values come from scikit-learn (and SciPy where noted); the Swift tests read the JSON
files and never need Python. Run it again only to change the fixtures:

    python3 -m venv /work/.scratch/venv-sklearn
    /work/.scratch/venv-sklearn/bin/pip install scikit-learn scipy numpy
    /work/.scratch/venv-sklearn/bin/python scripts/calibration-fixtures.py

Deterministic: every data set comes from numpy.random.default_rng with a fixed seed, and the
output is written with sorted keys, so running it twice gives the same bytes (for the same
library versions, which the files record).

What each expected value is:

- isotonic: IsotonicRegression(out_of_bounds="clip", y_min=0, y_max=1) fitted on the training
  scores; its X_thresholds_ / y_thresholds_ and predictions, cross-checked against
  CalibratedClassifierCV(FrozenEstimator(clf), method="isotonic").
- platt: CalibratedClassifierCV(FrozenEstimator(clf), method="sigmoid") where clf's
  decision_function returns the score itself, so Platt's P = 1 / (1 + exp(A*f + B)) is fitted on
  the raw score f (not its logit). sklearn's L-BFGS-B stops at gtol=1e-6 on the summed loss, which
  leaves A and B about 1e-7 from the optimum; the script refines A and B with SciPy's Newton-CG
  method (exact gradient and Hessian, xtol=1e-15) from sklearn's answer, then plain Newton steps
  while they shrink the gradient, and stores both.
  The Swift tests compare against the refined values; `sklearn_a` / `sklearn_b` show the gap.
- temperature: CalibratedClassifierCV(FrozenEstimator(clf), method="temperature") where clf has
  only predict_proba, so the logit is log(p + 1e-12) - log(1 - p + 1e-12) and
  P = sigmoid(logit / T) with T = 1 / beta_. sklearn minimises over log(beta) with bounded Brent;
  the script refines beta by solving d(log loss)/d(beta) = 0 with scipy.optimize.brentq
  (xtol=1e-15) and stores both.
- metrics: calibration_curve(strategy="uniform", n_bins=bins) for the reliability curve,
  brier_score_loss, log_loss (labels=[0, 1]). ECE and MCE use the same bins as
  calibration_curve: ECE = sum over non-empty bins of count/n * |fraction positive - mean score|,
  MCE = the largest such gap.
"""

import json
import os
import sys

import numpy as np
import scipy
import sklearn
from scipy.optimize import brentq, minimize
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV, calibration_curve
from sklearn.frozen import FrozenEstimator
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import brier_score_loss, log_loss

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "ParapetConfidenceTests", "Fixtures")
BINS = 10


class DecisionScore(ClassifierMixin, BaseEstimator):
    """A 'classifier' whose decision_function is the score in column 0 (used for sigmoid and isotonic)."""

    def fit(self, X, y):
        self.classes_ = np.array([0, 1])
        return self

    def decision_function(self, X):
        return np.asarray(X, dtype=np.float64)[:, 0]

    def predict(self, X):
        return (self.decision_function(X) >= 0.5).astype(int)


class ProbabilityScore(ClassifierMixin, BaseEstimator):
    """A 'classifier' whose predict_proba is [1 - score, score] (used for temperature scaling)."""

    def fit(self, X, y):
        self.classes_ = np.array([0, 1])
        return self

    def predict_proba(self, X):
        p = np.asarray(X, dtype=np.float64)[:, 0]
        return np.column_stack([1.0 - p, p])

    def predict(self, X):
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)


def frozen(cls, scores, labels):
    return FrozenEstimator(cls().fit(scores.reshape(-1, 1), labels))


def metrics(scores, labels):
    prob_true, prob_pred = calibration_curve(labels, scores, n_bins=BINS, strategy="uniform")
    edges = np.linspace(0.0, 1.0, BINS + 1)
    binids = np.searchsorted(edges[1:-1], scores)
    counts = np.bincount(binids, minlength=BINS)
    nonempty = counts[counts > 0]
    gaps = np.abs(prob_true - prob_pred)
    return {
        "prob_true": prob_true.tolist(),
        "prob_pred": prob_pred.tolist(),
        "bin_counts": counts.tolist(),
        "ece": float(np.sum(nonempty / len(scores) * gaps)),
        "mce": float(np.max(gaps)),
        "brier": float(brier_score_loss(labels, scores)),
        "log_loss": float(log_loss(labels, scores, labels=[0, 1])),
        "count": int(len(scores)),
    }


def platt_targets(labels):
    prior1 = float(np.sum(labels > 0))
    prior0 = len(labels) - prior1
    return np.where(labels > 0, (prior1 + 1.0) / (prior1 + 2.0), 1.0 / (prior0 + 2.0))


def refine_platt(scores, labels, a0, b0):
    """Platt's loss (sklearn's HalfBinomialLoss on prior-corrected targets), minimised to gtol 1e-12."""
    t = platt_targets(labels)
    f = scores

    def loss(ab):
        z = ab[0] * f + ab[1]  # P = expit(-z)
        # -[t log P + (1 - t) log(1 - P)] with log P = -logaddexp(0, z), log(1 - P) = -logaddexp(0, -z)
        return float(np.sum(t * np.logaddexp(0.0, z) + (1.0 - t) * np.logaddexp(0.0, -z)))

    def grad(ab):
        z = ab[0] * f + ab[1]
        d = t - expit(-z)  # d loss / d z
        return np.array([np.sum(d * f), np.sum(d)])

    def hess(ab):
        z = ab[0] * f + ab[1]
        w = expit(z) * expit(-z)
        return np.array([[np.sum(w * f * f), np.sum(w * f)], [np.sum(w * f), np.sum(w)]])

    ab = minimize(loss, np.array([a0, b0]), jac=grad, hess=hess, method="Newton-CG", options={"xtol": 1e-15, "maxiter": 100}).x
    # Near the optimum the loss cannot resolve a Newton step any more (it changes by ~1e-20 on a
    # value of ~100), so the line search above stops; plain Newton steps on the gradient go on.
    for _ in range(5):
        step = np.linalg.solve(hess(ab), grad(ab))
        if np.max(np.abs(grad(ab - step))) >= np.max(np.abs(grad(ab))):
            break
        ab = ab - step
    return float(ab[0]), float(ab[1]), float(np.max(np.abs(grad(np.array([a0, b0]))))), float(np.max(np.abs(grad(ab))))


def sk_logit(p):
    return np.log(p + 1e-12) - np.log(1.0 - p + 1e-12)


def refine_temperature(scores, labels, beta0):
    z = sk_logit(scores)

    def dloss(beta):
        return float(np.sum((expit(beta * z) - labels) * z))

    low, high = np.exp(-10.0), np.exp(10.0)
    if dloss(low) >= 0:
        return low
    if dloss(high) <= 0:
        return high
    return float(brentq(dloss, low, high, xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500))


def fixture(name, description, seed, train, test, grid):
    (train_scores, train_labels), (test_scores, test_labels) = train, test
    x_train = train_scores.reshape(-1, 1)

    iso = IsotonicRegression(out_of_bounds="clip", y_min=0, y_max=1).fit(train_scores, train_labels)
    iso_cv = CalibratedClassifierCV(frozen(DecisionScore, train_scores, train_labels), method="isotonic").fit(x_train, train_labels)
    assert np.allclose(iso.predict(grid), iso_cv.predict_proba(grid.reshape(-1, 1))[:, 1], atol=1e-12, rtol=0)

    sig = CalibratedClassifierCV(frozen(DecisionScore, train_scores, train_labels), method="sigmoid").fit(x_train, train_labels)
    sig_cal = sig.calibrated_classifiers_[0].calibrators[0]
    sk_a, sk_b = float(sig_cal.a_), float(sig_cal.b_)
    a, b, sk_grad, refined_grad = refine_platt(train_scores, train_labels, sk_a, sk_b)
    sk_platt_grid = sig.predict_proba(grid.reshape(-1, 1))[:, 1]

    temp = CalibratedClassifierCV(frozen(ProbabilityScore, train_scores, train_labels), method="temperature").fit(x_train, train_labels)
    sk_beta = float(temp.calibrated_classifiers_[0].calibrators[0].beta_)
    beta = refine_temperature(train_scores, train_labels, sk_beta)
    sk_temp_grid = temp.predict_proba(grid.reshape(-1, 1))[:, 1]

    def platt(s):
        return expit(-(a * s + b))

    def temperature(s):
        return expit(beta * sk_logit(s))

    assert np.max(np.abs(platt(grid) - sk_platt_grid)) < 1e-5
    assert np.max(np.abs(temperature(grid) - sk_temp_grid)) < 1e-5

    data = {
        "name": name,
        "description": description,
        "seed": seed,
        "bins": BINS,
        "versions": {"scikit-learn": sklearn.__version__, "scipy": scipy.__version__, "numpy": np.__version__},
        "train": {"scores": train_scores.tolist(), "labels": train_labels.astype(int).tolist()},
        "test": {"scores": test_scores.tolist(), "labels": test_labels.astype(int).tolist()},
        "grid": grid.tolist(),
        "isotonic": {
            "thresholds": iso.X_thresholds_.tolist(),
            "values": iso.y_thresholds_.tolist(),
            "grid_predictions": iso.predict(grid).tolist(),
            "test_predictions": iso.predict(test_scores).tolist(),
        },
        "platt": {
            "a": a,
            "b": b,
            "sklearn_a": sk_a,
            "sklearn_b": sk_b,
            "sklearn_gradient_max": sk_grad,
            "refined_gradient_max": refined_grad,
            "grid_predictions": platt(grid).tolist(),
            "sklearn_grid_predictions": sk_platt_grid.tolist(),
            "test_predictions": platt(test_scores).tolist(),
        },
        "temperature": {
            "temperature": 1.0 / beta,
            "sklearn_temperature": 1.0 / sk_beta,
            "grid_predictions": temperature(grid).tolist(),
            "sklearn_grid_predictions": sk_temp_grid.tolist(),
            "test_predictions": temperature(test_scores).tolist(),
        },
        "metrics": {
            "train_uncalibrated": metrics(train_scores, train_labels),
            "test_uncalibrated": metrics(test_scores, test_labels),
            "test_isotonic": metrics(iso.predict(test_scores), test_labels),
            "test_platt": metrics(platt(test_scores), test_labels),
            "test_temperature": metrics(temperature(test_scores), test_labels),
        },
    }
    path = os.path.join(OUT, name + ".json")
    with open(path, "w") as handle:
        json.dump(data, handle, sort_keys=True, separators=(",", ":"))
        handle.write("\n")
    m = data["metrics"]
    print(
        f"{name}: ECE test {m['test_uncalibrated']['ece']:.4f} -> isotonic {m['test_isotonic']['ece']:.4f}, "
        f"platt {m['test_platt']['ece']:.4f}, temperature {m['test_temperature']['ece']:.4f}; "
        f"platt |A-A_sk|={abs(a - sk_a):.2e} |B-B_sk|={abs(b - sk_b):.2e} (gradient {sk_grad:.1e} -> {refined_grad:.1e}); "
        f"T={1.0 / beta:.6f} |T-T_sk|={abs(1.0 / beta - 1.0 / sk_beta):.2e}"
    )


def well_behaved(rng, n):
    """Scores rounded to two decimals (ties, and values on bin edges) with labels drawn at that probability."""
    scores = np.round(rng.beta(2.0, 2.0, size=n), 2)
    labels = (rng.random(n) < scores).astype(int)
    return scores, labels


def overconfident(rng, n):
    """A model that states sigmoid(z) but is right with probability sigmoid(z / 3 - 0.3).

    Stated confidence averages about 0.9 while the accuracy is about 0.65; a few answers claim
    exactly 1.0 (an LLM saying "100%"), and scores are rounded to three decimals.
    """
    z = rng.normal(2.5, 1.5, size=n)
    stated = np.round(expit(z), 3)
    stated[rng.random(n) < 0.02] = 1.0
    truth = expit(z / 3.0 - 0.3)
    labels = (rng.random(n) < truth).astype(int)
    return stated, labels


def main():
    os.makedirs(OUT, exist_ok=True)
    grid = np.round(np.linspace(0.0, 1.0, 201), 3)
    grid = np.concatenate([grid, [0.333, 0.6667, 0.999, 1e-9, 1 - 1e-9]])

    rng = np.random.default_rng(20240611)
    fixture(
        "well-behaved",
        "Scores that are already roughly calibrated, rounded to two decimals; 300 to fit, 200 to evaluate.",
        20240611,
        well_behaved(rng, 300),
        well_behaved(rng, 200),
        grid,
    )
    rng = np.random.default_rng(7)
    fixture(
        "overconfident",
        "An over-confident model: stated sigmoid(z), true probability sigmoid(z/3 - 0.3); 400 to fit, 400 to evaluate.",
        7,
        overconfident(rng, 400),
        overconfident(rng, 400),
        grid,
    )


if __name__ == "__main__":
    sys.exit(main())
