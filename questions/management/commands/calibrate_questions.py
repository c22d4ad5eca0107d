"""`manage.py calibrate_questions`: re-estimate the bank's uncalibrated items from every answer.

The same run as the nightly task (`exams.tasks.questions_calibrate_nightly`), with a progress bar on
stderr: tqdm's when it is installed, a plain counter line otherwise.
"""

import sys

from django.core.management.base import BaseCommand

from questions.calibrate import questions_calibrate

try:  # only for the progress bar; not a dependency of the project
    from tqdm import tqdm
except ImportError:  # pragma: no cover - depends on the environment
    tqdm = None


class _Progress:
    """One bar (or counter line) per stage: loading answers, then the estimation's iterations."""

    def __init__(self, stream):
        self.stream = stream
        self.stage = None
        self.bar = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.close()
            self.stage = stage
            if tqdm is not None:
                self.bar = tqdm(total=total, desc=stage, file=self.stream, leave=True)
        if self.bar is not None:
            self.bar.total = max(total, done)
            self.bar.update(done - self.bar.n)
        else:
            self.stream.write(f"\r{stage}: {done}/{total}")
            self.stream.flush()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        elif self.stage is not None:
            self.stream.write("\n")
        self.stage = None


class Command(BaseCommand):
    help = "Calibrate uncalibrated questions from all answers, anchored on the calibrated ones."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Print only the summary.")

    def handle(self, *args, **options):
        # The raw stream under Django's OutputWrapper, which would end every bar redraw with a newline.
        stream = getattr(self.stderr, "_out", sys.stderr)
        progress = None if options["no_progress"] else _Progress(stream)
        summary = questions_calibrate(progress=progress)
        if progress is not None:
            progress.close()
        self.stdout.write(
            f"{summary.answers} answers from {summary.persons} students; "
            f"{summary.items_estimated} items estimated, {summary.items_calibrated} calibrated "
            f"({summary.misfitting} flagged for review as misfitting), "
            f"{summary.too_few_responses} with too few answers, {summary.unestimable} not estimable; "
            f"{summary.iterations} iterations{'' if summary.converged else ' (not converged)'}."
        )
