#!/usr/bin/env python3
"""Writes the off-policy evaluation (OPE) reference fixtures of CXStatsTests/OffPolicy.

Every expected estimate is computed by the Open Bandit Pipeline (`obp`, st-tech/zr-obp) from
the inputs exactly as they are written to the JSON:

- `obp.ope.InverseProbabilityWeighting`, `SelfNormalizedInverseProbabilityWeighting`,
  `DirectMethod` and `DoublyRobust`, `estimate_policy_value` (default `lambda_ = inf`, no
  clipping);
- their `_estimate_round_rewards`, whose sample standard deviation (ddof = 1) over sqrt(n) is the
  standard error, and estimate -/+ Phi^-1(0.975) * SE (scipy.stats.norm.ppf) the 95 % interval;
- numpy for the Kish effective sample size (sum w)^2 / sum w^2 and the softmax + epsilon cases.

Each estimate is also recomputed with plain numpy formulas and must agree to 1e-12.

Inputs are rounded before obp sees them, so the JSON stays small and holds the very doubles obp
used: probabilities to integer micro-units by largest remainder (each row sums to 1 within
1e-15), reward predictions to 6 decimals and continuous rewards to 4. Variable candidate sets are
padded with probability 0 and prediction 0 up to the largest set, which is how obp's dense
(n_rounds, n_actions, 1) arrays express them; the JSON keeps the unpadded rows.

Usage (see README.md in this folder for the environment):
    python make_fixtures.py            # rewrites *.json next to this file
    python make_fixtures.py --check    # recomputes and fails if any file would change
"""

import json
import pathlib
import sys

import numpy as np
import obp
import scipy
import scipy.stats
import sklearn
from obp.dataset import SyntheticBanditDataset, logistic_reward_function
from obp.ope import (
    DirectMethod,
    DoublyRobust,
    InverseProbabilityWeighting,
    RegressionModel,
    SelfNormalizedInverseProbabilityWeighting,
)
from sklearn.linear_model import LogisticRegression

HERE = pathlib.Path(__file__).resolve().parent
MICRO = 1_000_000
Z975 = float(scipy.stats.norm.ppf(0.975))


# ---------------------------------------------------------------- helpers


def nbx_policy(scores, beta, epsilon):
    """pi(a) = (1 - eps) * softmax(beta * S)_a + eps / K, max subtracted first (DESIGN.md §7)."""
    s = np.asarray(scores, dtype=np.float64)
    e = np.exp(beta * (s - s.max()))
    return (1.0 - epsilon) * (e / e.sum()) + epsilon / s.shape[0]


def greedy_policy(scores):
    """A deterministic policy: probability 1 on the first maximiser of the scores."""
    s = np.asarray(scores, dtype=np.float64)
    p = np.zeros_like(s)
    p[int(np.argmax(s))] = 1.0
    return p


def round_distribution(p):
    """p rounded to multiples of 1e-6 that sum to exactly 10^6 micro-units (largest remainder)."""
    p = np.asarray(p, dtype=np.float64)
    scaled = p / p.sum() * MICRO
    units = np.floor(scaled).astype(np.int64)
    deficit = MICRO - int(units.sum())
    order = np.argsort(-(scaled - units), kind="stable")
    units[order[:deficit]] += 1
    return [int(u) / MICRO for u in units]


def round_values(values, decimals):
    return [float(round(float(v), decimals)) for v in values]


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def padded(rows, width):
    """(n_rounds, width, 1) array with each row's values then zeros (obp's dense layout)."""
    out = np.zeros((len(rows), width, 1), dtype=np.float64)
    for i, row in enumerate(rows):
        out[i, : len(row), 0] = row
    return out


def summary(round_rewards, estimate):
    n = round_rewards.shape[0]
    std = float(np.std(round_rewards, ddof=1)) if n > 1 else None
    se = std / np.sqrt(n) if std is not None else None
    return {
        "estimate": float(estimate),
        "round_mean": float(round_rewards.mean()),
        "round_std_ddof1": std,
        "standard_error": se,
        "ci95": [float(estimate - Z975 * se), float(estimate + Z975 * se)] if se is not None else None,
    }


def evaluate(dataset, target, include_round_rewards):
    """obp's four estimators (plus numpy cross-checks) for one target policy over one dataset."""
    rounds, contexts = dataset["rounds"], dataset["contexts"]
    ctx = np.asarray(rounds["context"], dtype=np.int64)
    action = np.asarray(rounds["action"], dtype=np.int64)
    reward = np.asarray(rounds["reward"], dtype=np.float64)
    logging, q_rows = contexts["logging"], contexts["reward_model"]
    width = max(len(row) for row in logging)
    pscore = np.array([logging[c][a] for c, a in zip(ctx, action)], dtype=np.float64)
    action_dist = padded([target[c] for c in ctx], width)
    q_hat = padded([q_rows[c] for c in ctx], width)
    n = reward.shape[0]

    ipw, snipw, dm, dr = (
        InverseProbabilityWeighting(),
        SelfNormalizedInverseProbabilityWeighting(),
        DirectMethod(),
        DoublyRobust(),
    )
    kwargs = dict(reward=reward, action=action, pscore=pscore, action_dist=action_dist,
                  estimated_rewards_by_reg_model=q_hat)
    position = np.zeros(n, dtype=int)
    results = {}
    for name, estimator in (("ipw", ipw), ("snipw", snipw), ("dm", dm), ("dr", dr)):
        value = estimator.estimate_policy_value(**kwargs)
        rr = estimator._estimate_round_rewards(position=position, **kwargs)
        results[name] = (value, rr)

    # Independent numpy formulas: the same numbers to 1e-12.
    w = action_dist[np.arange(n), action, 0] / pscore
    pi_q = (action_dist[:, :, 0] * q_hat[:, :, 0]).sum(axis=1) / action_dist[:, :, 0].sum(axis=1)
    q_logged = q_hat[np.arange(n), action, 0]
    check = {
        "ipw": (w * reward).mean(),
        "snipw": (w * reward).sum() / w.sum(),
        "dm": pi_q.mean(),
        "dr": (pi_q + w * (reward - q_logged)).mean(),
    }
    for name, (value, rr) in results.items():
        assert abs(value - check[name]) <= 1e-12 * max(1.0, abs(value)), (name, value, check[name])
        assert abs(value - rr.mean()) <= 1e-12 * max(1.0, abs(value)), name

    expected = {name: summary(rr, value) for name, (value, rr) in results.items()}
    if include_round_rewards:
        for name, (_, rr) in results.items():
            expected[name]["round_rewards"] = [float(x) for x in rr]
    expected["importance_weights"] = {
        "sum": float(w.sum()),
        "sum_of_squares": float((w * w).sum()),
        "max": float(w.max()),
        "effective_sample_size": float(w.sum() ** 2 / (w * w).sum()) if (w * w).sum() > 0 else 0.0,
    }
    return expected


def policy_entry(dataset, name, description, rows, include_round_rewards=False):
    target = [round_distribution(row) for row in rows]
    return {
        "name": name,
        "description": description,
        "target": target,
        "expected": evaluate(dataset, target, include_round_rewards),
    }


def sample_rounds(rng, n, segment_weights, logging, reward_of):
    """n rounds: a segment, an action drawn from the (rounded) logging row, and its reward."""
    ctx = rng.choice(len(segment_weights), size=n, p=segment_weights)
    actions, rewards = [], []
    for c in ctx:
        a = int(rng.choice(len(logging[c]), p=np.asarray(logging[c]) / np.sum(logging[c])))
        assert logging[c][a] > 0
        actions.append(a)
        rewards.append(reward_of(rng, int(c), a))
    return [int(c) for c in ctx], actions, rewards


# ---------------------------------------------------------------- datasets


def synthetic_four_actions():
    """obp's own SyntheticBanditDataset: 500 rounds, 4 actions, binary logistic rewards."""
    seed = 20261201
    n, k = 500, 4
    data = SyntheticBanditDataset(n_actions=k, dim_context=5, reward_type="binary",
                                  reward_function=logistic_reward_function, beta=-1.0,
                                  random_state=seed)
    bf = data.obtain_batch_bandit_feedback(n_rounds=n)
    regression = RegressionModel(n_actions=k, base_model=LogisticRegression(random_state=seed))
    q_hat = regression.fit_predict(context=bf["context"], action=bf["action"], reward=bf["reward"],
                                   n_folds=2, random_state=seed)[:, :, 0]
    logging = [round_distribution(row) for row in bf["pi_b"][:, :, 0]]
    for i, a in enumerate(bf["action"]):
        assert logging[i][a] > 0
    dataset = {
        "name": "synthetic-4-actions",
        "description": "obp SyntheticBanditDataset(n_actions=4, dim_context=5, reward_type='binary', "
                       "logistic_reward_function, beta=-1.0, random_state=20261201), 500 rounds; every "
                       "round is its own context. Reward model: obp RegressionModel(LogisticRegression), "
                       "2-fold cross-fitting.",
        "contexts": {
            "logging": logging,
            "reward_model": [round_values(row, 6) for row in q_hat],
        },
        "rounds": {
            "context": list(range(n)),
            "action": [int(a) for a in bf["action"]],
            "reward": [float(r) for r in bf["reward"]],
        },
    }
    truth = bf["expected_reward"]
    dataset["policies"] = [
        policy_entry(dataset, "nbx-beta10-eps0.1", "(1-0.1)*softmax(10*q)+0.1/4 on the true expected reward q",
                     [nbx_policy(row, 10.0, 0.1) for row in truth]),
        policy_entry(dataset, "greedy-reward-model", "probability 1 on argmax of the reward model",
                     [greedy_policy(row) for row in q_hat]),
        policy_entry(dataset, "logging", "the logging policy itself (all weights 1)", logging),
    ]
    return dataset


def skewed_twenty_actions():
    """2000 rounds over 40 customer segments, 20 actions, very skewed logging, continuous rewards."""
    rng = np.random.default_rng(20261202)
    segments, k, n = 40, 20, 2000
    truth = sigmoid(rng.normal(-0.5, 1.0, size=(segments, k)))
    logging = [round_distribution(nbx_policy(rng.normal(size=k), 3.0, 0.0)) for _ in range(segments)]
    q_hat = [round_values(np.clip(row + rng.normal(0, 0.08, size=k), 0, 1), 6) for row in truth]
    weights = rng.dirichlet(np.full(segments, 2.0))
    ctx, actions, rewards = sample_rounds(
        rng, n, weights, logging,
        lambda r, c, a: float(round(truth[c, a] + r.normal(0, 0.3), 4)))
    dataset = {
        "name": "skewed-20-actions",
        "description": "numpy default_rng(20261202): 40 segments (Dirichlet(2) frequencies), 20 actions, "
                       "logging softmax(3*N(0,1)) per segment (propensities down to 1e-6), rewards "
                       "sigmoid(N(-0.5,1)) + N(0,0.3^2) rounded to 4 decimals, reward model truth + "
                       "N(0,0.08^2) clipped to [0,1].",
        "contexts": {"logging": logging, "reward_model": q_hat},
        "rounds": {"context": ctx, "action": actions, "reward": rewards},
    }
    dataset["policies"] = [
        policy_entry(dataset, "nbx-beta10-eps0.05", "(1-0.05)*softmax(10*q_hat)+0.05/20 on the reward model",
                     [nbx_policy(row, 10.0, 0.05) for row in q_hat]),
        policy_entry(dataset, "greedy-reward-model", "probability 1 on argmax of the reward model",
                     [greedy_policy(row) for row in q_hat]),
        policy_entry(dataset, "uniform", "1/20 on every action", [np.full(k, 1.0 / k) for _ in range(segments)]),
    ]
    return dataset


def variable_candidates():
    """400 rounds over 30 segments whose candidate sets hold 1 to 6 actions (padded for obp)."""
    rng = np.random.default_rng(20261203)
    segments, n = 30, 400
    sizes = rng.integers(1, 7, size=segments)
    truth = [sigmoid(rng.normal(0.0, 1.2, size=s)) for s in sizes]
    logging = [round_distribution(nbx_policy(rng.normal(size=s), 1.5, 0.2)) for s in sizes]
    q_hat = [round_values(np.clip(row + rng.normal(0, 0.1, size=row.shape[0]), 0, 1), 6) for row in truth]
    weights = rng.dirichlet(np.full(segments, 3.0))
    ctx, actions, rewards = sample_rounds(
        rng, n, weights, logging, lambda r, c, a: float(r.random() < truth[c][a]))
    dataset = {
        "name": "variable-candidates",
        "description": "numpy default_rng(20261203): 30 segments with 1-6 candidate actions each (obp sees "
                       "them padded to 6 with probability 0), logging (1-0.2)*softmax(1.5*N(0,1))+0.2/K, "
                       "binary rewards with p = sigmoid(N(0,1.2^2)), reward model truth + N(0,0.1^2) clipped.",
        "contexts": {"logging": logging, "reward_model": q_hat},
        "rounds": {"context": ctx, "action": actions, "reward": rewards},
    }
    dataset["policies"] = [
        policy_entry(dataset, "nbx-beta6-eps0.1", "(1-0.1)*softmax(6*q_hat)+0.1/K on the reward model",
                     [nbx_policy(row, 6.0, 0.1) for row in q_hat]),
        policy_entry(dataset, "greedy-reward-model", "probability 1 on argmax of the reward model",
                     [greedy_policy(row) for row in q_hat]),
    ]
    return dataset


def tiny():
    """Five hand-written rounds over three actions; the round rewards are kept too."""
    dataset = {
        "name": "tiny",
        "description": "5 hand-written rounds, 3 actions, each round its own context.",
        "contexts": {
            "logging": [[0.5, 0.3, 0.2], [0.2, 0.2, 0.6], [0.1, 0.6, 0.3], [0.25, 0.25, 0.5], [0.7, 0.2, 0.1]],
            "reward_model": [[0.6, 0.3, 0.1], [0.2, 0.5, 0.4], [0.0, 1.0, 0.5], [0.3, 0.3, 0.9], [0.8, 0.1, 0.4]],
        },
        "rounds": {"context": [0, 1, 2, 3, 4], "action": [0, 2, 1, 2, 2], "reward": [1.0, 0.0, 1.0, 1.0, 0.5]},
    }
    dataset["policies"] = [
        policy_entry(dataset, "hand", "hand-written target rows",
                     [[0.2, 0.5, 0.3], [0.1, 0.1, 0.8], [0.3, 0.3, 0.4], [0.0, 0.5, 0.5], [0.6, 0.0, 0.4]],
                     include_round_rewards=True),
    ]
    return dataset


def softmax_cases():
    """numpy's float64 (1-eps)*softmax(beta*S)+eps/K for the policy helper."""
    cases = [
        ([0.1, 0.5, -0.2, 0.3], 3.0, 0.1),
        ([0.1, 0.5, -0.2, 0.3], 0.0, 0.1),
        ([0.1, 0.5, -0.2, 0.3], 3.0, 0.0),
        ([0.1, 0.5, -0.2, 0.3], 3.0, 1.0),
        ([1000.0, 1001.0, 999.5], 2.0, 0.05),
        ([-1000.0, -1001.0, -999.5], 2.0, 0.05),
        ([2.5], 4.0, 0.2),
        ([0.0, 0.0, 0.0, 0.0, 0.0], 7.0, 0.3),
        ([0.3, -0.4, 1.2, 0.05, -2.0, 0.9], 50.0, 0.02),
        ([0.3, -0.4, 1.2, 0.05, -2.0, 0.9], -2.0, 0.0),
    ]
    return {
        "description": "numpy float64 (1-epsilon)*softmax(beta*(S - max S)) + epsilon/K",
        "cases": [
            {"scores": s, "beta": b, "epsilon": e, "probabilities": [float(x) for x in nbx_policy(s, b, e)]}
            for s, b, e in cases
        ],
    }


def main():
    check = "--check" in sys.argv[1:]
    versions = {
        "python": sys.version.split()[0],
        "obp": obp.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "scikit-learn": sklearn.__version__,
    }
    outputs = {
        "tiny.json": tiny(),
        "synthetic-4-actions.json": synthetic_four_actions(),
        "skewed-20-actions.json": skewed_twenty_actions(),
        "variable-candidates.json": variable_candidates(),
        "softmax.json": softmax_cases(),
    }
    changed = []
    for name, content in outputs.items():
        content = {"versions": versions, "z975": Z975, **content}
        text = json.dumps(content, separators=(",", ":")) + "\n"
        path = HERE / name
        if check:
            if not path.exists() or path.read_text() != text:
                changed.append(name)
        else:
            path.write_text(text)
    if check and changed:
        sys.exit(f"would change: {', '.join(changed)}")


if __name__ == "__main__":
    main()
