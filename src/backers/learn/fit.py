"""Fitting the model: one multinomial logistic regression per head (type, status) over the
binary features of ``backers.extract.learned.features``, written as plain JSON. The solver
is scipy's L-BFGS on scikit-learn's objective (see ``multinomial_logistic`` for why not
scikit-learn itself).

Deterministic: the examples are sorted, the vocabulary is sorted, and lbfgs has no random
state, so the same examples give the same file byte for byte.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence

from backers.learn.data import Example

HEADS = ("type", "status")
DIGITS = 4  # coefficients are rounded: a readable, diffable file; no measurable change

# Feature groups left out of the shipped model: in 5-fold cross-validation on train the
# sentence's bag of words, the dependency paths, modality and tense words made the model
# change more claims wrongly than rightly (docs/model-card.md gives the figures).
SPARSE_GROUPS = (
    "w=",
    "item_path=",
    "role_path=",
    "gov_mod=",
    "head=",
    "mod=",
    "cue_dep=",
    "cue_tag=",
    "types=",
    "res=",
)
# The shipped configuration, chosen by cross-validation on train (docs/model-card.md). The
# status head is not fitted: it lowered pair+status F1 in every configuration tried.
PARAMS: dict = {
    "type": {"c": 1.0, "min_count": 2, "margin": 0.3, "drop": SPARSE_GROUPS},
    "status": None,
}


def _label(ex: Example, head: str) -> str | None:
    return ex.type_label if head == "type" else ex.status_label


def fit_head(
    examples: Sequence[Example],
    head: str,
    c: float,
    min_count: int,
    margin: float,
    drop: Sequence[str] = (),
) -> dict | None:
    """One head, or None when the examples have fewer than two classes. Features starting
    with a prefix in ``drop`` are not used."""
    import numpy as np
    from scipy.sparse import csr_matrix

    prefixes = tuple(drop)
    rows = sorted(
        (
            ([f for f in ex.feats if not (prefixes and f.startswith(prefixes))], lab)
            for ex in examples
            if (lab := _label(ex, head)) is not None
        ),
        key=lambda r: (r[1], r[0]),
    )
    classes = sorted({lab for _, lab in rows})
    if len(classes) < 2:
        return None
    counts = Counter(f for feats, _ in rows for f in feats)
    vocab = sorted(f for f, n in counts.items() if n >= min_count)
    index = {f: i for i, f in enumerate(vocab)}
    data, indices, indptr = [], [], [0]
    for feats, _ in rows:
        cols = sorted(index[f] for f in feats if f in index)
        indices.extend(cols)
        data.extend([1.0] * len(cols))
        indptr.append(len(indices))
    x = csr_matrix((data, indices, indptr), shape=(len(rows), len(vocab)))
    y = np.array([classes.index(lab) for _, lab in rows])
    coef, intercept = multinomial_logistic(x, y, len(classes), c)
    weights = {}
    for f, i in index.items():
        row = [round(float(w), DIGITS) + 0.0 for w in coef[:, i]]  # + 0.0: no -0.0
        if any(row):
            weights[f] = row
    return {
        "classes": classes,
        "intercept": [round(float(b), DIGITS) + 0.0 for b in intercept],
        "weights": weights,
        "margin": margin,
        "examples": len(rows),
        "class_counts": dict(sorted(Counter(lab for _, lab in rows).items())),
    }


def multinomial_logistic(x, y, k: int, c: float):
    """Coefficients (k x features) and intercepts (k) of a multinomial logistic regression
    with an L2 penalty on the coefficients: the minimum of ``c * log loss + |W|^2 / 2``,
    the objective of scikit-learn's ``LogisticRegression(C=c)``, found with scipy's L-BFGS.

    Written here rather than taken from scikit-learn because installing scikit-learn
    changes another part of backers: quantulum3 (amounts) switches to its own scikit-learn
    classifier when it can import it, and reads figures differently ("18 F-16s")."""
    import numpy as np
    from scipy.optimize import minimize

    n, d = x.shape
    onehot = np.zeros((n, k))
    onehot[np.arange(n), y] = 1.0
    xt = x.T.tocsr()

    def objective(theta):
        w, b = theta[: d * k].reshape(d, k), theta[d * k :]
        z = x @ w + b
        z -= z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        diff = np.exp(logp) - onehot
        value = -c * float((onehot * logp).sum()) + 0.5 * float((w * w).sum())
        grad = np.concatenate([(c * (xt @ diff) + w).ravel(), c * diff.sum(axis=0)])
        return value, grad

    found = minimize(
        objective,
        np.zeros(d * k + k),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": 10000, "maxcor": 20, "ftol": 1e-13, "gtol": 1e-9},
    )
    theta = found.x
    return theta[: d * k].reshape(d, k).T, theta[d * k :]


def fit(examples: Sequence[Example], params: dict) -> dict:
    """The model: every head with enough examples. ``params``: per head, ``c``,
    ``min_count``, ``margin``; a head whose params are None is not fitted."""
    heads = {}
    for head in HEADS:
        p = params.get(head)
        if p is None:
            continue
        fitted = fit_head(examples, head, p["c"], p["min_count"], p["margin"], p.get("drop", ()))
        if fitted is not None:
            heads[head] = fitted
    return {"format": 1, "heads": heads, "params": _plain(params)}


def _plain(params: dict) -> dict:
    return {
        head: None
        if p is None
        else {k: list(v) if isinstance(v, tuple) else v for k, v in p.items()}
        for head, p in params.items()
    }


_NUMBERS = re.compile(r"\[\s*(-?[\d.e-]+(?:,\s*-?[\d.e-]+)*)\s*\]")


def dumps(model: dict) -> str:
    """The model file's text: sorted keys, a feature's coefficients on one line, so a
    diff is readable."""
    text = json.dumps(model, indent=1, sort_keys=True, ensure_ascii=False)
    return (
        _NUMBERS.sub(
            lambda m: "[" + ", ".join(x.strip() for x in m.group(1).split(",")) + "]", text
        )
        + "\n"
    )
