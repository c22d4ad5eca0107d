"""`make bench-readiness`: what the readiness number (`GET /api/users/me/readiness/`) is worth,
simulated week by week (never part of `make test`).

    make bench-readiness      # or: .venv/bin/python -m bench.readiness [--students N] [--weeks N]

Simulated students practise on the bench-cat bank (3,000 calibrated one-point Rasch items,
difficulties ~ N(0, 1)): each week a practice test of `--per-week` items drawn at random from the
bank, answered from the Rasch model at the student's true ability that week. After every week the
real readiness rule (`exams.selectors.readiness_from_rows`: each item once, with its latest answer;
the engine's ability estimate and SE; Φ((θ̂ - standard) / SE); the levels) is applied to the
student's answers so far (the newest 250 of its 42-day window), and compared with the truth. Two cohorts:

- steady: the true ability does not change (~ N(0.3, 1), bench-cat's candidates);
- improving: starts ~ N(-0.6, 0.8) and gains ~ N(0.08, 0.03) logits a week (a student who studies).

After the last week each student sits one simulated NCLEX (`psychometrics.cat.simulate_exam`, the
bench-cat rules) at their true ability then, so the last readiness can be set beside the outcome.

Prints per week and cohort: the estimate's bias and RMSE against the true ability that week, the
mean SE, the mean pass probability beside the share truly above the standard, and the Brier score;
then the last week's calibration (students grouped by their pass probability: how many were truly
above the standard, how many passed the simulated NCLEX) and the same by level. Writes the tables to
bench/.data/readiness-last-run.md and draws bench/readiness.png: three students' readiness over
time, and the calibration.
"""

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "bench" / ".data"
PLOT = ROOT / "bench" / "readiness.png"
EXAM = "RN"
COHORTS = ("steady", "improving")
BINS = np.linspace(0.0, 1.0, 11)


def _django() -> None:
    """The readiness rule lives in `exams.selectors`: the embedded default settings, no database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def true_abilities(cohort: str, n: int, weeks: int, rng: np.random.Generator) -> np.ndarray:
    """n x weeks: each student's true ability in each week."""
    if cohort == "steady":
        return np.repeat(rng.normal(0.3, 1.0, size=(n, 1)), weeks, axis=1)
    start = rng.normal(-0.6, 0.8, size=(n, 1))
    gain = np.clip(rng.normal(0.08, 0.03, size=(n, 1)), 0.0, None)
    return start + gain * np.arange(weeks)


def simulate_student(
    truth: np.ndarray,
    difficulty: np.ndarray,
    per_week: int,
    reads: tuple[tuple[int, int], ...],
    rng: np.random.Generator,
) -> list[list]:
    """For each (newest answers, window in weeks) in `reads`, the readiness after each week (dicts as
    the API gives them) from that many newest answers of the window, as the API reads them, of one
    student with these true abilities."""
    from exams.selectors import readiness_from_rows

    history: list[tuple] = []  # newest first
    weekly: list[list] = [[] for _ in reads]
    for week_number, theta in enumerate(truth, start=1):
        items = rng.choice(len(difficulty), size=per_week, replace=False)
        correct = rng.random(per_week) < 1.0 / (1.0 + np.exp(difficulty[items] - theta))
        week = [(int(i), int(c), 1, float(difficulty[i]), None, None) for i, c in zip(items, correct, strict=True)]
        history[:0] = week[::-1]
        for out, (newest, window) in zip(weekly, reads, strict=True):
            inside = per_week * min(week_number, window)  # the window's answers: a prefix, newest first
            out.append(readiness_from_rows(EXAM, history[: min(newest, inside)]))
    return weekly


def simulate(args) -> dict:
    """{cohort: {truths, readiness (the rule's), everything (every answer read), passed}}."""
    from bench.cat import BANK_ITEMS, RULES, build_bank
    from psychometrics.cat import simulate_exam

    bank = build_bank(BANK_ITEMS, args.seed)
    difficulty = bank.step_matrix[:, 0]
    everything = args.weeks * args.per_week
    out = {}
    for c, cohort in enumerate(COHORTS):
        rng = np.random.default_rng([args.seed, 10 + c])
        truths = true_abilities(cohort, args.students, args.weeks, rng)
        readiness, whole, passed = [], [], []
        started = time.perf_counter()
        for s in range(args.students):
            student_rng = np.random.default_rng([args.seed, 20 + c, s])
            rule, all_read = simulate_student(
                truths[s],
                difficulty,
                args.per_week,
                ((args.newest, args.window_weeks), (everything, everything)),
                student_rng,
            )
            readiness.append(rule)
            whole.append(all_read)
            passed.append(simulate_exam(float(truths[s, -1]), bank, RULES, EXAM, student_rng)["passed"])
            if (s + 1) * 10 // args.students > s * 10 // args.students:
                print(f"  {cohort:<10} {s + 1:>5}/{args.students} students  {time.perf_counter() - started:6.1f} s")
        out[cohort] = {"truths": truths, "readiness": readiness, "everything": whole, "passed": np.array(passed)}
    return out


def _column(readiness: list, week: int, key: str) -> np.ndarray:
    return np.array([r[week][key] if r[week][key] is not None else np.nan for r in readiness], dtype=float)


def weekly_table(results: dict, standard: float, read: str = "readiness", weeks=None) -> str:
    """Per cohort and week (all weeks, or those in `weeks`, 1-based): the estimate against the truth."""
    lines = [
        "| cohort | week | items | true θ (mean) | bias of θ̂ | RMSE | SE (mean) "
        "| pass probability (mean) | truly above the standard | Brier |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for cohort, data in results.items():
        truths, readiness = data["truths"], data[read]
        for week in range(truths.shape[1]):
            if weeks is not None and week + 1 not in weeks:
                continue
            theta, se = _column(readiness, week, "ability"), _column(readiness, week, "standard_error")
            p = _column(readiness, week, "pass_probability")
            truth = truths[:, week]
            above = (truth > standard).astype(float)
            answers = np.mean([r[week]["based_on"]["responses"] for r in readiness])
            lines.append(
                f"| {cohort} | {week + 1} | {answers:.0f} | {truth.mean():+.2f} | {np.nanmean(theta - truth):+.3f} "
                f"| {np.sqrt(np.nanmean((theta - truth) ** 2)):.3f} | {np.nanmean(se):.3f} | {np.nanmean(p):.3f} "
                f"| {above.mean():.3f} | {np.nanmean((p - above) ** 2):.3f} |"
            )
    return "\n".join(lines)


def calibration_rows(results: dict, standard: float) -> list[tuple]:
    """(cohort, bin label, n, mean predicted, share truly above, share passing the NCLEX), last week."""
    rows = []
    for cohort, data in results.items():
        p = _column(data["readiness"], -1, "pass_probability")
        above = data["truths"][:, -1] > standard
        group = np.clip(np.digitize(p, BINS) - 1, 0, len(BINS) - 2)
        for b in range(len(BINS) - 1):
            chosen = group == b
            if chosen.sum():
                label = f"{BINS[b]:.1f}-{BINS[b + 1]:.1f}"
                rows.append(
                    (
                        cohort,
                        label,
                        int(chosen.sum()),
                        p[chosen].mean(),
                        above[chosen].mean(),
                        data["passed"][chosen].mean(),
                    )
                )
    return rows


def calibration_table(results: dict, standard: float) -> str:
    lines = [
        "| cohort | pass probability | students | mean predicted | truly above the standard "
        "| passed the simulated NCLEX |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for cohort, label, n, predicted, above, passed in calibration_rows(results, standard):
        lines.append(f"| {cohort} | {label} | {n} | {predicted:.3f} | {above:.3f} | {passed:.3f} |")
    return "\n".join(lines)


def level_table(results: dict, standard: float) -> str:
    from exams.selectors import READINESS_LEVELS

    lines = [
        "| cohort | level (last week) | students | truly above the standard | passed the simulated NCLEX |",
        "|---|---|---:|---:|---:|",
    ]
    for cohort, data in results.items():
        levels = np.array([r[-1]["level"] for r in data["readiness"]])
        above = data["truths"][:, -1] > standard
        for level in [name for _, name in READINESS_LEVELS] + ["low"]:
            chosen = levels == level
            if chosen.sum():
                lines.append(
                    f"| {cohort} | {level} | {int(chosen.sum())} | {above[chosen].mean():.3f} "
                    f"| {data['passed'][chosen].mean():.3f} |"
                )
    return "\n".join(lines)


def plot(results: dict, standard: float, newest: int) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from exams.selectors import READINESS_LEVELS

    fig, (ability, probability, calibration) = plt.subplots(3, 1, figsize=(8, 11))
    data = results["improving"]
    truths = data["truths"]
    weeks = np.arange(1, truths.shape[1] + 1)
    for cohort, colour in (("improving", "tab:blue"), ("steady", "tab:green")):
        cohort_data = results[cohort]
        ability.plot(weeks, cohort_data["truths"].mean(axis=0), color=colour, ls="--", lw=1.2)
        for read, line, label in (("readiness", "-", f"newest {newest}"), ("everything", ":", "every answer")):
            estimate = [np.nanmean(_column(cohort_data[read], w, "ability")) for w in range(len(weeks))]
            ability.plot(weeks, estimate, color=colour, ls=line, marker="o", ms=3, label=f"{cohort}: {label}")
    ability.set_ylabel("mean ability (logits)")
    ability.set_title("Cohort means by week: true ability (dashed) and the readiness estimate")
    ability.legend(fontsize=7, loc="lower right")

    crossing = [int(np.argmax(truths[s] > standard)) if truths[s, -1] > standard else -1 for s in range(len(truths))]
    examples = [crossing.index(week) for week in (2, 6, 10) if week in crossing]
    for colour, s in zip(("tab:green", "tab:orange", "tab:red"), examples, strict=False):
        rows = data["readiness"][s]
        probability.plot(
            weeks,
            [r["pass_probability"] for r in rows],
            color=colour,
            marker="o",
            ms=3,
            label=f"truly above the standard from week {crossing[s] + 1}",
        )
    cuts = [0.0, *sorted(cut for cut, _ in READINESS_LEVELS), 1.0]
    shades = ("#f4cccc", "#fce5cd", "#e6f2df", "#c9e4bd")
    names = ["low", *(name for _, name in sorted(READINESS_LEVELS))]
    for low, high, shade, name in zip(cuts[:-1], cuts[1:], shades, names, strict=True):
        probability.axhspan(low, high, color=shade, lw=0)
        probability.text(weeks[-1] + 0.25, (low + high) / 2, name, fontsize=7, va="center")
    probability.set_xlim(0.5, weeks[-1] + 1.6)
    probability.set_ylim(0, 1)
    probability.set_ylabel("pass probability")
    probability.set_xlabel("week of practice")
    probability.set_title("Three improving students' readiness (the API's rule)")
    probability.legend(fontsize=7, loc="upper left")

    rows = calibration_rows(results, standard)
    for cohort, marker in (("steady", "o"), ("improving", "s")):
        mine = [row for row in rows if row[0] == cohort and row[2] >= 10]
        predicted = [row[3] for row in mine]
        calibration.plot(
            predicted, [row[4] for row in mine], marker=marker, label=f"{cohort}: truly above the standard"
        )
        calibration.plot(
            predicted, [row[5] for row in mine], marker=marker, ls=":", label=f"{cohort}: passed the NCLEX"
        )
    calibration.plot([0, 1], [0, 1], color="grey", lw=0.8)
    calibration.set_xlabel("pass probability after the last week (bins of 0.1 with 10+ students)")
    calibration.set_ylabel("observed share")
    calibration.set_title("Calibration after the last week")
    calibration.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(PLOT, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000, help="per cohort")
    parser.add_argument("--weeks", type=int, default=12)
    parser.add_argument("--per-week", type=int, default=60, help="practice answers a week")
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--newest", type=int, help="answers read (default: READINESS_MAX_RESPONSES)")
    parser.add_argument("--window-weeks", type=int, help="weeks of answers read (default: READINESS_WINDOW_DAYS)")
    parser.add_argument("--no-plot", action="store_true")
    args = parser.parse_args(argv)
    _django()
    from exams.selectors import READINESS_MAX_RESPONSES, READINESS_WINDOW_DAYS

    args.newest = args.newest or READINESS_MAX_RESPONSES
    args.window_weeks = args.window_weeks or READINESS_WINDOW_DAYS // 7
    from exams.sitting import passing_standard

    standard = passing_standard(EXAM)
    print(
        f"bench-readiness: {args.students:,} students per cohort, {args.weeks} weeks of {args.per_week} "
        f"practice answers, the newest {args.newest:,} of {args.window_weeks} weeks read, standard {standard}, "
        f"seed {args.seed}\n"
    )
    started = time.perf_counter()
    results = simulate(args)
    checkpoints = {4, 8, args.weeks}
    report = "\n\n".join(
        [
            f"The rule (the newest {args.newest:,} answers), by week:",
            weekly_table(results, standard),
            "Every answer read instead (the comparison), at weeks 4, 8 and the last:",
            weekly_table(results, standard, read="everything", weeks=checkpoints),
            "The rule, after the last week, by pass probability:",
            calibration_table(results, standard),
            "The rule, after the last week, by level:",
            level_table(results, standard),
        ]
    )
    print(f"\n{report}\n\nsimulated in {time.perf_counter() - started:.1f} s")
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    (DATA_DIR / "readiness-last-run.md").write_text(report + "\n")
    if not args.no_plot:
        plot(results, standard, args.newest)
        print(f"wrote {PLOT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
