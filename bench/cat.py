"""`make bench-cat`: the adaptive exam engine (psychometrics.cat) simulated beside catsim.

    make bench-cat        # or: .venv/bin/python -m bench.cat [--candidates N] [--catsim-candidates N] [--workers N]
                          #     [--engines "ours,ours + both"] [--seed N] [--no-plot]

A synthetic calibrated RN bank (3,000 one-point Rasch items, client needs in the test plan's midpoint
proportions, difficulties ~ N(0, 1)) and simulated candidates (true abilities ~ N(0.3, 1), responses
drawn from the Rasch model) go through five exams on the NCLEX rules (85-150 items, standard 0.0,
95 % confidence rule, first item at standard - 1, randomesque k = 5):

- ours: psychometrics.cat.simulate_exam, every item scored (the bank has no pretest items);
- ours + pretest: the same with 15 unscored pretest items at random positions in the first 85, as
  the NCLEX has (70-135 scored items);
- ours + case studies: the bank also holds 100 NGN case studies (600 partial-credit items, see
  `build_case_studies`; scores drawn from the partial credit model) and every exam serves three of
  them, as the NCLEX does. Partial-credit items carry more information than one-point ones, so the
  one-point ceiling printed under the table does not bind this column;
- ours + both: case studies and pretest items, the NCLEX's whole shape;
- catsim 0.21: its RandomesqueSelector(bin_size=5), NumericalSearchEstimator("bounded", Dodd's
  heuristic while all answers agree), FixedPointInitializer(standard - 1) and its
  ConfidenceIntervalStopper([standard], 0.95, min_items=85, max_items=150), driven item by item as
  its Simulator does; the decision is catsim's final estimate > standard (catsim has no pass/fail,
  no content balancing and no pretest). Its selector is given the administered items as a set (it
  tests membership item by item; a list made it ~5x slower; the choice is the same).

Every candidate has its own seed, the same for each engine, so chunking over worker processes
changes nothing. Prints one table (also written to bench/.data/cat-last-run.md) and draws
bench/cat.png: pass share and mean length by true-ability bin, ours vs catsim.
"""

import argparse
import multiprocessing
import platform
import sys
import time
from pathlib import Path

import numpy as np

from psychometrics.cat import (
    CLIENT_NEEDS,
    ExamRules,
    ItemBank,
    content_area_to_serve,
    select_case_study,
    select_item,
    simulate_exam,
    test_plan_ranges,
    test_plan_targets,
)

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "bench" / ".data"
PLOT = ROOT / "bench" / "cat.png"
EXAM = "RN"
RULES = ExamRules()
BANK_ITEMS = 3000
LARGE_BANK_ITEMS = 10_000
LARGE_BANK_CASE_STUDIES = 500
ENGINES = ("ours", "ours + pretest", "ours + case studies", "ours + both", "catsim")
#: The columns whose bank holds the case studies, and those whose exams serve 15 pretest items.
WITH_CASE_STUDIES = ("ours + case studies", "ours + both")
WITH_PRETEST = ("ours + pretest", "ours + both")
CASE_STUDIES = 100
#: Points of a case study's six items, one per step of the clinical judgment model: an assumed,
#: plausible mix of NCSBN's item types under their scoring rules (docs: NCLEX-CAT.md), not taken
#: from NCSBN data: recognize cues (highlight, +/-), analyze cues (matrix multiple choice, a point
#: per row), prioritize hypotheses (drop-down rationale), generate solutions (select all that
#: apply, +/-), take action (drop-down cloze, a point per drop-down), evaluate outcomes (matrix
#: multiple response, +/-).
CASE_STUDY_POINTS = (4, 4, 2, 3, 3, 4)
GOALS = {"accuracy": 0.95, "in_range": 0.99, "max_exposure": 0.25, "next_item_p99_ms": 10.0}


def build_bank(n_items: int, seed: int) -> ItemBank:
    """One-point items; client needs in exactly the test plan's midpoint proportions (largest remainder)."""
    rng = np.random.default_rng([seed, n_items])
    quota = test_plan_targets(EXAM) * n_items
    counts = np.floor(quota).astype(int)
    counts[np.argsort(counts - quota)[: n_items - counts.sum()]] += 1
    needs = rng.permutation(np.repeat(np.arange(len(CLIENT_NEEDS)), counts))
    return ItemBank.from_difficulties(rng.normal(0.0, 1.0, size=n_items), needs)


def build_case_studies(base: ItemBank, seed: int, count: int = CASE_STUDIES) -> tuple[ItemBank, np.ndarray]:
    """`base` plus `count` case studies of six partial-credit items, and each one's bank indices.

    What is assumed (no NCSBN data is public): a case study's location ~ N(0, 1), as the one-point
    items; each item's location = the case study's + N(0, 0.5); its CASE_STUDY_POINTS[step] step
    difficulties = the item's location + sorted N(0, 0.8) offsets centred on 0 (the parts of an NGN
    item differ in difficulty; sorted, so every score is the most likely somewhere). Client needs
    are drawn in the test plan's midpoint proportions, one per item.
    """
    rng = np.random.default_rng([seed, 4])
    steps = [[float(b)] for b in base.step_matrix[:, 0]]
    needs = base.client_need.tolist()
    cases = []
    for location in rng.normal(0.0, 1.0, size=count):
        first = len(steps)
        for points in CASE_STUDY_POINTS:
            offsets = np.sort(rng.normal(0.0, 0.8, size=points))
            steps.append((location + rng.normal(0.0, 0.5) + offsets - offsets.mean()).tolist())
        needs.extend(rng.choice(len(CLIENT_NEEDS), size=len(CASE_STUDY_POINTS), p=test_plan_targets(EXAM)).tolist())
        cases.append(list(range(first, len(steps))))
    return ItemBank.from_steps(steps, needs), np.array(cases, dtype=np.int64)


def abilities(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng([seed, 1]).normal(0.3, 1.0, size=n)


def candidate_rng(seed: int, index: int) -> np.random.Generator:
    return np.random.default_rng([seed, 2, index])


# --- one candidate per engine --------------------------------------------------------------------


def run_ours(
    bank: ItemBank,
    true_theta: float,
    rng: np.random.Generator,
    pretest: int = 0,
    case_studies: np.ndarray | tuple = (),
) -> dict:
    result = simulate_exam(true_theta, bank, RULES, EXAM, rng, pretest_available=pretest, case_studies=case_studies)
    return {
        "passed": result["passed"],
        "reason": result["reason"],
        "length": result["length"],
        "estimate": result["estimate"],
        "administered": result["administered"],
        "area_counts": result["area_counts"],
        "seconds": result["seconds_per_item"],
        "case_studies": result["case_studies_served"],
    }


class CatsimExam:
    """catsim's components for one bank, reused across candidates (they keep no per-candidate state)."""

    def __init__(self, bank: ItemBank) -> None:
        from catsim import irt
        from catsim.estimation import NumericalSearchEstimator
        from catsim.initialization import FixedPointInitializer
        from catsim.item_bank import ItemBank as CatsimBank
        from catsim.selection import RandomesqueSelector
        from catsim.stopping import ConfidenceIntervalStopper

        self.see = irt.see
        self.need = bank.client_need
        self.b = bank.step_matrix[:, 0]
        self.bank = CatsimBank(bank.step_matrix[:, :1].copy())
        self.initializer = FixedPointInitializer(RULES.first_item_theta)
        self.selector = RandomesqueSelector(bin_size=RULES.randomesque_k)
        self.estimator = NumericalSearchEstimator(method="bounded")
        self.stopper = ConfidenceIntervalStopper(
            [RULES.passing_standard], confidence=0.95, min_items=RULES.min_items, max_items=RULES.max_items
        )

    def run(self, true_theta: float, rng: np.random.Generator) -> dict:
        theta = self.initializer.initialize()
        administered: list[int] = []
        seen: set[int] = set()
        responses: list[bool] = []
        seconds: list[float] = []
        while True:
            started = time.perf_counter()
            item = int(self.selector.select(item_bank=self.bank, administered_items=seen, est_theta=theta, rng=rng))
            elapsed = time.perf_counter() - started
            administered.append(item)
            seen.add(item)
            responses.append(bool(rng.random() < 1.0 / (1.0 + np.exp(self.b[item] - true_theta))))
            started = time.perf_counter()
            theta = float(
                self.estimator.estimate(
                    item_bank=self.bank, administered_items=administered, response_vector=responses, est_theta=theta
                )
            )
            done = self.stopper.stop(administered_items=self.bank.get_items(administered), theta=theta)
            seconds.append(elapsed + time.perf_counter() - started)
            if done:
                break
        length = len(administered)
        se = self.see(theta, self.bank.get_items(administered))
        margin = RULES.confidence_z * se
        clear = theta - margin >= RULES.passing_standard or theta + margin <= RULES.passing_standard
        return {
            "passed": theta > RULES.passing_standard,
            "reason": "confidence" if (length < RULES.max_items or clear) else "max_length",
            "length": length,
            "estimate": theta,
            "administered": administered,
            "area_counts": np.bincount(self.need[administered], minlength=len(CLIENT_NEEDS)),
            "seconds": seconds,
        }


# --- worker processes ----------------------------------------------------------------------------

_STATE: dict = {}


def _init_worker(seed: int, n_candidates: int) -> None:
    bank = build_bank(BANK_ITEMS, seed)
    case_bank, cases = build_case_studies(bank, seed)
    _STATE.update(
        seed=seed,
        bank=bank,
        case_bank=case_bank,
        cases=cases,
        truths=abilities(n_candidates, seed),
        catsim=CatsimExam(bank),
    )


def _run_chunk(task: tuple[str, list[int]]) -> list[tuple[int, dict]]:
    engine, indices = task
    out = []
    for i in indices:
        rng = candidate_rng(_STATE["seed"], i)
        truth = float(_STATE["truths"][i])
        if engine == "catsim":
            result = _STATE["catsim"].run(truth, rng)
        else:
            pretest = 100 if engine in WITH_PRETEST else 0
            if engine in WITH_CASE_STUDIES:
                result = run_ours(_STATE["case_bank"], truth, rng, pretest=pretest, case_studies=_STATE["cases"])
            else:
                result = run_ours(_STATE["bank"], truth, rng, pretest=pretest)
        out.append((i, result))
    return out


def simulate(engine: str, n: int, pool, chunk: int = 20) -> list[dict]:
    tasks = [(engine, list(range(start, min(start + chunk, n)))) for start in range(0, n, chunk)]
    results: list[dict | None] = [None] * n
    done, shown = 0, 0
    started = time.perf_counter()
    terminal = sys.stdout.isatty()  # one line rewritten in place; in a log, a line per tenth
    for batch in pool.imap_unordered(_run_chunk, tasks):
        for i, result in batch:
            results[i] = result
        done += len(batch)
        line = f"  {engine:<15} {done:>5}/{n} candidates  {time.perf_counter() - started:6.1f} s"
        if terminal:
            print(f"\r{line}", end="", flush=True)
        elif done * 10 // n > shown or done == n:
            shown = done * 10 // n
            print(line, flush=True)
    if terminal:
        print(flush=True)
    return results  # type: ignore[return-value]


# --- summaries -----------------------------------------------------------------------------------


def wilson_interval(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95 % Wilson score interval of a proportion (Wilson 1927)."""
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return float(centre - half), float(centre + half)


def summarise(results: list[dict], truths: np.ndarray, n_bank: int, wall: float) -> dict:
    passed = np.array([r["passed"] for r in results])
    truly_above = truths > RULES.passing_standard
    lengths = np.array([r["length"] for r in results])
    estimates = np.array([r["estimate"] for r in results])
    reasons = [r["reason"] for r in results]
    exposure = np.zeros(n_bank)
    for r in results:
        exposure[r["administered"]] += 1
    exposure /= len(results)
    low, high = test_plan_ranges(EXAM)
    in_range = [
        bool(np.all((shares >= low - 1e-12) & (shares <= high + 1e-12)))
        for shares in (r["area_counts"] / r["area_counts"].sum() for r in results)
    ]
    seconds = np.concatenate([r["seconds"] for r in results]) * 1e3
    case_exposure = np.bincount(
        np.array([c for r in results for c in r.get("case_studies", [])], dtype=np.int64), minlength=CASE_STUDIES
    ) / len(results)
    return {
        "candidates": len(results),
        "accuracy": float(np.mean(passed == truly_above)),
        "accuracy_ci": wilson_interval(int(np.sum(passed == truly_above)), len(results)),
        "false_pass": float(np.mean(passed[~truly_above])),
        "false_fail": float(np.mean(~passed[truly_above])),
        "length_mean": float(lengths.mean()),
        "length_median": float(np.median(lengths)),
        "length_max": int(lengths.max()),
        "confidence": reasons.count("confidence") / len(results),
        "max_length": reasons.count("max_length") / len(results),
        "bias": float(np.mean(estimates - truths)),
        "rmse": float(np.sqrt(np.mean((estimates - truths) ** 2))),
        "max_exposure": float(exposure.max()),
        "mean_exposure": float(exposure.mean()),
        "in_range": float(np.mean(in_range)),
        "case_studies_mean": float(np.mean([len(r.get("case_studies", [])) for r in results])),
        "case_exposure_max": float(case_exposure.max()),
        "item_p50_ms": float(np.percentile(seconds, 50)),
        "item_p99_ms": float(np.percentile(seconds, 99)),
        "wall_s": wall,
    }


def accuracy_ceiling(n_items: int) -> float:
    """Accuracy of an ideal fixed-length test for this population: n_items Rasch items each at the
    candidate's own ability (information 0.25, the most an item can give), so SE = 1/sqrt(n/4), and
    a normal estimate classified at the standard: E[Phi(|theta - cut| / SE)], theta ~ N(0.3, 1).
    No exam of at most n_items one-point items classifies better on average."""
    from scipy.integrate import quad
    from scipy.stats import norm

    se = 1.0 / np.sqrt(n_items * 0.25)
    cut = RULES.passing_standard
    value, _ = quad(lambda t: norm.pdf(t, 0.3, 1.0) * norm.cdf(abs(t - cut) / se), -8, 8, points=[cut])
    return float(value)


def sample_ceiling(truths: np.ndarray, n_items: int) -> float:
    """`accuracy_ceiling` on these candidates' own abilities rather than over the population: the
    accuracy an ideal n_items test would expect on exactly this sample (its abilities' luck removed
    from the comparison; the responses' luck remains)."""
    from scipy.stats import norm

    se = 1.0 / np.sqrt(n_items * 0.25)
    return float(np.mean(norm.cdf(np.abs(truths - RULES.passing_standard) / se)))


def _time_next_item(bank: ItemBank, candidates: np.ndarray, rng: np.random.Generator) -> tuple[float, float]:
    """One stand-alone choice mid-exam (100 of `candidates` already out, a random θ): (seconds, θ)."""
    eligible = np.zeros(len(bank), dtype=bool)
    eligible[candidates] = True
    out = rng.choice(candidates, size=100, replace=False)
    eligible[out] = False
    counts = dict(zip(CLIENT_NEEDS, np.bincount(bank.client_need[out], minlength=8).tolist(), strict=True))
    theta = float(rng.normal())
    started = time.perf_counter()
    area = CLIENT_NEEDS.index(content_area_to_serve(EXAM, counts))
    select_item(theta, bank, eligible, area, RULES.randomesque_k, rng)
    return time.perf_counter() - started, theta


def next_item_timing(seed: int, repeats: int = 2000) -> dict[str, float]:
    """p50/p99 of choosing the next item in a 10,000-item bank, mid-exam (100 items already out)."""
    bank = build_bank(LARGE_BANK_ITEMS, seed)
    rng = np.random.default_rng([seed, 3])
    ours = [_time_next_item(bank, np.arange(len(bank)), rng)[0] for _ in range(repeats)]

    from catsim.item_bank import ItemBank as CatsimBank
    from catsim.selection import RandomesqueSelector

    catsim_bank = CatsimBank(bank.step_matrix[:, :1].copy())
    selector = RandomesqueSelector(bin_size=RULES.randomesque_k)
    theirs = []
    for _ in range(repeats // 4):
        seen = set(rng.choice(LARGE_BANK_ITEMS, size=100, replace=False).tolist())
        theta = float(rng.normal())
        started = time.perf_counter()
        selector.select(item_bank=catsim_bank, administered_items=seen, est_theta=theta, rng=rng)
        theirs.append(time.perf_counter() - started)
    # The same size of bank holding case studies: 7,000 one-point items and 500 case studies (3,000
    # partial-credit items), so stand-alone selection takes the information path too.
    case_items = LARGE_BANK_CASE_STUDIES * len(CASE_STUDY_POINTS)
    mixed, case_rows = build_case_studies(
        build_bank(LARGE_BANK_ITEMS - case_items, seed), seed, count=LARGE_BANK_CASE_STUDIES
    )
    standalone = np.setdiff1d(np.arange(len(mixed)), case_rows.ravel())
    standalone_mixed, cases_mixed = [], []
    for _ in range(repeats // 4):
        seconds, theta = _time_next_item(mixed, standalone, rng)
        standalone_mixed.append(seconds)
        free = rng.random(len(case_rows)) > 0.01
        started = time.perf_counter()
        select_case_study(theta, mixed, case_rows, RULES.randomesque_k, rng, free)
        cases_mixed.append(time.perf_counter() - started)
    return {
        "mixed_p50": float(np.percentile(standalone_mixed, 50) * 1e3),
        "mixed_p99": float(np.percentile(standalone_mixed, 99) * 1e3),
        "case_p50": float(np.percentile(cases_mixed, 50) * 1e3),
        "case_p99": float(np.percentile(cases_mixed, 99) * 1e3),
        "ours_p50": float(np.percentile(ours, 50) * 1e3),
        "ours_p99": float(np.percentile(ours, 99) * 1e3),
        "catsim_p50": float(np.percentile(theirs, 50) * 1e3),
        "catsim_p99": float(np.percentile(theirs, 99) * 1e3),
    }


ROWS = [
    ("candidates simulated", "candidates", "{:d}"),
    ("classification accuracy", "accuracy", "{:.4f}"),
    ("accuracy: 95 % Wilson interval", "accuracy_ci", "{0[0]:.3f}-{0[1]:.3f}"),
    ("false-pass rate (of those truly at or below 0)", "false_pass", "{:.3f}"),
    ("false-fail rate (of those truly above 0)", "false_fail", "{:.3f}"),
    ("length: mean", "length_mean", "{:.1f}"),
    ("length: median", "length_median", "{:.0f}"),
    ("length: max", "length_max", "{:d}"),
    ("ended by the confidence rule", "confidence", "{:.1%}"),
    ("ended at the maximum length", "max_length", "{:.1%}"),
    ("ability estimate: bias (logits)", "bias", "{:+.3f}"),
    ("ability estimate: RMSE (logits)", "rmse", "{:.3f}"),
    ("item exposure: max", "max_exposure", "{:.3f}"),
    ("item exposure: mean", "mean_exposure", "{:.4f}"),
    ("exams with every client need in its range", "in_range", "{:.1%}"),
    ("case studies per exam: mean", "case_studies_mean", "{:.1f}"),
    ("case-study exposure: max", "case_exposure_max", "{:.3f}"),
    ("engine time per item: p50 (ms)", "item_p50_ms", "{:.3f}"),
    ("engine time per item: p99 (ms)", "item_p99_ms", "{:.3f}"),
    ("wall time of the simulation (s)", "wall_s", "{:.1f}"),
]


def table(summaries: dict[str, dict], timing: dict[str, float]) -> str:
    lines = ["| measure | " + " | ".join(summaries) + " |", "|---|" + "---:|" * len(summaries)]
    for label, key, fmt in ROWS:
        lines.append(f"| {label} | " + " | ".join(fmt.format(s[key]) for s in summaries.values()) + " |")
    side = {engine: "catsim" if engine == "catsim" else "ours" for engine in summaries}
    next_item = [f"{timing[side[e] + '_p50']:.3f} / {timing[side[e] + '_p99']:.3f}" for e in summaries]
    lines.append("| next item, 10,000-item bank: p50 / p99 (ms) | " + " | ".join(next_item) + " |")
    for label, key in (("a stand-alone item", "mixed"), ("a case study", "case")):
        cells = [
            f"{timing[key + '_p50']:.3f} / {timing[key + '_p99']:.3f}" if e != "catsim" else "-" for e in summaries
        ]
        lines.append(
            f"| next item, 10,000 items with {LARGE_BANK_CASE_STUDIES} case studies, {label}: p50 / p99 (ms) | "
            + " | ".join(cells)
            + " |"
        )
    return "\n".join(lines)


def goals(summaries: dict[str, dict], timing: dict[str, float], truths: np.ndarray) -> list[str]:
    ours = {engine: s for engine, s in summaries.items() if engine != "catsim"}
    theirs = summaries.get("catsim", {"accuracy": 0.0})

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    def each(key: str, fmt: str) -> str:
        return ", ".join(f"{engine} {fmt.format(s[key])}" for engine, s in ours.items())

    bar = max(GOALS["accuracy"], theirs["accuracy"])
    return [
        f"- for scale: an ideal {RULES.max_items}-item test (every item at the candidate's own ability) would "
        f"classify {accuracy_ceiling(RULES.max_items):.4f} of this population correctly, an ideal "
        f"{RULES.min_items}-item one {accuracy_ceiling(RULES.min_items):.4f}; on these {len(truths):,} candidates' "
        f"own abilities the ideal {RULES.max_items}-item test expects {sample_ceiling(truths, RULES.max_items):.4f}",
        f"- accuracy >= {GOALS['accuracy']} and not below catsim's ({theirs['accuracy']:.4f}): "
        + ", ".join(f"{engine} {s['accuracy']:.4f} {verdict(s['accuracy'] >= bar)}" for engine, s in ours.items()),
        f"- every client need in range in >= {GOALS['in_range']:.0%} of exams: {each('in_range', '{:.1%}')} -> "
        f"{verdict(min(s['in_range'] for s in ours.values()) >= GOALS['in_range'])}",
        f"- max item exposure <= {GOALS['max_exposure']}: {each('max_exposure', '{:.3f}')} -> "
        f"{verdict(max(s['max_exposure'] for s in ours.values()) <= GOALS['max_exposure'])}",
        f"- next-item p99 < {GOALS['next_item_p99_ms']:.0f} ms (10,000 items): {timing['ours_p99']:.3f} ms; "
        f"with {LARGE_BANK_CASE_STUDIES} case studies among them {timing['mixed_p99']:.3f} ms (stand-alone), "
        f"{timing['case_p99']:.3f} ms (case study) "
        f"-> {verdict(max(timing['ours_p99'], timing['mixed_p99'], timing['case_p99']) < GOALS['next_item_p99_ms'])}",
    ]


def plot(results: dict[str, list[dict]], truths: dict[str, np.ndarray]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    edges = np.arange(-2.5, 3.51, 0.25)
    centres = (edges[:-1] + edges[1:]) / 2
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 7), sharex=True)
    styles = {
        "ours": ("tab:blue", "-"),
        "ours + pretest": ("tab:green", ":"),
        "ours + case studies": ("tab:purple", "-."),
        "ours + both": ("tab:red", "-."),
        "catsim": ("tab:orange", "--"),
    }
    for engine, rows in results.items():
        truth = truths[engine]
        passed = np.array([r["passed"] for r in rows], dtype=float)
        lengths = np.array([r["length"] for r in rows], dtype=float)
        bins = np.digitize(truth, edges) - 1
        keep = [b for b in range(len(centres)) if np.sum(bins == b) >= 5]
        colour, line = styles[engine]
        label = f"{engine} (n={len(rows)})"
        style = {"color": colour, "marker": "o", "ms": 3}
        top.plot(centres[keep], [passed[bins == b].mean() for b in keep], line, label=label, **style)
        bottom.plot(centres[keep], [lengths[bins == b].mean() for b in keep], line, **style)
    grid = np.linspace(-2.5, 3.5, 200)
    top.axvline(RULES.passing_standard, color="grey", lw=0.8)
    bottom.axvline(RULES.passing_standard, color="grey", lw=0.8)
    top.plot(grid, (grid > RULES.passing_standard).astype(float), color="grey", lw=0.6, label="true class")
    top.set_ylabel("share passed")
    top.set_title(
        f"Simulated NCLEX-{EXAM} CAT: {BANK_ITEMS:,} Rasch items (+ {CASE_STUDIES} case studies where named);\n"
        "standard 0.0; 85-150 items",
        fontsize=10,
    )
    top.legend(loc="upper left", fontsize=8)
    bottom.set_ylabel("mean exam length (items)")
    bottom.set_xlabel("true ability (logits), bins of 0.25")
    bottom.set_ylim(80, 155)
    fig.tight_layout()
    fig.savefig(PLOT, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--catsim-candidates", type=int, default=2000, help="0 leaves catsim out")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--no-plot", action="store_true")
    parser.add_argument(
        "--engines",
        default=",".join(ENGINES),
        help=f"comma-separated columns to run (default all: {', '.join(ENGINES)})",
    )
    args = parser.parse_args(argv)
    chosen = [name.strip() for name in args.engines.split(",") if name.strip()]
    if unknown := sorted(set(chosen) - set(ENGINES)):
        parser.error(f"unknown engine(s): {', '.join(unknown)}")

    n_max = max(args.candidates, args.catsim_candidates)
    truths_all = abilities(n_max, args.seed)
    counts = {engine: args.candidates for engine in ENGINES} | {"catsim": args.catsim_candidates}
    engines = [engine for engine in ENGINES if counts[engine] > 0 and engine in chosen]
    print(
        f"bench-cat: {BANK_ITEMS:,}-item bank, candidates ~ N(0.3, 1), seed {args.seed}, {args.workers} workers, "
        f"{platform.python_implementation()} {platform.python_version()}",
        flush=True,
    )
    results: dict[str, list[dict]] = {}
    summaries: dict[str, dict] = {}
    context = multiprocessing.get_context("fork")
    with context.Pool(args.workers, initializer=_init_worker, initargs=(args.seed, n_max)) as pool:
        for engine in engines:
            started = time.perf_counter()
            results[engine] = simulate(engine, counts[engine], pool)
            wall = time.perf_counter() - started
            n_bank = BANK_ITEMS + (CASE_STUDIES * len(CASE_STUDY_POINTS) if engine in WITH_CASE_STUDIES else 0)
            summaries[engine] = summarise(results[engine], truths_all[: counts[engine]], n_bank, wall)
    print("  next-item timing on a 10,000-item bank ...", flush=True)
    timing = next_item_timing(args.seed)

    report = table(summaries, timing) + "\n\n" + "\n".join(goals(summaries, timing, truths_all[: counts["ours"]]))
    print()
    print(report)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    (DATA_DIR / "cat-last-run.md").write_text(report + "\n")
    if not args.no_plot:
        plot(results, {engine: truths_all[: counts[engine]] for engine in engines})
        print(f"\nwrote {PLOT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
