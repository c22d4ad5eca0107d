"""The demo school's question bank, for `manage.py seed_demo`. Idempotent: sample rows are found by
stem (items) or title (case studies) and only the missing ones are written.

1. The hand-written sample bank (`questions.sample_bank`): items of all 17 types and two unfolding
   case studies, published.
2. A generated bank for the adaptive exam, every item marked as sample content in its stem:
   CALIBRATED_ITEMS one-point multiple-choice items with difficulties drawn from N(0, 1) (seeded, so
   every seed gives the same bank), spread over the client needs in the RN test plan's midpoint
   shares (NCSBN; `psychometrics.cat.TEST_PLAN`); PRETEST_ITEMS published items not yet calibrated
   (the exam's unscored pretest items); and CALIBRATED_CASE_STUDIES calibrated case studies, so an
   adaptive exam can include three.

Everything goes through the import (`ImportSerializer` + `bank_import`): validated as an author's
file would be, written with bulk_create.
"""

import random

from accounts.demo import DemoPeople
from core.exceptions import ApplicationError
from questions.authoring import bank_import
from questions.models import CaseStudy, CjmmStep, ClientNeed, Question, Status
from questions.sample_bank import SAMPLE_CASE_STUDIES, SAMPLE_ITEMS
from questions.serializers import ImportSerializer

CALIBRATED_ITEMS = 600
PRETEST_ITEMS = 40
CALIBRATED_CASE_STUDIES = 3
SEED = 2026

# RN test plan midpoints (percent; NCSBN 2023 and 2026 plans): they sum to 100.
RN_MIDPOINTS = {
    ClientNeed.MANAGEMENT_OF_CARE: 18,
    ClientNeed.SAFETY_INFECTION_CONTROL: 13,
    ClientNeed.HEALTH_PROMOTION: 9,
    ClientNeed.PSYCHOSOCIAL_INTEGRITY: 9,
    ClientNeed.BASIC_CARE_COMFORT: 9,
    ClientNeed.PHARMACOLOGICAL_THERAPIES: 16,
    ClientNeed.REDUCTION_OF_RISK: 12,
    ClientNeed.PHYSIOLOGICAL_ADAPTATION: 14,
}

# One question per client need: (stem, correct option, three distractors). The generated items vary
# them by number only: they are demo content, clearly labelled, not a real item bank.
TEMPLATES = {
    ClientNeed.MANAGEMENT_OF_CARE: (
        "Which task can the RN delegate to an assistive personnel?",
        "Measuring and recording oral intake for a stable client",
        ["Teaching a client to use an inhaler", "Assessing a new admission", "Evaluating a client's pain relief"],
    ),
    ClientNeed.SAFETY_INFECTION_CONTROL: (
        "Which precaution does the nurse use for a client with pulmonary tuberculosis?",
        "Airborne precautions with an N95 respirator",
        ["Droplet precautions with a surgical mask", "Contact precautions only", "Standard precautions only"],
    ),
    ClientNeed.HEALTH_PROMOTION: (
        "At what age is a healthy infant expected to sit without support?",
        "About 8 months",
        ["About 2 months", "About 4 months", "About 14 months"],
    ),
    ClientNeed.PSYCHOSOCIAL_INTEGRITY: (
        "A client says, 'Nothing matters anymore.' What is the nurse's priority?",
        "Ask the client directly about thoughts of suicide",
        ["Change the subject to a pleasant topic", "Tell the client things will improve", "Leave the client to rest"],
    ),
    ClientNeed.BASIC_CARE_COMFORT: (
        "Which position helps a client with dyspnea breathe more easily?",
        "High Fowler's, leaning forward",
        ["Supine, flat", "Trendelenburg", "Prone"],
    ),
    ClientNeed.PHARMACOLOGICAL_THERAPIES: (
        "Which finding makes the nurse hold a scheduled dose of digoxin?",
        "Apical pulse of 52 beats per minute",
        ["Blood pressure 128/76 mm Hg", "Potassium 4.2 mEq/L", "Respiratory rate 18 per minute"],
    ),
    ClientNeed.REDUCTION_OF_RISK: (
        "After a cardiac catheterization through the femoral artery, what does the nurse check first?",
        "The insertion site and the distal pulses",
        ["The client's appetite", "The bowel sounds", "The client's sleep pattern"],
    ),
    ClientNeed.PHYSIOLOGICAL_ADAPTATION: (
        "Which sign suggests a client with a head injury has rising intracranial pressure?",
        "A decreasing level of consciousness",
        ["A heart rate of 98", "Pupils equal and reactive", "A temperature of 37.0 C"],
    ),
}

CASE_STEP_STEMS = {
    CjmmStep.RECOGNIZE_CUES: "Which finding is most concerning?",
    CjmmStep.ANALYZE_CUES: "The findings are most consistent with which condition?",
    CjmmStep.PRIORITIZE_HYPOTHESES: "What is the client at highest risk for right now?",
    CjmmStep.GENERATE_SOLUTIONS: "Which intervention should the nurse plan?",
    CjmmStep.TAKE_ACTION: "Which action should the nurse take first?",
    CjmmStep.EVALUATE_OUTCOMES: "Which finding shows the treatment is working?",
}
CASES = [
    ("Sample calibrated case study 1: client with pneumonia", "A 72-year-old with fever, cough and SpO2 88%."),
    ("Sample calibrated case study 2: client after a fall", "An 80-year-old found on the floor, confused."),
    ("Sample calibrated case study 3: client with diabetic ketoacidosis", "A 19-year-old with glucose 540 mg/dL."),
]


def _multiple_choice(stem: str, correct: str, distractors: list[str], rng: random.Random, **fields) -> dict:
    texts = [correct, *distractors]
    rng.shuffle(texts)
    options = [{"id": chr(ord("A") + n), "text": text} for n, text in enumerate(texts)]
    key = options[texts.index(correct)]["id"]
    return {
        "type": "multiple_choice",
        "stem": stem,
        "content": {"options": options},
        "answer": {"correct": [key]},
        "rationale": f"{correct}. Sample content for the demo school.",
        "status": Status.PUBLISHED,
        **fields,
    }


def _client_needs(count: int) -> list[str]:
    """`count` client needs in the RN midpoint shares (largest remainder, so the counts sum to `count`)."""
    exact = {need: count * share / 100 for need, share in RN_MIDPOINTS.items()}
    counts = {need: int(value) for need, value in exact.items()}
    for need in sorted(exact, key=lambda n: exact[n] - counts[n], reverse=True)[: count - sum(counts.values())]:
        counts[need] += 1
    return [need for need, n in counts.items() for _ in range(n)]


def generated_items(rng: random.Random) -> list[dict]:
    items = []
    for n, need in enumerate(_client_needs(CALIBRATED_ITEMS), start=1):
        stem, correct, distractors = TEMPLATES[need]
        difficulty = round(rng.gauss(0.0, 1.0), 3)
        items.append(
            _multiple_choice(
                f"Sample calibrated item {n}: {stem}",
                correct,
                distractors,
                rng,
                client_need=need,
                difficulty=difficulty,
                calibrated=True,
            )
        )
    needs = list(RN_MIDPOINTS)
    for n in range(1, PRETEST_ITEMS + 1):
        need = needs[n % len(needs)]
        stem, correct, distractors = TEMPLATES[need]
        items.append(_multiple_choice(f"Sample pretest item {n}: {stem}", correct, distractors, rng, client_need=need))
    return items


def generated_case_studies(rng: random.Random) -> list[dict]:
    cases = []
    for title, scenario in CASES[:CALIBRATED_CASE_STUDIES]:
        items = []
        for step, step_stem in CASE_STEP_STEMS.items():
            taking_action = step == CjmmStep.TAKE_ACTION
            need = ClientNeed.MANAGEMENT_OF_CARE if taking_action else ClientNeed.PHYSIOLOGICAL_ADAPTATION
            _, correct, distractors = TEMPLATES[need]
            items.append(
                _multiple_choice(
                    f"{title.split(':')[0]}, {step.label.lower()}: {step_stem}",
                    correct,
                    distractors,
                    rng,
                    client_need=need,
                    cjmm_step=step,
                    difficulty=round(rng.gauss(0.0, 1.0), 3),
                    calibrated=True,
                )
            )
        cases.append(
            {
                "title": title,
                "scenario": scenario + " Sample content for the demo school.",
                "exhibits": [{"tab": "Nurses' Notes", "kind": "text", "text": scenario, "reveal_at": 1}],
                "status": Status.PUBLISHED,
                "items": items,
            }
        )
    return cases


def seed(people: DemoPeople) -> None:
    rng = random.Random(SEED)  # noqa: S311 - not secret: the same bank on every machine, every time
    items = [{**item, "status": Status.PUBLISHED} for item in SAMPLE_ITEMS] + generated_items(rng)
    cases = [{**case, "status": Status.PUBLISHED} for case in SAMPLE_CASE_STUDIES] + generated_case_studies(rng)
    have_stems = set(Question.objects.filter(is_sample=True, case_study=None).values_list("stem", flat=True))
    have_titles = set(CaseStudy.objects.filter(is_sample=True).values_list("title", flat=True))
    items = [item for item in items if item["stem"] not in have_stems]
    cases = [case for case in cases if case["title"] not in have_titles]
    if not items and not cases:
        return
    data = ImportSerializer(data={"items": items, "case_studies": cases})
    if not data.is_valid():
        raise ApplicationError("The demo question bank is invalid.", errors=dict(data.errors))
    bank_import(author=people.admin, is_sample=True, **data.validated_data)


def describe(people: DemoPeople) -> list[str]:
    published = Question.objects.filter(status=Status.PUBLISHED)
    return [
        f"Question bank: {published.count()} published items ({published.filter(calibrated=True).count()} "
        f"calibrated), {CaseStudy.objects.filter(status=Status.PUBLISHED).count()} case studies."
    ]
