"""Sample content for the demo school: original NCLEX-style items of all 17 types and two unfolding
case studies, written for this project.

Pure data (no Django): `SAMPLE_ITEMS` and `SAMPLE_CASE_STUDIES` are plain dicts in the import/export
shape of the question bank, each item's `content` and `answer` as `questions.itemtypes` defines them
(questions/tests/test_sample_bank.py validates every one). `difficulty` is the author's estimate in
logits (-2 easy .. 2 hard) until the items are calibrated. Laboratory reference ranges are common
adult values; local ranges vary.
"""

from typing import Any

CHEST_IMAGE = "/static/questions/sample/chest.svg"
ABDOMEN_IMAGE = "/static/questions/sample/abdomen.svg"


def _options(*texts: str) -> list[dict[str, str]]:
    """Options with ids A, B, C... in the order given."""
    return [{"id": chr(ord("A") + index), "text": text} for index, text in enumerate(texts)]


def _choices(**texts: str) -> list[dict[str, str]]:
    """Options with the ids given as keywords, e.g. _choices(give="Give", hold="Hold and notify")."""
    return [{"id": key, "text": text} for key, text in texts.items()]


def _segments(*parts: str | tuple[str, str]) -> list[dict[str, str]]:
    """A highlight passage: a plain string is plain text, an (id, text) pair can be highlighted."""
    return [{"id": part[0], "text": part[1]} if isinstance(part, tuple) else {"text": part} for part in parts]


def _item(
    type: str,
    stem: str,
    content: dict,
    answer: dict,
    rationale: str,
    client_need: str,
    *,
    exam: str = "both",
    cjmm_step: str | None = None,
    difficulty: float = 0.0,
) -> dict[str, Any]:
    return {
        "exam": exam,
        "type": type,
        "stem": stem,
        "content": content,
        "answer": answer,
        "rationale": rationale,
        "client_need": client_need,
        "cjmm_step": cjmm_step,
        "difficulty": difficulty,
    }


GIVE_HOLD = {"give": "Give as scheduled", "hold": "Hold and notify the provider"}
EXPECTED_REPORT = {"expected": "Expected", "report": "Report to the provider"}

SAMPLE_ITEMS: list[dict[str, Any]] = [
    # ---------------------------------------------------------------------------- multiple choice
    _item(
        "multiple_choice",
        "A client taking warfarin for atrial fibrillation has an INR of 5.8 and no signs of bleeding. "
        "Which action should the nurse take?",
        {
            "options": _options(
                "Hold the next warfarin dose and notify the provider.",
                "Administer protamine sulfate IV.",
                "Give the warfarin dose as scheduled and recheck the INR in 1 week.",
                "Transfuse 2 units of packed red blood cells.",
            )
        },
        {"correct": ["A"]},
        "An INR of 5.8 is well above the usual therapeutic range of 2 to 3, so the dose is held and the provider "
        "decides whether oral vitamin K is needed. Protamine sulfate reverses heparin, not warfarin. Giving the dose "
        "raises the bleeding risk further, and a transfusion is not indicated without bleeding or anemia.",
        "pharmacological_therapies",
        cjmm_step="take_action",
        difficulty=-0.6,
    ),
    _item(
        "multiple_choice",
        "The nurse observes an assistive personnel (AP) caring for a client on contact precautions for "
        "Clostridioides difficile. Which action by the AP requires the nurse to intervene?",
        {
            "options": _options(
                "Putting on a gown and gloves before entering the room",
                "Cleaning hands with an alcohol-based hand rub after leaving the room",
                "Using a stethoscope that stays in the client's room",
                "Wiping the bedside table with a bleach-based disinfectant",
            )
        },
        {"correct": ["B"]},
        "Alcohol does not kill C. difficile spores, so hands must be washed with soap and water after care. "
        "A gown and gloves, dedicated equipment and a sporicidal (bleach) cleaner are all correct contact "
        "precautions for this organism.",
        "safety_infection_control",
        difficulty=-0.4,
    ),
    _item(
        "multiple_choice",
        "Which task is appropriate for the registered nurse to delegate to an assistive personnel (AP)?",
        {
            "options": _options(
                "Assessing the pain of a client who returned from surgery 1 hour ago",
                "Teaching a client how to use an incentive spirometer",
                "Measuring vital signs of a stable client 2 days after a hysterectomy",
                "Evaluating a client's response to a dose of IV morphine",
            )
        },
        {"correct": ["C"]},
        "Routine vital signs of a stable client are a standard, predictable task within the AP's scope. "
        "Assessment, teaching and evaluation require nursing judgment and cannot be delegated to an AP.",
        "management_of_care",
        exam="RN",
        difficulty=-1.2,
    ),
    _item(
        "multiple_choice",
        "After receiving report, which client should the nurse see first?",
        {
            "options": _options(
                "A client with COPD whose oxygen saturation is 90% on 2 L/min by nasal cannula",
                "A client 1 day after an appendectomy who rates incisional pain 5 on a 0-10 scale",
                "A client with type 1 diabetes who is shaky and diaphoretic with a glucose of 58 mg/dL",
                "A client with heart failure who gained 0.4 kg (0.9 lb) since yesterday",
            )
        },
        {"correct": ["C"]},
        "Symptomatic hypoglycemia is an acute, unstable problem that can progress to seizures and loss of "
        "consciousness within minutes, so it is treated first. An SpO2 of 90% is an acceptable target for many "
        "clients with COPD, moderate pain is expected after surgery, and a 0.4 kg gain is below the usual "
        "threshold for reporting.",
        "management_of_care",
        exam="RN",
        cjmm_step="prioritize_hypotheses",
        difficulty=-0.3,
    ),
    _item(
        "multiple_choice",
        "A client who takes digoxin and furosemide reports nausea and seeing yellow halos around lights. "
        "Which laboratory result is most important for the nurse to check?",
        {"options": _options("Serum potassium", "Serum sodium", "Hemoglobin", "Serum albumin")},
        {"correct": ["A"]},
        "Nausea and visual changes suggest digoxin toxicity, and hypokalemia from the loop diuretic increases "
        "the heart's sensitivity to digoxin and the risk of dysrhythmias. Sodium, hemoglobin and albumin do not "
        "explain or worsen digoxin toxicity in the same way.",
        "pharmacological_therapies",
        cjmm_step="analyze_cues",
        difficulty=0.2,
    ),
    _item(
        "multiple_choice",
        "Which laboratory result should the nurse report to the provider immediately?",
        {
            "options": _options(
                "Serum potassium 6.2 mEq/L",
                "Serum sodium 138 mEq/L",
                "Total calcium 9.4 mg/dL",
                "Fasting blood glucose 92 mg/dL",
            )
        },
        {"correct": ["A"]},
        "The usual potassium range is 3.5 to 5.0 mEq/L; 6.2 mEq/L can cause life-threatening dysrhythmias. "
        "Sodium 135-145 mEq/L, calcium 9.0-10.5 mg/dL and fasting glucose 70-99 mg/dL are all normal.",
        "reduction_of_risk",
        difficulty=-1.5,
    ),
    _item(
        "multiple_choice",
        "A client's chest tube becomes disconnected from the drainage system. What should the nurse do first?",
        {
            "options": _options(
                "Clamp the chest tube near the insertion site until the provider arrives.",
                "Place the end of the chest tube 2 to 3 cm below the surface of a bottle of sterile water.",
                "Remove the chest tube and cover the site with sterile gauze.",
                "Place the client in the Trendelenburg position.",
            )
        },
        {"correct": ["B"]},
        "Submerging the tube in sterile water creates a temporary water seal that lets air escape but not "
        "enter the pleural space. Clamping can lead to a tension pneumothorax, the nurse does not remove the "
        "tube, and Trendelenburg positioning impairs breathing.",
        "physiological_adaptation",
        cjmm_step="take_action",
        difficulty=0.4,
    ),
    _item(
        "multiple_choice",
        "A client at 28 weeks of gestation is Rh-negative and has a negative antibody screen. Which "
        "intervention should the nurse anticipate?",
        {
            "options": _options(
                "Rho(D) immune globulin 300 mcg IM to the client now",
                "Rubella vaccine before the client leaves the clinic",
                "Rho(D) immune globulin to the newborn after birth",
                "No intervention until the client is in labor",
            )
        },
        {"correct": ["A"]},
        "An unsensitized Rh-negative client receives Rho(D) immune globulin at about 28 weeks and again within "
        "72 hours of giving birth to an Rh-positive newborn. The immune globulin is given to the mother, not the "
        "newborn, and live rubella vaccine is contraindicated during pregnancy.",
        "health_promotion",
        difficulty=-0.2,
    ),
    _item(
        "multiple_choice",
        "Which vaccine is contraindicated during pregnancy?",
        {
            "options": _options(
                "Inactivated influenza vaccine",
                "Tetanus, diphtheria and acellular pertussis (Tdap)",
                "Measles, mumps and rubella (MMR)",
                "Hepatitis B vaccine",
            )
        },
        {"correct": ["C"]},
        "MMR is a live attenuated vaccine and is not given during pregnancy because of the theoretical risk to "
        "the fetus. Inactivated influenza vaccine and Tdap (each pregnancy, ideally at 27-36 weeks) are "
        "recommended, and hepatitis B vaccine may be given when indicated.",
        "health_promotion",
        difficulty=-0.8,
    ),
    _item(
        "multiple_choice",
        'A client says to the nurse, "I have decided there is no point in living anymore." Which response by '
        "the nurse is best?",
        {
            "options": _options(
                '"Are you thinking about killing yourself? Do you have a plan?"',
                '"You have a wonderful family who needs you."',
                '"Why would you say something like that?"',
                '"Let\'s talk about this when you are feeling better."',
            )
        },
        {"correct": ["A"]},
        "Asking directly about suicidal thoughts and a plan is the priority assessment; it does not increase the "
        "risk and guides the level of protection needed. False reassurance dismisses the client's feelings, "
        "'why' questions make the client defensive, and postponing the conversation leaves the client unsafe.",
        "psychosocial_integrity",
        cjmm_step="recognize_cues",
        difficulty=-0.9,
    ),
    _item(
        "multiple_choice",
        "A client whose last alcoholic drink was 60 hours ago is disoriented, diaphoretic and tachycardic and "
        "says there are insects crawling on the walls. Which medication should the nurse anticipate?",
        {"options": _options("Lorazepam", "Naltrexone", "Disulfiram", "Haloperidol")},
        {"correct": ["A"]},
        "These findings indicate alcohol withdrawal delirium, which is treated with a benzodiazepine such as "
        "lorazepam to prevent seizures and control autonomic hyperactivity. Naltrexone and disulfiram support "
        "abstinence later, and haloperidol alone does not treat withdrawal and lowers the seizure threshold.",
        "psychosocial_integrity",
        cjmm_step="generate_solutions",
        difficulty=0.3,
    ),
    _item(
        "multiple_choice",
        "Before an intermittent tube feeding, which bedside method is most reliable for confirming the "
        "placement of a nasogastric tube that was verified by x-ray on insertion?",
        {
            "options": _options(
                "Testing the pH of aspirated contents",
                "Auscultating over the stomach while injecting air",
                "Placing the end of the tube in water and watching for bubbles",
                "Asking the client to hum",
            )
        },
        {"correct": ["A"]},
        "Gastric aspirate usually has a pH of 5 or less, which together with the external tube length is the "
        "most reliable bedside check once placement was confirmed radiographically. Air auscultation cannot "
        "tell the stomach from the lung or esophagus, and the water test and humming are unreliable and unsafe.",
        "basic_care_comfort",
        difficulty=0.1,
    ),
    _item(
        "multiple_choice",
        "A client is receiving a continuous enteral feeding through a nasogastric tube. How should the nurse "
        "position the client?",
        {
            "options": _options(
                "Flat on the back with one pillow",
                "With the head of the bed elevated at least 30 degrees",
                "In the Trendelenburg position",
                "On the left side with the bed flat",
            )
        },
        {"correct": ["B"]},
        "Keeping the head of the bed at 30 degrees or higher during and after feeding reduces the risk of "
        "reflux and aspiration pneumonia. Flat and head-down positions increase that risk.",
        "basic_care_comfort",
        exam="PN",
        difficulty=-1.4,
    ),
    _item(
        "multiple_choice",
        "Two hours after a cardiac catheterization through the right femoral artery, which finding requires "
        "the nurse's immediate action?",
        {
            "options": _options(
                "The right foot is cool and pale and the pedal pulse cannot be found.",
                "The client asks to use the urinal.",
                "Blood pressure is 128/78 mm Hg.",
                "The client reports back discomfort from lying flat.",
            )
        },
        {"correct": ["A"]},
        "A cool, pale foot without a pulse indicates arterial occlusion (thrombus or hematoma) and is an "
        "emergency. The urge to void is expected after contrast, the blood pressure is normal, and back "
        "discomfort from bed rest is managed with repositioning as permitted.",
        "reduction_of_risk",
        cjmm_step="recognize_cues",
        difficulty=-0.7,
    ),
    _item(
        "multiple_choice",
        "During the first 24 hours of fluid resuscitation for a 70-kg client with 40% total body surface area "
        "burns, which finding best indicates that fluid replacement is adequate?",
        {
            "options": _options(
                "Urine output of 40 mL/h",
                "Heart rate of 128/min",
                "Urine output of 15 mL/h",
                "Hematocrit of 56%",
            )
        },
        {"correct": ["A"]},
        "Adequate resuscitation in an adult is shown by a urine output of about 0.5 mL/kg/h (30-50 mL/h). "
        "Tachycardia, low urine output and a high hematocrit indicate persistent hypovolemia and "
        "hemoconcentration.",
        "physiological_adaptation",
        cjmm_step="evaluate_outcomes",
        difficulty=0.5,
    ),
    _item(
        "multiple_choice",
        "A client with preeclampsia receiving IV magnesium sulfate has a respiratory rate of 10/min and absent "
        "patellar reflexes. What should the nurse do first?",
        {
            "options": _options(
                "Stop the magnesium sulfate infusion.",
                "Prepare calcium gluconate for administration.",
                "Increase the infusion rate to prevent seizures.",
                "Document the findings and reassess in 1 hour.",
            )
        },
        {"correct": ["A"]},
        "Respiratory depression and absent reflexes indicate magnesium toxicity; stopping the infusion comes "
        "first. Calcium gluconate is the antidote and is given next as prescribed. Increasing the rate or "
        "waiting would worsen toxicity.",
        "pharmacological_therapies",
        exam="RN",
        cjmm_step="take_action",
        difficulty=0.6,
    ),
    _item(
        "multiple_choice",
        "The nurse discovers a fire in a client's room. What should the nurse do first?",
        {
            "options": _options(
                "Activate the fire alarm.",
                "Move the client away from the fire.",
                "Close the doors on the unit.",
                "Extinguish the fire with the nearest extinguisher.",
            )
        },
        {"correct": ["B"]},
        "RACE sets the order: rescue clients in immediate danger, then alarm, contain and extinguish. The other "
        "actions follow once the client is safe.",
        "safety_infection_control",
        difficulty=-1.6,
    ),
    _item(
        "multiple_choice",
        "A client is admitted with suspected pulmonary tuberculosis. Which item must the nurse wear when "
        "entering the client's room?",
        {
            "options": _options(
                "A surgical mask",
                "A fit-tested N95 respirator",
                "Sterile gloves",
                "A gown and goggles only",
            )
        },
        {"correct": ["B"]},
        "Tuberculosis spreads by airborne droplet nuclei, so airborne precautions require a fit-tested N95 "
        "respirator (or PAPR) and a negative-pressure room. A surgical mask does not filter droplet nuclei, and "
        "gloves, gowns and goggles do not protect against airborne spread.",
        "safety_infection_control",
        difficulty=-1.1,
    ),
    _item(
        "multiple_choice",
        "Which action is the nurse's responsibility in obtaining informed consent for surgery?",
        {
            "options": _options(
                "Explaining the risks and benefits of the procedure",
                "Witnessing the client's signature and confirming the client understands",
                "Obtaining the spouse's signature for an alert, oriented client",
                "Describing alternative treatments to the client",
            )
        },
        {"correct": ["B"]},
        "The surgeon explains the procedure, its risks, benefits and alternatives; the nurse witnesses the "
        "signature, checks that the client is competent and understands, and reports any misunderstanding. "
        "An alert, competent adult signs for themself.",
        "management_of_care",
        difficulty=-0.5,
    ),
    _item(
        "multiple_choice",
        "The practical nurse reinforces teaching for a client with a new colostomy. Which stoma appearance "
        "should the nurse describe as expected?",
        {
            "options": _options(
                "Moist and beefy red to pink",
                "Dusky blue to purple",
                "Dry and black",
                "Pale white",
            )
        },
        {"correct": ["A"]},
        "A healthy stoma is moist and red to pink, like the inside of the mouth. Dusky, purple or black tissue "
        "indicates poor blood supply or necrosis, and a pale stoma may indicate anemia; these are reported.",
        "basic_care_comfort",
        exam="PN",
        difficulty=-1.3,
    ),
    _item(
        "multiple_choice",
        "A client with dysphagia after a stroke is eating lunch. Which action helps the client swallow safely?",
        {
            "options": _options(
                "Sitting upright at 90 degrees and tucking the chin when swallowing",
                "Drinking thin liquids such as water with each bite",
                "Reclining at 30 degrees during the meal",
                "Using a straw for all fluids",
            )
        },
        {"correct": ["A"]},
        "Sitting upright with the chin tucked narrows the airway entrance and directs food toward the "
        "esophagus. Thin liquids and straws move fluid too fast to control, and reclining increases the "
        "risk of aspiration.",
        "basic_care_comfort",
        exam="PN",
        difficulty=-0.9,
    ),
    _item(
        "multiple_choice",
        "An older adult reports difficulty falling asleep. Which recommendation should the nurse make?",
        {
            "options": _options(
                "Go to bed and get up at the same times every day.",
                "Take a nap in the late afternoon to make up for lost sleep.",
                "Drink a glass of wine at bedtime to relax.",
                "Exercise vigorously just before going to bed.",
            )
        },
        {"correct": ["A"]},
        "A regular sleep-wake schedule strengthens the circadian rhythm and is a core sleep hygiene measure. "
        "Late naps reduce sleep drive, alcohol fragments sleep later in the night, and vigorous exercise "
        "close to bedtime is stimulating.",
        "basic_care_comfort",
        difficulty=-1.1,
    ),
    _item(
        "multiple_choice",
        "A nurse notices that a colleague smells of alcohol and has slurred speech at the start of a shift. "
        "What should the nurse do first?",
        {
            "options": _options(
                "Report the observations to the charge nurse or supervisor right away.",
                "Suggest that the colleague drink coffee before starting care.",
                "Wait to see whether the colleague makes a medication error.",
                "Report the colleague to the board of nursing before the end of the shift.",
            )
        },
        {"correct": ["A"]},
        "Client safety requires that the impaired nurse be removed from care at once, which is done by "
        "reporting to the immediate supervisor, who follows the facility's policy. Covering for the colleague "
        "or waiting for an error puts clients at risk, and the board is notified through the proper channel "
        "after the immediate danger is handled.",
        "management_of_care",
        difficulty=-0.7,
    ),
    _item(
        "multiple_choice",
        "A client who started lisinopril 3 days ago calls the clinic. Which report requires immediate action?",
        {
            "options": _options(
                "A dry, tickling cough",
                "Swelling of the lips and tongue",
                "Light-headedness when standing up quickly",
                "A headache that responds to acetaminophen",
            )
        },
        {"correct": ["B"]},
        "Lip and tongue swelling is angioedema, a rare but life-threatening effect of ACE inhibitors that can "
        "obstruct the airway. A dry cough is common and is reported at the next visit; orthostatic "
        "light-headedness is managed by rising slowly.",
        "pharmacological_therapies",
        cjmm_step="recognize_cues",
        difficulty=-0.4,
    ),
    _item(
        "multiple_choice",
        "A client is receiving IV vancomycin. Which laboratory value should the nurse monitor to detect "
        "nephrotoxicity?",
        {"options": _options("Serum creatinine", "Serum amylase", "Alanine aminotransferase (ALT)", "Platelet count")},
        {"correct": ["A"]},
        "Vancomycin can injure the kidneys, so serum creatinine (with BUN, urine output and trough levels) is "
        "monitored. Amylase reflects the pancreas, ALT the liver, and platelets are not a measure of kidney "
        "function.",
        "reduction_of_risk",
        difficulty=-0.6,
    ),
    _item(
        "multiple_choice",
        "A client arrives at the emergency department with right-sided weakness and slurred speech that "
        "started 45 minutes ago. Which action is the priority?",
        {
            "options": _options(
                "Give aspirin 325 mg orally.",
                "Prepare the client for a non-contrast CT scan of the head.",
                "Offer sips of water to assess swallowing.",
                "Start a heparin infusion.",
            )
        },
        {"correct": ["B"]},
        "A non-contrast head CT distinguishes ischemic from hemorrhagic stroke and determines whether "
        "thrombolysis can be given within its time window. Aspirin and heparin are withheld until bleeding is "
        "ruled out, and nothing is given by mouth before a formal swallow screen.",
        "physiological_adaptation",
        exam="RN",
        cjmm_step="take_action",
        difficulty=0.2,
    ),
    # -------------------------------------------------------------------- multiple response (SATA)
    _item(
        "multiple_response",
        "A client is having a generalized tonic-clonic seizure. Which actions should the nurse take? "
        "Select all that apply.",
        {
            "options": _options(
                "Turn the client onto one side.",
                "Loosen clothing around the neck.",
                "Note the time the seizure began and its duration.",
                "Insert a padded tongue blade between the teeth.",
                "Hold the client's arms to restrain the movements.",
            )
        },
        {"correct": ["A", "B", "C"]},
        "Side-lying keeps the airway open and lets secretions drain, loosening clothing eases breathing, and "
        "timing the seizure guides treatment. Nothing is placed in the mouth, and restraining the client can "
        "cause injury.",
        "safety_infection_control",
        cjmm_step="take_action",
        difficulty=-1.0,
    ),
    _item(
        "multiple_response",
        "The nurse reinforces teaching for a client starting lithium carbonate. Which instructions should "
        "the nurse include? Select all that apply.",
        {
            "options": _options(
                "Drink 2 to 3 L of fluid a day.",
                "Keep the amount of salt in your diet consistent.",
                "Report vomiting, diarrhea or a coarse hand tremor.",
                "Take ibuprofen for headaches.",
                "Follow a low-sodium diet.",
            )
        },
        {"correct": ["A", "B", "C"]},
        "Lithium is excreted with sodium and water, so stable fluid and salt intake keeps the level steady; "
        "vomiting, diarrhea and a coarse tremor are early signs of toxicity. NSAIDs such as ibuprofen and a "
        "low-sodium diet raise lithium levels.",
        "pharmacological_therapies",
        difficulty=0.0,
    ),
    _item(
        "multiple_response",
        "Which factors increase a client's risk for osteoporosis? Select all that apply.",
        {
            "options": _options(
                "Cigarette smoking",
                "Long-term corticosteroid therapy",
                "Sedentary lifestyle",
                "Daily weight-bearing exercise",
                "Early menopause",
                "High dietary calcium intake",
            )
        },
        {"correct": ["A", "B", "C", "E"]},
        "Smoking, long-term corticosteroids, inactivity and early loss of estrogen all reduce bone density. "
        "Weight-bearing exercise and adequate calcium intake protect against osteoporosis.",
        "health_promotion",
        difficulty=-0.5,
    ),
    _item(
        "multiple_response",
        "The charge nurse is making assignments. Which tasks may be assigned to a practical nurse (PN)? "
        "Select all that apply.",
        {
            "options": _options(
                "Administering scheduled oral medications to a stable client",
                "Reinforcing discharge teaching that the registered nurse began",
                "Changing a sterile dressing on a stable surgical wound",
                "Performing the admission assessment of a new client",
                "Developing a client's plan of care",
                "Evaluating a client's readiness for discharge",
            )
        },
        {"correct": ["A", "B", "C"]},
        "PNs care for stable clients with predictable outcomes, including oral medications, established "
        "sterile procedures and reinforcing teaching. The initial assessment, care planning and evaluation "
        "remain the registered nurse's responsibility.",
        "management_of_care",
        exam="RN",
        difficulty=0.3,
    ),
    _item(
        "multiple_response",
        "A client with diabetes takes insulin. Which findings should the nurse recognize as signs of "
        "hypoglycemia? Select all that apply.",
        {
            "options": _options(
                "Tremors",
                "Diaphoresis",
                "Tachycardia",
                "Polyuria",
                "Kussmaul respirations",
                "Confusion",
            )
        },
        {"correct": ["A", "B", "C", "F"]},
        "Low glucose triggers adrenergic signs (tremor, sweating, tachycardia) and neuroglycopenic signs such "
        "as confusion. Polyuria and Kussmaul respirations are signs of hyperglycemia and ketoacidosis.",
        "physiological_adaptation",
        cjmm_step="recognize_cues",
        difficulty=-0.9,
    ),
    _item(
        "multiple_response",
        "Which nonpharmacological measures can the nurse use to help relieve a client's pain? Select all that apply.",
        {
            "options": _options(
                "Guided imagery",
                "Applying heat or cold as prescribed",
                "Distraction with music",
                "Repositioning with pillows for support",
                "Withholding PRN analgesics to prevent addiction",
            )
        },
        {"correct": ["A", "B", "C", "D"]},
        "Imagery, thermal therapy, distraction and positioning all reduce pain perception and complement "
        "medication. Withholding prescribed analgesics out of fear of addiction leaves pain undertreated.",
        "basic_care_comfort",
        exam="PN",
        difficulty=-1.2,
    ),
    _item(
        "multiple_response",
        "Ten minutes into a vancomycin infusion, a client's face and neck become red. Which other findings "
        "would the nurse expect with this infusion reaction? Select all that apply.",
        {
            "options": _options(
                "Pruritus",
                "Hypotension",
                "Flushing of the upper trunk",
                "Hypertension",
                "Hypoglycemia",
            )
        },
        {"correct": ["A", "B", "C"]},
        "Infusing vancomycin too fast releases histamine (vancomycin flushing syndrome), causing flushing of "
        "the face, neck and upper trunk, itching and hypotension; the infusion is slowed to at least 60 "
        "minutes. Hypertension and hypoglycemia are not part of the reaction.",
        "pharmacological_therapies",
        exam="RN",
        cjmm_step="analyze_cues",
        difficulty=0.4,
    ),
    _item(
        "multiple_response",
        "Which statements by the nurse are therapeutic communication techniques? Select all that apply.",
        {
            "options": _options(
                '"Tell me more about how you have been feeling."',
                '"You sound angry about the change in your treatment."',
                "Sitting quietly with the client for a few minutes",
                '"If I were you, I would move in with your daughter."',
                '"Don\'t worry, everything will be fine."',
                '"Why did you stop taking your medication?"',
            )
        },
        {"correct": ["A", "B", "C"]},
        "Open-ended questions, reflecting feelings and therapeutic silence encourage the client to express "
        "themself. Giving advice, false reassurance and 'why' questions block communication.",
        "psychosocial_integrity",
        difficulty=-1.0,
    ),
    _item(
        "multiple_response",
        "Which findings indicate increasing intracranial pressure in a client with a head injury? "
        "Select all that apply.",
        {
            "options": _options(
                "Decreasing level of consciousness",
                "Widening pulse pressure",
                "Bradycardia",
                "Irregular respirations",
                "Narrowing pulse pressure",
                "Tachycardia",
            )
        },
        {"correct": ["A", "B", "C", "D"]},
        "A falling level of consciousness is the earliest sign; Cushing's triad (systolic hypertension with a "
        "widening pulse pressure, bradycardia and irregular respirations) is a late sign. A narrowing pulse "
        "pressure with tachycardia points to shock rather than rising intracranial pressure.",
        "physiological_adaptation",
        exam="RN",
        cjmm_step="recognize_cues",
        difficulty=0.3,
    ),
    _item(
        "multiple_response",
        "The nurse applies wrist restraints as prescribed for a client who keeps pulling at an endotracheal "
        "tube. Which actions are correct? Select all that apply.",
        {
            "options": _options(
                "Secure the restraints to the bed frame rather than the side rails.",
                "Use a quick-release knot.",
                "Leave room for two fingers between the restraint and the wrist.",
                "Ask the provider for a PRN restraint order.",
                "Remove the restraints every 8 hours to check the skin.",
            )
        },
        {"correct": ["A", "B", "C"]},
        "Restraints are tied to the frame with a quick-release knot and loose enough for two fingers, so they "
        "move with the bed and can be removed quickly. PRN restraint orders are not permitted, and circulation "
        "and skin are checked far more often (at least every 2 hours, more often per policy).",
        "safety_infection_control",
        difficulty=-0.2,
    ),
    _item(
        "multiple_response",
        "Which findings are expected in a healthy term newborn 1 hour after birth? Select all that apply.",
        {
            "options": _options(
                "Bluish hands and feet",
                "Heart rate of 145/min",
                "Respiratory rate of 48/min",
                "Central cyanosis of the lips",
                "Sunken anterior fontanel",
                "Tiny white papules on the nose",
            )
        },
        {"correct": ["A", "B", "C", "F"]},
        "Acrocyanosis, a heart rate of 110-160/min, a respiratory rate of 30-60/min and milia are normal. "
        "Central cyanosis suggests hypoxemia, and a sunken fontanel suggests dehydration.",
        "health_promotion",
        difficulty=-0.7,
    ),
    _item(
        "multiple_response",
        "Which findings should the nurse report to the surgeon before a client's elective surgery? "
        "Select all that apply.",
        {
            "options": _options(
                "Serum potassium of 3.1 mEq/L",
                "The client takes ginkgo biloba every day.",
                "The client ate toast 2 hours ago.",
                "Hemoglobin of 14 g/dL",
                "The client is nervous about anesthesia.",
            )
        },
        {"correct": ["A", "B", "C"]},
        "Hypokalemia increases the risk of dysrhythmias under anesthesia, ginkgo increases bleeding, and "
        "recent food raises the risk of aspiration; each may change the plan. A hemoglobin of 14 g/dL is "
        "normal, and anxiety is addressed by the nurse with teaching and support.",
        "reduction_of_risk",
        cjmm_step="recognize_cues",
        difficulty=0.0,
    ),
    _item(
        "multiple_response",
        "A client receiving IV morphine after surgery is difficult to arouse. Which findings support opioid "
        "overdose? Select all that apply.",
        {
            "options": _options(
                "Pinpoint pupils",
                "Respiratory rate of 8/min",
                "Dilated pupils",
                "Blood pressure of 168/98 mm Hg",
                "Oxygen saturation of 86%",
            )
        },
        {"correct": ["A", "B", "E"]},
        "Opioid toxicity causes miosis, respiratory depression with hypoxemia, and sedation. Dilated pupils "
        "and hypertension are not expected; opioids tend to lower blood pressure.",
        "pharmacological_therapies",
        exam="PN",
        cjmm_step="recognize_cues",
        difficulty=-0.6,
    ),
    # ------------------------------------------------------------------------------- select N
    _item(
        "select_n",
        "After report, which 2 clients should the nurse assess first? Select 2.",
        {
            "options": _options(
                "A client with new chest pain and diaphoresis",
                "A client with asthma who has audible wheezing and chest tightness",
                "A client 2 days after surgery with incisional pain of 4",
                "A client waiting for discharge teaching",
                "A client with diabetes whose pre-lunch glucose is 180 mg/dL",
            ),
            "n": 2,
        },
        {"correct": ["A", "B"]},
        "New chest pain with diaphoresis may be a myocardial infarction, and wheezing with chest tightness is "
        "an airway problem; both are acute and unstable. Mild pain, discharge teaching and moderate "
        "hyperglycemia can safely wait.",
        "management_of_care",
        exam="RN",
        cjmm_step="prioritize_hypotheses",
        difficulty=-0.4,
    ),
    _item(
        "select_n",
        "Which 3 actions should the nurse include in the plan to prevent falls for an older client with "
        "dementia? Select 3.",
        {
            "options": _options(
                "Keep the bed in the lowest position with the wheels locked.",
                "Place the call light and frequently used items within reach.",
                "Take the client to the bathroom every 2 hours while awake.",
                "Raise all four side rails at night.",
                "Turn off all lights at night.",
                "Apply a vest restraint when the client is in bed.",
            ),
            "n": 3,
        },
        {"correct": ["A", "B", "C"]},
        "A low, locked bed, items within reach and scheduled toileting address the commonest causes of falls. "
        "Four raised rails and restraints increase injury and entrapment, and a dark room increases "
        "disorientation; a night light is used instead.",
        "safety_infection_control",
        cjmm_step="generate_solutions",
        difficulty=-0.8,
    ),
    _item(
        "select_n",
        "A client with heart failure develops acute pulmonary edema. Which 3 actions should the nurse take? Select 3.",
        {
            "options": _options(
                "Place the client in high Fowler's position.",
                "Apply oxygen as prescribed.",
                "Give furosemide IV as prescribed.",
                "Infuse a 1,000 mL bolus of 0.9% sodium chloride.",
                "Place the client in the Trendelenburg position.",
            ),
            "n": 3,
        },
        {"correct": ["A", "B", "C"]},
        "Upright positioning reduces venous return and eases breathing, oxygen treats hypoxemia, and a loop "
        "diuretic removes excess fluid. A fluid bolus worsens pulmonary congestion, and head-down positioning "
        "increases venous return and dyspnea.",
        "physiological_adaptation",
        exam="RN",
        cjmm_step="take_action",
        difficulty=-0.3,
    ),
    _item(
        "select_n",
        "A client started clozapine 3 weeks ago. Which 2 findings should the nurse report to the provider "
        "immediately? Select 2.",
        {
            "options": _options(
                "Fever and sore throat",
                "Chest pain and palpitations",
                "A weight gain of 1 kg",
                "Increased salivation at night",
                "Mild drowsiness after the evening dose",
            ),
            "n": 2,
        },
        {"correct": ["A", "B"]},
        "Fever and sore throat may signal clozapine-induced agranulocytosis, and chest pain with palpitations "
        "may signal myocarditis, which is most likely in the first weeks. Weight gain, hypersalivation and "
        "sedation are common adverse effects that are monitored but not emergencies.",
        "pharmacological_therapies",
        exam="RN",
        cjmm_step="recognize_cues",
        difficulty=0.7,
    ),
    _item(
        "select_n",
        "Which 2 screenings are recommended for a 52-year-old woman at average risk who has no symptoms? Select 2.",
        {
            "options": _options(
                "Colorectal cancer screening",
                "Screening mammography",
                "Prostate-specific antigen test",
                "Bone density scan",
                "Abdominal aortic aneurysm ultrasound",
            ),
            "n": 2,
        },
        {"correct": ["A", "B"]},
        "Average-risk adults are screened for colorectal cancer from age 45, and women have mammography every "
        "2 years from age 40. Bone density screening begins at 65 for women without risk factors, PSA testing "
        "applies to men, and aneurysm screening is for men 65-75 who have smoked.",
        "health_promotion",
        exam="PN",
        difficulty=0.1,
    ),
    # ------------------------------------------------------------------- matrix multiple choice
    _item(
        "matrix_multiple_choice",
        "A client with heart failure with reduced ejection fraction has these medications on the admission "
        "list. For each medication, specify whether it is indicated or contraindicated for this client.",
        {
            "columns": _choices(indicated="Indicated", contraindicated="Contraindicated"),
            "rows": _choices(
                metoprolol="Metoprolol succinate",
                ibuprofen="Ibuprofen",
                lisinopril="Lisinopril",
                pioglitazone="Pioglitazone",
                spironolactone="Spironolactone",
            ),
        },
        {
            "rows": {
                "metoprolol": "indicated",
                "ibuprofen": "contraindicated",
                "lisinopril": "indicated",
                "pioglitazone": "contraindicated",
                "spironolactone": "indicated",
            }
        },
        "Beta blockers, ACE inhibitors and aldosterone antagonists reduce mortality in heart failure with "
        "reduced ejection fraction. NSAIDs and thiazolidinediones cause sodium and fluid retention and can "
        "precipitate decompensation.",
        "pharmacological_therapies",
        exam="RN",
        cjmm_step="generate_solutions",
        difficulty=0.6,
    ),
    _item(
        "matrix_multiple_choice",
        "For each developmental milestone, specify the age by which most infants achieve it.",
        {
            "columns": _choices(m2="2 months", m6="6 months", m12="12 months"),
            "rows": _choices(
                smile="Smiles in response to a parent",
                head="Holds the head up while on the tummy",
                roll="Rolls from tummy to back",
                pincer="Picks up small food with the thumb and index finger",
                stand="Pulls up to stand",
                words='Calls a parent "mama" or "dada"',
            ),
        },
        {
            "rows": {
                "smile": "m2",
                "head": "m2",
                "roll": "m6",
                "pincer": "m12",
                "stand": "m12",
                "words": "m12",
            }
        },
        "A social smile and head control on the tummy appear by 2 months, rolling from tummy to back by 6 "
        "months, and the pincer grasp, pulling to stand and naming a parent by 12 months. Knowing the sequence "
        "lets the nurse spot delays early.",
        "health_promotion",
        difficulty=0.4,
    ),
    _item(
        "matrix_multiple_choice",
        "The nurse assesses a client 12 hours after a vaginal birth. For each finding, specify whether it is "
        "expected or should be reported to the provider.",
        {
            "columns": _choices(**EXPECTED_REPORT),
            "rows": _choices(
                fundus="Firm fundus at the level of the umbilicus",
                lochia="Moderate lochia rubra",
                pad="Saturating a perineal pad in 15 minutes",
                temp="Temperature 38.4 °C (101.1 °F)",
                cramps="Cramping while breastfeeding",
            ),
        },
        {
            "rows": {
                "fundus": "expected",
                "lochia": "expected",
                "pad": "report",
                "temp": "report",
                "cramps": "expected",
            }
        },
        "A firm fundus near the umbilicus, moderate lochia rubra and afterpains during breastfeeding (oxytocin "
        "release) are expected. Saturating a pad in 15 minutes signals postpartum hemorrhage, and a "
        "temperature of 38.4 °C suggests infection rather than the mild elevation of dehydration.",
        "health_promotion",
        cjmm_step="analyze_cues",
        difficulty=-0.2,
    ),
    _item(
        "matrix_multiple_choice",
        "For each adult laboratory result, specify whether it is within the normal range or abnormal.",
        {
            "columns": _choices(normal="Normal", abnormal="Abnormal"),
            "rows": _choices(
                sodium="Sodium 128 mEq/L",
                hemoglobin="Hemoglobin 13.2 g/dL (female)",
                platelets="Platelets 90,000/mm3",
                wbc="White blood cells 7,500/mm3",
                creatinine="Creatinine 0.9 mg/dL",
                magnesium="Magnesium 1.0 mEq/L",
            ),
        },
        {
            "rows": {
                "sodium": "abnormal",
                "hemoglobin": "normal",
                "platelets": "abnormal",
                "wbc": "normal",
                "creatinine": "normal",
                "magnesium": "abnormal",
            }
        },
        "Usual adult ranges: sodium 135-145 mEq/L, hemoglobin 12-16 g/dL for women, platelets "
        "150,000-400,000/mm3, white cells 5,000-10,000/mm3, creatinine 0.6-1.2 mg/dL and magnesium 1.3-2.1 "
        "mEq/L. The sodium, platelets and magnesium fall below range.",
        "reduction_of_risk",
        exam="PN",
        cjmm_step="analyze_cues",
        difficulty=-0.1,
    ),
    _item(
        "matrix_multiple_choice",
        "For each condition, specify the transmission-based precautions the nurse should use in addition to "
        "standard precautions.",
        {
            "columns": _choices(airborne="Airborne", droplet="Droplet", contact="Contact"),
            "rows": _choices(
                tb="Pulmonary tuberculosis",
                flu="Influenza",
                mrsa="MRSA wound infection",
                cdiff="Clostridioides difficile diarrhea",
                measles="Measles (rubeola)",
                meningitis="Meningococcal meningitis",
            ),
        },
        {
            "rows": {
                "tb": "airborne",
                "flu": "droplet",
                "mrsa": "contact",
                "cdiff": "contact",
                "measles": "airborne",
                "meningitis": "droplet",
            }
        },
        "Tuberculosis and measles spread on droplet nuclei and need airborne precautions; influenza and "
        "Neisseria meningitidis spread by large droplets. MRSA and C. difficile spread by direct contact with "
        "the client or contaminated surfaces.",
        "safety_infection_control",
        exam="PN",
        difficulty=-0.5,
    ),
    # ----------------------------------------------------------------- matrix multiple response
    _item(
        "matrix_multiple_response",
        "For each finding, specify whether it is associated with left-sided heart failure, right-sided heart "
        "failure, or both. Each finding may match more than one column.",
        {
            "columns": _choices(left="Left-sided heart failure", right="Right-sided heart failure"),
            "rows": _choices(
                crackles="Crackles in the lungs",
                orthopnea="Orthopnea",
                jvd="Jugular venous distention",
                hepatomegaly="Hepatomegaly",
                edema="Dependent edema",
                fatigue="Fatigue",
            ),
        },
        {
            "rows": {
                "crackles": ["left"],
                "orthopnea": ["left"],
                "jvd": ["right"],
                "hepatomegaly": ["right"],
                "edema": ["right"],
                "fatigue": ["left", "right"],
            }
        },
        "Left ventricular failure backs fluid into the lungs (crackles, orthopnea); right ventricular failure "
        "backs fluid into the systemic veins (jugular distention, hepatomegaly, dependent edema). Fatigue from "
        "low cardiac output occurs with either.",
        "physiological_adaptation",
        cjmm_step="analyze_cues",
        difficulty=0.1,
    ),
    _item(
        "matrix_multiple_response",
        "For each statement, specify the anticoagulant(s) it applies to. Each statement may apply to more "
        "than one medication.",
        {
            "columns": _choices(warfarin="Warfarin", heparin="Unfractionated heparin", enoxaparin="Enoxaparin"),
            "rows": _choices(
                inr="Dose is adjusted to the INR",
                aptt="Dose is adjusted to the aPTT",
                protamine="Protamine sulfate reverses its effect",
                vitk="Vitamin K reverses its effect",
                hit="Platelet counts are monitored for heparin-induced thrombocytopenia",
            ),
        },
        {
            "rows": {
                "inr": ["warfarin"],
                "aptt": ["heparin"],
                "protamine": ["heparin", "enoxaparin"],
                "vitk": ["warfarin"],
                "hit": ["heparin", "enoxaparin"],
            }
        },
        "Warfarin is monitored by the INR and reversed with vitamin K; an unfractionated heparin infusion is "
        "titrated to the aPTT. Protamine fully reverses heparin and partly reverses enoxaparin, and both "
        "heparins can cause heparin-induced thrombocytopenia.",
        "pharmacological_therapies",
        exam="RN",
        difficulty=0.8,
    ),
    _item(
        "matrix_multiple_response",
        "For each woman at average risk with normal results on earlier screening, specify the screenings "
        "that are recommended now. A row may have more than one screening, or none.",
        {
            "columns": _choices(
                mammo="Mammography", colorectal="Colorectal cancer screening", cervical="Cervical cancer screening"
            ),
            "rows": _choices(
                age25="A woman aged 25",
                age48="A woman aged 48",
                age70="A woman aged 70",
            ),
        },
        {
            "rows": {
                "age25": ["cervical"],
                "age48": ["mammo", "colorectal", "cervical"],
                "age70": ["mammo", "colorectal"],
            }
        },
        "Cervical screening runs from 21 to 65, mammography every 2 years from 40 to 74, and colorectal "
        "screening from 45 to 75. At 70, cervical screening stops after adequate normal results.",
        "health_promotion",
        difficulty=0.9,
    ),
    _item(
        "matrix_multiple_response",
        "For each finding, specify whether it is typical of anorexia nervosa, bulimia nervosa, or both.",
        {
            "columns": _choices(anorexia="Anorexia nervosa", bulimia="Bulimia nervosa"),
            "rows": _choices(
                lanugo="Fine, downy body hair (lanugo)",
                bmi="Body mass index of 15.5",
                parotid="Enlarged parotid glands",
                weight="Body weight within the normal range",
                shape="Self-worth driven by body shape and weight",
            ),
        },
        {
            "rows": {
                "lanugo": ["anorexia"],
                "bmi": ["anorexia"],
                "parotid": ["bulimia"],
                "weight": ["bulimia"],
                "shape": ["anorexia", "bulimia"],
            }
        },
        "Starvation in anorexia nervosa causes a very low BMI and lanugo; repeated vomiting in bulimia "
        "enlarges the parotid glands, and weight is often normal. An overvaluation of shape and weight is "
        "central to both disorders.",
        "psychosocial_integrity",
        cjmm_step="analyze_cues",
        difficulty=0.5,
    ),
    # -------------------------------------------------------------------------- drop-down cloze
    _item(
        "drop_down_cloze",
        "A client with a potassium of 3.0 mEq/L has a prescription for IV potassium chloride. Complete the "
        "sentence by choosing from the lists of options.",
        {
            "text": "Before starting the infusion the nurse verifies {{1}}, and through a peripheral IV the rate "
            "does not exceed {{2}}.",
            "blanks": [
                {
                    "id": "1",
                    "options": _options(
                        "a urine output of at least 30 mL/h", "a normal blood glucose", "a negative blood culture"
                    ),
                },
                {"id": "2", "options": _options("10 mEq/h", "40 mEq/h", "100 mEq/h")},
            ],
        },
        {"blanks": {"1": "A", "2": "A"}},
        "Potassium is excreted by the kidneys, so adequate urine output is confirmed first to avoid "
        "hyperkalemia. Peripheral infusions are usually limited to 10 mEq/h because faster rates cause "
        "dysrhythmias and vein irritation; potassium is never given IV push.",
        "pharmacological_therapies",
        difficulty=0.0,
    ),
    _item(
        "drop_down_cloze",
        "The nurse is teaching a client newly diagnosed with type 2 diabetes. Complete the sentence by "
        "choosing from the lists of options.",
        {
            "text": "For most adults the goal is a hemoglobin A1C below {{1}}, and when the goal is being met "
            "the test is repeated about every {{2}}.",
            "blanks": [
                {"id": "1", "options": _options("7%", "9%", "5%")},
                {"id": "2", "options": _options("6 months", "week", "5 years")},
            ],
        },
        {"blanks": {"1": "A", "2": "A"}},
        "An A1C below 7% lowers the risk of microvascular complications for most adults, and the A1C reflects "
        "about 3 months of glucose control, so it is checked at least twice a year when goals are met. A "
        "weekly test cannot change, and 5 years is far too long.",
        "health_promotion",
        exam="PN",
        difficulty=-0.4,
    ),
    _item(
        "drop_down_cloze",
        "A client's arterial blood gases are pH 7.30, PaCO2 56 mm Hg and HCO3- 25 mEq/L. Complete the "
        "sentence by choosing from the lists of options.",
        {
            "text": "These results indicate {{1}}, which is most likely caused by {{2}}.",
            "blanks": [
                {
                    "id": "1",
                    "options": _options(
                        "uncompensated respiratory acidosis",
                        "uncompensated metabolic acidosis",
                        "respiratory alkalosis",
                    ),
                },
                {
                    "id": "2",
                    "options": _options(
                        "hypoventilation after an opioid overdose",
                        "prolonged vomiting",
                        "hyperventilation from anxiety",
                    ),
                },
            ],
        },
        {"blanks": {"1": "A", "2": "A"}},
        "A low pH with a high PaCO2 and a normal bicarbonate is uncompensated respiratory acidosis, caused by "
        "retained carbon dioxide as in opioid-induced hypoventilation. Vomiting causes metabolic alkalosis, "
        "and hyperventilation causes respiratory alkalosis.",
        "physiological_adaptation",
        exam="RN",
        cjmm_step="analyze_cues",
        difficulty=0.2,
    ),
    _item(
        "drop_down_cloze",
        "The nurse cares for a client with an indwelling urinary catheter. Complete the sentence by choosing "
        "from the lists of options.",
        {
            "text": "To prevent a catheter-associated urinary tract infection, the nurse keeps the drainage bag "
            "{{1}} and cleans the perineal area {{2}}.",
            "blanks": [
                {
                    "id": "1",
                    "options": _options(
                        "below the level of the bladder",
                        "on the bed beside the client",
                        "above the level of the bladder",
                    ),
                },
                {
                    "id": "2",
                    "options": _options(
                        "with soap and water during daily hygiene",
                        "with povidone-iodine every 2 hours",
                        "only when the catheter is changed",
                    ),
                },
            ],
        },
        {"blanks": {"1": "A", "2": "A"}},
        "Keeping the bag below the bladder prevents backflow of urine, and routine cleaning with soap and "
        "water is recommended. Antiseptic cleaning adds no benefit and irritates tissue, and cleaning only at "
        "catheter changes allows bacteria to build up.",
        "basic_care_comfort",
        exam="PN",
        difficulty=-1.1,
    ),
    _item(
        "drop_down_cloze",
        "A client with terminal cancer says, \"If I can just live until my grandson's wedding in June, I'll "
        'be ready." Complete the sentence by choosing from the lists of options.',
        {
            "text": "The client is in the {{1}} stage of grief, and the nurse should {{2}}.",
            "blanks": [
                {"id": "1", "options": _options("bargaining", "denial", "anger")},
                {
                    "id": "2",
                    "options": _options(
                        "listen and acknowledge the client's feelings",
                        "explain that the prognosis cannot change",
                        "change the subject to something more positive",
                    ),
                },
            ],
        },
        {"blanks": {"1": "A", "2": "A"}},
        "Trying to make a deal for more time is bargaining. The nurse supports the client by listening and "
        "acknowledging feelings rather than arguing or changing the subject.",
        "psychosocial_integrity",
        difficulty=-0.6,
    ),
    # -------------------------------------------------------------------------- drop-down table
    _item(
        "drop_down_table",
        "The nurse reviews the client's 0900 medications. For each medication, choose the nurse's action.",
        {
            "headers": ["Medication and assessment", "Nursing action"],
            "rows": [
                {"id": "levo", "text": "Levothyroxine 50 mcg PO; heart rate 78/min", "options": _choices(**GIVE_HOLD)},
                {"id": "atenolol", "text": "Atenolol 50 mg PO; heart rate 48/min", "options": _choices(**GIVE_HOLD)},
                {
                    "id": "lispro",
                    "text": "Insulin lispro 6 units subQ; glucose 64 mg/dL, breakfast tray not yet delivered",
                    "options": _choices(**GIVE_HOLD),
                },
                {
                    "id": "furosemide",
                    "text": "Furosemide 40 mg PO; potassium 4.1 mEq/L, BP 136/82 mm Hg",
                    "options": _choices(**GIVE_HOLD),
                },
            ],
        },
        {"rows": {"levo": "give", "atenolol": "hold", "lispro": "hold", "furosemide": "give"}},
        "A heart rate under 60/min is a reason to hold a beta blocker, and rapid-acting insulin is never given "
        "with a low glucose and no food on hand. Levothyroxine with a normal heart rate and furosemide with a "
        "normal potassium and blood pressure are given as scheduled.",
        "pharmacological_therapies",
        cjmm_step="take_action",
        difficulty=-0.5,
    ),
    _item(
        "drop_down_table",
        "For each adult laboratory result, choose its interpretation.",
        {
            "headers": ["Result", "Interpretation"],
            "rows": [
                {
                    "id": "k",
                    "text": "Potassium 6.1 mEq/L",
                    "options": _choices(low="Low", normal="Normal", high="High"),
                },
                {"id": "na", "text": "Sodium 131 mEq/L", "options": _choices(low="Low", normal="Normal", high="High")},
                {
                    "id": "bun",
                    "text": "Blood urea nitrogen 15 mg/dL",
                    "options": _choices(low="Low", normal="Normal", high="High"),
                },
                {
                    "id": "plt",
                    "text": "Platelets 95,000/mm3",
                    "options": _choices(low="Low", normal="Normal", high="High"),
                },
                {
                    "id": "glu",
                    "text": "Fasting glucose 88 mg/dL",
                    "options": _choices(low="Low", normal="Normal", high="High"),
                },
            ],
        },
        {"rows": {"k": "high", "na": "low", "bun": "normal", "plt": "low", "glu": "normal"}},
        "Usual ranges: potassium 3.5-5.0 mEq/L, sodium 135-145 mEq/L, BUN 10-20 mg/dL, platelets "
        "150,000-400,000/mm3 and fasting glucose 70-99 mg/dL. Recognizing an abnormal value is the first step "
        "in acting on it.",
        "reduction_of_risk",
        exam="PN",
        cjmm_step="recognize_cues",
        difficulty=-0.8,
    ),
    _item(
        "drop_down_table",
        "The registered nurse is making assignments on a medical unit. For each client, choose the most "
        "appropriate staff member.",
        {
            "headers": ["Client", "Assign to"],
            "rows": [
                {
                    "id": "chest",
                    "text": "A client admitted 30 minutes ago with chest pain",
                    "options": _choices(rn="Registered nurse", pn="Practical nurse", ap="Assistive personnel"),
                },
                {
                    "id": "stable",
                    "text": "A stable client who needs scheduled oral medications and a dressing change",
                    "options": _choices(rn="Registered nurse", pn="Practical nurse", ap="Assistive personnel"),
                },
                {
                    "id": "ambulate",
                    "text": "A stable client who needs help with bathing and walking in the hall",
                    "options": _choices(rn="Registered nurse", pn="Practical nurse", ap="Assistive personnel"),
                },
                {
                    "id": "blood",
                    "text": "A client whose blood transfusion started 10 minutes ago",
                    "options": _choices(rn="Registered nurse", pn="Practical nurse", ap="Assistive personnel"),
                },
            ],
        },
        {"rows": {"chest": "rn", "stable": "pn", "ambulate": "ap", "blood": "rn"}},
        "New, unstable clients and those at high risk of a reaction, such as early in a transfusion, need the "
        "registered nurse's assessment. Stable clients with predictable care suit the PN, and hygiene and "
        "ambulation of a stable client suit assistive personnel.",
        "management_of_care",
        exam="RN",
        difficulty=0.2,
    ),
    _item(
        "drop_down_table",
        "A client with a fractured femur is in skeletal traction. For each finding, choose the nurse's interpretation.",
        {
            "headers": ["Finding", "Interpretation"],
            "rows": [
                {
                    "id": "pin",
                    "text": "Small amount of clear drainage at the pin sites",
                    "options": _choices(**EXPECTED_REPORT),
                },
                {
                    "id": "fat",
                    "text": "Sudden shortness of breath, confusion and petechiae on the chest",
                    "options": _choices(**EXPECTED_REPORT),
                },
                {
                    "id": "weights",
                    "text": "Weights hanging freely off the end of the bed",
                    "options": _choices(**EXPECTED_REPORT),
                },
                {
                    "id": "compartment",
                    "text": "Pain not relieved by opioids that worsens when the toes are moved passively",
                    "options": _choices(**EXPECTED_REPORT),
                },
            ],
        },
        {"rows": {"pin": "expected", "fat": "report", "weights": "expected", "compartment": "report"}},
        "Scant serous pin drainage and freely hanging weights are expected. Dyspnea, confusion and petechiae "
        "suggest fat embolism syndrome, and pain out of proportion that worsens with passive stretch suggests "
        "compartment syndrome; both are emergencies.",
        "physiological_adaptation",
        exam="PN",
        cjmm_step="analyze_cues",
        difficulty=0.3,
    ),
    # ---------------------------------------------------------------------- drag-and-drop cloze
    _item(
        "drag_drop_cloze",
        "The nurse prepares to care for a client on contact and droplet precautions. Drag words from the "
        "choices below to fill in each blank.",
        {
            "text": "After hand hygiene, the nurse puts on the {{1}} first and the {{2}} last. When removing the "
            "equipment, the {{3}} is taken off last.",
            "blanks": [{"id": "1"}, {"id": "2"}, {"id": "3"}],
            "tokens": _choices(
                gown="gown",
                gloves="gloves",
                mask="mask",
                goggles="goggles or face shield",
                covers="shoe covers",
            ),
        },
        {"blanks": {"1": "gown", "2": "gloves", "3": "mask"}},
        "The CDC donning sequence is gown, mask or respirator, goggles or face shield, then gloves. The mask "
        "is removed last, by its ties, because its front is contaminated; a respirator is removed after "
        "leaving the room.",
        "safety_infection_control",
        exam="PN",
        difficulty=0.1,
    ),
    _item(
        "drag_drop_cloze",
        "Drag words from the choices below to fill in each blank.",
        {
            "text": "Naloxone reverses {{1}}, flumazenil reverses {{2}}, and acetylcysteine is the antidote "
            "for an overdose of {{3}}.",
            "blanks": [{"id": "1"}, {"id": "2"}, {"id": "3"}],
            "tokens": _choices(
                opioids="opioids",
                benzos="benzodiazepines",
                apap="acetaminophen",
                heparin="heparin",
                digoxin="digoxin",
            ),
        },
        {"blanks": {"1": "opioids", "2": "benzos", "3": "apap"}},
        "Naloxone is an opioid antagonist, flumazenil a benzodiazepine antagonist, and acetylcysteine restores "
        "glutathione to protect the liver after acetaminophen overdose. Heparin is reversed by protamine and "
        "digoxin by digoxin immune fab.",
        "pharmacological_therapies",
        difficulty=-0.7,
    ),
    _item(
        "drag_drop_cloze",
        "The nurse plans care for a client on bed rest who is at risk for pressure injuries. Drag words from "
        "the choices below to fill in each blank.",
        {
            "text": "The nurse repositions the client at least every {{1}} and, unless contraindicated, keeps "
            "the head of the bed at or below {{2}}.",
            "blanks": [{"id": "1"}, {"id": "2"}],
            "tokens": _choices(h2="2 hours", h8="8 hours", d30="30 degrees", d60="60 degrees", m15="15 minutes"),
        },
        {"blanks": {"1": "h2", "2": "d30"}},
        "Turning at least every 2 hours relieves pressure before tissue ischemia develops, and keeping the "
        "head of the bed at 30 degrees or less reduces shear on the sacrum. Eight-hour intervals allow injury, "
        "and 60 degrees increases sliding and shear.",
        "basic_care_comfort",
        difficulty=-1.3,
    ),
    _item(
        "drag_drop_cloze",
        "The nurse reinforces breastfeeding teaching with the parents of a 2-day-old newborn. Drag words from "
        "the choices below to fill in each blank.",
        {
            "text": "Feed the newborn {{1}}; by day 5, adequate intake is shown by {{2}}.",
            "blanks": [{"id": "1"}, {"id": "2"}],
            "tokens": _choices(
                often="8 to 12 times in 24 hours",
                q6h="every 6 hours",
                wet6="6 or more wet diapers a day",
                wet1="1 wet diaper a day",
                water="sips of water between feedings",
            ),
        },
        {"blanks": {"1": "often", "2": "wet6"}},
        "Newborns breastfeed 8 to 12 times a day, and from about day 5 six or more wet diapers a day show "
        "adequate intake. Feeding every 6 hours is too infrequent, and water is not given to breastfed "
        "newborns.",
        "health_promotion",
        exam="PN",
        difficulty=-0.9,
    ),
    # -------------------------------------------------------------------------------- bowtie
    _item(
        "bowtie",
        "An 82-year-old client being treated for a urinary tract infection is newly confused. Temperature "
        "39.2 °C (102.6 °F), heart rate 124/min, respiratory rate 26/min, blood pressure 82/44 mm Hg, serum "
        "lactate 4.1 mmol/L. Complete the diagram by dragging from the choices below to specify the condition "
        "the client is most likely experiencing, 2 actions the nurse should take, and 2 parameters the nurse "
        "should monitor.",
        {
            "conditions": _choices(
                septic="Septic shock",
                hemorrhagic="Hemorrhagic shock",
                anaphylaxis="Anaphylaxis",
                cardiogenic="Cardiogenic shock",
            ),
            "actions": _choices(
                cultures="Obtain blood cultures before the first antibiotic dose",
                fluids="Infuse 30 mL/kg of a balanced crystalloid",
                furosemide="Give furosemide IV",
                restrict="Restrict IV fluids",
                fowler="Keep the client in high Fowler's position",
            ),
            "parameters": _choices(
                lactate="Serum lactate",
                map="Mean arterial pressure",
                amylase="Serum amylase",
                a1c="Hemoglobin A1C",
                ammonia="Serum ammonia",
            ),
        },
        {"condition": "septic", "actions": ["cultures", "fluids"], "parameters": ["lactate", "map"]},
        "Infection with hypotension, tachycardia, confusion and a lactate above 4 mmol/L indicates septic "
        "shock. Cultures before antibiotics and a 30 mL/kg crystalloid bolus are first-hour priorities, and "
        "lactate clearance and a mean arterial pressure of at least 65 mm Hg show response. Diuretics and fluid "
        "restriction worsen hypoperfusion.",
        "physiological_adaptation",
        exam="RN",
        difficulty=0.7,
    ),
    _item(
        "bowtie",
        "Two days after a total hip arthroplasty, a client suddenly reports shortness of breath and sharp "
        "chest pain on inspiration. Heart rate 122/min, respiratory rate 28/min, SpO2 86% on room air. "
        "Complete the diagram by dragging from the choices below to specify the condition the client is most "
        "likely experiencing, 2 actions the nurse should take, and 2 parameters the nurse should monitor.",
        {
            "conditions": _choices(
                pe="Pulmonary embolism", pneumothorax="Pneumothorax", mi="Myocardial infarction", pneumonia="Pneumonia"
            ),
            "actions": _choices(
                oxygen="Apply oxygen",
                heparin="Prepare to start a heparin infusion as prescribed",
                massage="Massage the client's calves",
                flat="Place the client flat",
                laxative="Give a PRN laxative",
            ),
            "parameters": _choices(
                spo2="Oxygen saturation",
                aptt="aPTT",
                glucose="Blood glucose",
                sg="Urine specific gravity",
                calcium="Serum calcium",
            ),
        },
        {"condition": "pe", "actions": ["oxygen", "heparin"], "parameters": ["spo2", "aptt"]},
        "Sudden dyspnea, pleuritic chest pain, tachycardia and hypoxemia after orthopedic surgery point to a "
        "pulmonary embolism. Oxygen and anticoagulation are the first actions, monitored by oxygen saturation "
        "and the aPTT. Massaging the calves can dislodge more clot, and lying flat worsens dyspnea.",
        "reduction_of_risk",
        exam="RN",
        difficulty=0.4,
    ),
    _item(
        "bowtie",
        "A client using morphine patient-controlled analgesia after surgery is difficult to arouse, with a "
        "respiratory rate of 6/min, pinpoint pupils and an SpO2 of 84%. Complete the diagram by dragging from "
        "the choices below to specify the condition the client is most likely experiencing, 2 actions the "
        "nurse should take, and 2 parameters the nurse should monitor.",
        {
            "conditions": _choices(
                opioid="Opioid toxicity", stroke="Ischemic stroke", hypoglycemia="Hypoglycemia", sepsis="Sepsis"
            ),
            "actions": _choices(
                naloxone="Stop the PCA and give naloxone IV as prescribed",
                ventilate="Support ventilation with a bag-valve mask and oxygen",
                flumazenil="Give flumazenil IV",
                sleep="Let the client sleep undisturbed",
                basal="Increase the PCA basal rate",
            ),
            "parameters": _choices(
                rr="Respiratory rate and depth",
                sedation="Sedation level",
                sodium="Serum sodium",
                a1c="Hemoglobin A1C",
                temp="Temperature",
            ),
        },
        {"condition": "opioid", "actions": ["naloxone", "ventilate"], "parameters": ["rr", "sedation"]},
        "Sedation, a slow respiratory rate, miosis and hypoxemia in a client on an opioid PCA indicate opioid "
        "toxicity. The opioid is stopped, naloxone is given and ventilation supported; because naloxone wears "
        "off before morphine, respiratory rate and sedation level are monitored closely. Flumazenil reverses "
        "benzodiazepines, not opioids.",
        "pharmacological_therapies",
        exam="RN",
        difficulty=0.0,
    ),
    _item(
        "bowtie",
        "A client admitted 2 days ago for a leg fracture is tremulous, diaphoretic and agitated and says "
        "there are spiders on the ceiling. Heart rate 118/min, blood pressure 168/98 mm Hg. The client drinks "
        "a fifth of vodka daily. Complete the diagram by dragging from the choices below to specify the "
        "condition the client is most likely experiencing, 2 actions the nurse should take, and 2 parameters "
        "the nurse should monitor.",
        {
            "conditions": _choices(
                withdrawal="Alcohol withdrawal",
                opioid="Opioid withdrawal",
                schizophrenia="Exacerbation of schizophrenia",
                hypoglycemia="Hypoglycemia",
            ),
            "actions": _choices(
                lorazepam="Give lorazepam per the withdrawal protocol",
                thiamine="Give thiamine as prescribed",
                stimulate="Keep the room brightly lit with the television on",
                haloperidol="Give haloperidol as the first-line medication",
                walk="Encourage the client to walk in the hallway",
            ),
            "parameters": _choices(
                ciwa="Withdrawal scale (CIWA-Ar) score",
                vitals="Heart rate and blood pressure",
                lipase="Serum lipase",
                peakflow="Peak expiratory flow",
                a1c="Hemoglobin A1C",
            ),
        },
        {"condition": "withdrawal", "actions": ["lorazepam", "thiamine"], "parameters": ["ciwa", "vitals"]},
        "Tremor, diaphoresis, autonomic hyperactivity and visual hallucinations 2 days after the last drink "
        "indicate alcohol withdrawal. Benzodiazepines given by the CIWA-Ar score prevent progression to "
        "seizures and delirium, and thiamine prevents Wernicke encephalopathy. A quiet, dim environment is "
        "used, and haloperidol is not first-line.",
        "psychosocial_integrity",
        exam="RN",
        difficulty=0.5,
    ),
    # ---------------------------------------------------------------------- ordered response
    _item(
        "ordered_response",
        "The nurse prepares to give a unit of packed red blood cells. Place the actions in the order the "
        "nurse should perform them.",
        {
            "options": _options(
                "Begin the infusion slowly and stay with the client for the first 15 minutes.",
                "Verify the prescription and the client's signed consent.",
                "Reassess the vital signs after 15 minutes.",
                "Obtain baseline vital signs.",
                "At the bedside, check the blood unit and the client's identification with another licensed nurse.",
            )
        },
        {"order": ["B", "D", "E", "A", "C"]},
        "The prescription and consent are verified before anything else, and baseline vital signs are taken "
        "before the blood is picked up so that a reaction can be recognized. Two licensed nurses match the unit "
        "to the client at the bedside, the infusion starts slowly with the nurse present during the highest-risk "
        "first 15 minutes, and vital signs are repeated after that.",
        "safety_infection_control",
        exam="RN",
        difficulty=0.6,
    ),
    _item(
        "ordered_response",
        "The nurse suctions a client's tracheostomy. Place the steps in the order the nurse should perform them.",
        {
            "options": _options(
                "Insert the catheter without applying suction.",
                "Hyperoxygenate the client with 100% oxygen.",
                "Let the client rest and reoxygenate before another pass.",
                "Perform hand hygiene and put on sterile gloves.",
                "Apply intermittent suction while withdrawing the catheter, for no more than 10 seconds.",
            )
        },
        {"order": ["D", "B", "A", "E", "C"]},
        "Hand hygiene and sterile gloves protect the lower airway, and hyperoxygenation before suctioning "
        "prevents hypoxemia. Suction is applied only while withdrawing, for 10 seconds or less, and the client "
        "reoxygenates between passes.",
        "physiological_adaptation",
        difficulty=0.2,
    ),
    _item(
        "ordered_response",
        "The nurse receives report on four clients. Place the clients in the order the nurse should see them.",
        {
            "options": _options(
                "A client 2 days after surgery who rates pain 6 on a 0-10 scale",
                "A client 4 hours after a thyroidectomy who has new inspiratory stridor",
                "A client waiting for discharge teaching",
                "An alert client with a blood glucose of 58 mg/dL",
            )
        },
        {"order": ["B", "D", "A", "C"]},
        "Stridor after a thyroidectomy is an airway emergency and comes first; hypoglycemia is next because it "
        "can quickly impair consciousness. Pain is then treated, and discharge teaching can wait until the "
        "others are safe.",
        "management_of_care",
        exam="RN",
        cjmm_step="prioritize_hypotheses",
        difficulty=-0.1,
    ),
    _item(
        "ordered_response",
        "Place the techniques of an abdominal assessment in the order the nurse should perform them.",
        {"options": _options("Palpation", "Inspection", "Percussion", "Auscultation")},
        {"order": ["B", "D", "C", "A"]},
        "The abdomen is inspected first and auscultated before it is touched, because percussion and "
        "palpation can change bowel sounds. Percussion precedes palpation, which is done last, tender areas "
        "at the end.",
        "health_promotion",
        exam="PN",
        difficulty=-1.0,
    ),
    _item(
        "ordered_response",
        "The nurse leaves the room of a client on contact and droplet precautions. Place the steps for "
        "removing personal protective equipment in order.",
        {
            "options": _options(
                "Remove the gown.",
                "Remove the gloves.",
                "Perform hand hygiene.",
                "Remove the goggles or face shield.",
                "Remove the mask.",
            )
        },
        {"order": ["B", "D", "A", "E", "C"]},
        "The most contaminated items come off first: gloves, then goggles or face shield, then the gown, and "
        "the mask last by its ties. Hand hygiene follows immediately after all equipment is removed.",
        "safety_infection_control",
        exam="PN",
        difficulty=-0.3,
    ),
    # ----------------------------------------------------------------------- fill in the blank
    _item(
        "fill_in_blank",
        "Heparin 25,000 units in 250 mL of 5% dextrose is infusing. The prescription is 1,000 units/h. At "
        "what rate should the nurse set the infusion pump? Record your answer as a whole number.",
        {"unit": "mL/h", "decimals": 0},
        {"value": 10, "tolerance": 0, "unit": "mL/h"},
        "The concentration is 25,000 units / 250 mL = 100 units/mL, so 1,000 units/h / 100 units/mL = 10 mL/h. "
        "Heparin is a high-alert medication, and the calculation is double-checked by a second nurse.",
        "pharmacological_therapies",
        exam="RN",
        difficulty=-0.3,
    ),
    _item(
        "fill_in_blank",
        "A client is to receive 1,000 mL of 0.9% sodium chloride over 8 hours by gravity. The drop factor is "
        "15 gtt/mL. How many drops per minute should the nurse set? Record your answer as a whole number.",
        {"unit": "gtt/min", "decimals": 0},
        {"value": 31, "tolerance": 0, "unit": "gtt/min"},
        "Drops per minute = volume x drop factor / time in minutes = 1,000 mL x 15 gtt/mL / 480 min = 31.25, "
        "rounded to 31 gtt/min. Hourly volume (125 mL/h) is a useful check.",
        "pharmacological_therapies",
        difficulty=0.2,
    ),
    _item(
        "fill_in_blank",
        "Amoxicillin 40 mg/kg/day is prescribed in divided doses every 8 hours for a child who weighs 22 lb. "
        "How many milligrams should the nurse give per dose? Record your answer to one decimal place.",
        {"unit": "mg", "decimals": 1},
        {"value": 133.3, "tolerance": 0.05, "unit": "mg"},
        "22 lb / 2.2 = 10 kg; 40 mg/kg/day x 10 kg = 400 mg/day; every 8 hours is 3 doses, so 400 / 3 = "
        "133.3 mg per dose. Converting pounds to kilograms first prevents a dose more than twice too large.",
        "pharmacological_therapies",
        exam="RN",
        difficulty=0.8,
    ),
    _item(
        "fill_in_blank",
        "During the shift, a client drank 240 mL of juice and 180 mL of coffee, ate 120 mL of gelatin, and "
        "received 1,000 mL of IV fluid. What is the client's total intake? Record your answer as a whole "
        "number.",
        {"unit": "mL", "decimals": 0},
        {"value": 1540, "tolerance": 0, "unit": "mL"},
        "Intake includes every oral liquid, foods that are liquid at room temperature such as gelatin, and IV "
        "fluids: 240 + 180 + 120 + 1,000 = 1,540 mL. Accurate intake is compared with output to detect "
        "fluid imbalance.",
        "basic_care_comfort",
        exam="PN",
        difficulty=-1.0,
    ),
    _item(
        "fill_in_blank",
        "A client who weighs 70 kg has partial- and full-thickness burns over 40% of the body. Using the "
        "Parkland formula (4 mL x kg x %TBSA in 24 hours, half in the first 8 hours), how many milliliters of "
        "lactated Ringer's should the client receive in the first 8 hours? Record your answer as a whole "
        "number.",
        {"unit": "mL", "decimals": 0},
        {"value": 5600, "tolerance": 0, "unit": "mL"},
        "4 mL x 70 kg x 40 = 11,200 mL over 24 hours; half, 5,600 mL, is given in the first 8 hours from the "
        "time of the burn. The rate is then adjusted to a urine output of about 0.5 mL/kg/h.",
        "physiological_adaptation",
        exam="RN",
        difficulty=0.6,
    ),
    _item(
        "fill_in_blank",
        "Acetaminophen 650 mg PO is prescribed. The tablets available contain 325 mg. How many tablets should "
        "the nurse give? Record your answer as a whole number.",
        {"unit": "tablets", "decimals": 0},
        {"value": 2, "tolerance": 0, "unit": "tablets"},
        "Desired / have = 650 mg / 325 mg = 2 tablets. Adults should not exceed 4 g of acetaminophen a day "
        "from all sources (3 g or less for many older adults or clients with liver disease).",
        "pharmacological_therapies",
        exam="PN",
        difficulty=-1.8,
    ),
    _item(
        "fill_in_blank",
        "A client who weighs 80 kg should produce at least 0.5 mL/kg/h of urine. What is the minimum "
        "acceptable urine output over an 8-hour shift? Record your answer as a whole number.",
        {"unit": "mL", "decimals": 0},
        {"value": 320, "tolerance": 0, "unit": "mL"},
        "0.5 mL x 80 kg = 40 mL/h, and 40 mL/h x 8 hours = 320 mL. Less than this suggests hypovolemia or "
        "acute kidney injury and is reported.",
        "reduction_of_risk",
        difficulty=-0.4,
    ),
    # ------------------------------------------------------------------------------- hot spot
    _item(
        "hot_spot",
        "Click the location where the nurse should place the stethoscope to count the client's apical pulse.",
        {
            "image_url": CHEST_IMAGE,
            "width": 400,
            "height": 400,
            "alt": "Anterior chest with ribs, sternum and midclavicular lines",
        },
        {"regions": [{"shape": "circle", "cx": 260, "cy": 238, "r": 18}]},
        "The apical pulse is heard at the point of maximal impulse, the 5th intercostal space at the left "
        "midclavicular line. It is counted for 1 full minute, for example before giving digoxin.",
        "health_promotion",
        difficulty=-0.5,
    ),
    _item(
        "hot_spot",
        "Click the location where the nurse should listen to the aortic valve area.",
        {
            "image_url": CHEST_IMAGE,
            "width": 400,
            "height": 400,
            "alt": "Anterior chest with ribs, sternum and midclavicular lines",
        },
        {"regions": [{"shape": "circle", "cx": 180, "cy": 145, "r": 14}]},
        "The aortic area is the 2nd intercostal space at the right sternal border; the client's right is on "
        "the viewer's left. The pulmonic area is the mirror image at the left sternal border.",
        "health_promotion",
        exam="RN",
        difficulty=0.3,
    ),
    _item(
        "hot_spot",
        "A client has suspected appendicitis. Click the location of McBurney's point, where the nurse would "
        "expect localized tenderness.",
        {"image_url": ABDOMEN_IMAGE, "width": 400, "height": 400, "alt": "Abdomen divided into four quadrants"},
        {"regions": [{"shape": "circle", "cx": 130, "cy": 267, "r": 22}]},
        "McBurney's point lies one third of the way from the right anterior superior iliac spine to the "
        "umbilicus, in the right lower quadrant (on the viewer's left). Sudden relief of pain there followed by "
        "severe pain, or rigidity, can signal perforation.",
        "physiological_adaptation",
        difficulty=0.0,
    ),
    _item(
        "hot_spot",
        "A client reports pain after fatty meals that radiates to the right shoulder. Click the quadrant where "
        "the nurse expects the client's tenderness.",
        {"image_url": ABDOMEN_IMAGE, "width": 400, "height": 400, "alt": "Abdomen divided into four quadrants"},
        {"regions": [{"shape": "rect", "x": 70, "y": 40, "width": 130, "height": 160}]},
        "Pain after fatty meals radiating to the right shoulder suggests cholecystitis, with tenderness in the "
        "right upper quadrant (Murphy's sign). The client's right side is on the viewer's left.",
        "physiological_adaptation",
        exam="PN",
        cjmm_step="analyze_cues",
        difficulty=-0.6,
    ),
    # ------------------------------------------------------------------------- highlight text
    _item(
        "highlight_text",
        "A client with cirrhosis is admitted. Highlight the findings in the nurse's note that indicate hepatic "
        "encephalopathy.",
        {
            "segments": _segments(
                "0800: ",
                ("h1", "Client oriented to person only"),
                ". ",
                ("h2", "Flapping tremor of the hands when the wrists are extended"),
                ". ",
                ("h3", "Abdomen distended with shifting dullness"),
                ". ",
                ("h4", "Sclerae yellow"),
                ". ",
                ("h5", "Serum ammonia 110 mcg/dL"),
                ". ",
                ("h6", "BP 118/72 mm Hg"),
                ".",
            )
        },
        {"correct": ["h1", "h2", "h5"]},
        "Disorientation, asterixis and a high ammonia (normal about 15-45 mcg/dL) indicate hepatic "
        "encephalopathy. Shifting dullness reflects ascites and yellow sclerae jaundice; both are signs of "
        "cirrhosis but not of encephalopathy.",
        "physiological_adaptation",
        exam="RN",
        cjmm_step="recognize_cues",
        difficulty=0.1,
    ),
    _item(
        "highlight_text",
        "A client with major depressive disorder talks with the nurse. Highlight the statements that indicate "
        "an increased risk of suicide.",
        {
            "segments": _segments(
                '"',
                ("s1", "I gave my guitar to my brother last week"),
                ". ",
                ("s2", "I ate most of my lunch today"),
                ". ",
                ("s3", "Soon I won't be a burden to anyone"),
                ". ",
                ("s4", "My sister is visiting on Sunday"),
                ". ",
                ("s5", "I've been saving my sleeping pills"),
                '."',
            )
        },
        {"correct": ["s1", "s3", "s5"]},
        "Giving away possessions, statements about being a burden and stockpiling medication are warning signs "
        "of suicide; the last suggests a plan and means. Eating and anticipating a visit are not warning signs.",
        "psychosocial_integrity",
        cjmm_step="recognize_cues",
        difficulty=-0.4,
    ),
    _item(
        "highlight_text",
        "The nurse reinforces teaching with a client who takes warfarin. Highlight the client's statements "
        "that require follow-up.",
        {
            "segments": _segments(
                '"',
                ("w1", "I'm going to eat a big spinach salad every day from now on"),
                ". ",
                ("w2", "I take ibuprofen for my arthritis"),
                ". ",
                ("w3", "I shave with an electric razor"),
                ". ",
                ("w4", "I'll keep all my INR appointments"),
                ". ",
                ("w5", "I started taking ginkgo for my memory"),
                '."',
            )
        },
        {"correct": ["w1", "w2", "w5"]},
        "A sudden increase in vitamin K-rich foods lowers the INR; the intake should stay consistent. NSAIDs "
        "and ginkgo increase bleeding risk. An electric razor and regular INR tests show correct understanding.",
        "pharmacological_therapies",
        exam="PN",
        cjmm_step="evaluate_outcomes",
        difficulty=-0.2,
    ),
    _item(
        "highlight_text",
        "The nurse manager reviews an incident report. Highlight the actions that breached the client's "
        "confidentiality.",
        {
            "segments": _segments(
                "The nurse ",
                ("c1", "discussed the client's diagnosis with a neighbor who called the unit"),
                ", ",
                ("c2", "gave report to the oncoming nurse in a low voice at the nurses' station"),
                ", ",
                ("c3", "left the client's record open on an unattended computer in the hallway"),
                ", ",
                (
                    "c4",
                    "shared test results with the client's daughter, the health care proxy, with the client's consent",
                ),
                ", and ",
                ("c5", "posted a photo of the unit's assignment board on social media"),
                ".",
            )
        },
        {"correct": ["c1", "c3", "c5"]},
        "Disclosing information to a neighbor, leaving a record visible and posting identifiable information "
        "online violate confidentiality. Report between caregivers and sharing with a designated proxy with "
        "the client's consent are permitted.",
        "management_of_care",
        difficulty=-0.8,
    ),
    # ------------------------------------------------------------------------ highlight table
    _item(
        "highlight_table",
        "A 9-month-old infant has had vomiting and diarrhea for 2 days. Highlight the findings that indicate "
        "a fluid volume deficit.",
        {
            "headers": ["Body system", "Findings"],
            "rows": [
                {
                    "label": "Neurological",
                    "segments": _segments(
                        ("n1", "Irritable, difficult to console"), "; ", ("n2", "anterior fontanel sunken")
                    ),
                },
                {
                    "label": "Cardiovascular",
                    "segments": _segments(("c1", "Heart rate 182/min"), "; ", ("c2", "capillary refill 4 seconds")),
                },
                {
                    "label": "Respiratory",
                    "segments": _segments(("r1", "Respiratory rate 38/min"), "; ", ("r2", "lungs clear")),
                },
                {"label": "Renal", "segments": _segments(("u1", "No wet diaper for 8 hours"))},
                {
                    "label": "Skin",
                    "segments": _segments(("s1", "Mucous membranes dry and sticky"), "; ", ("s2", "no rash")),
                },
            ],
        },
        {"correct": ["n1", "n2", "c1", "c2", "u1", "s1"]},
        "Irritability, a sunken fontanel, tachycardia above the infant range of about 100-160/min, delayed "
        "capillary refill, no urine for 8 hours and dry mucous membranes indicate significant dehydration. A "
        "respiratory rate of 38/min and clear lungs are normal for this age.",
        "physiological_adaptation",
        cjmm_step="recognize_cues",
        difficulty=0.0,
    ),
    _item(
        "highlight_table",
        "The nurse completes a preoperative checklist the morning of a client's knee arthroplasty. Highlight "
        "the findings the nurse should report to the surgeon.",
        {
            "headers": ["Checklist item", "Finding"],
            "rows": [
                {
                    "label": "Medications",
                    "segments": _segments(
                        ("m1", "Aspirin 325 mg daily, last dose this morning"), "; ", ("m2", "levothyroxine daily")
                    ),
                },
                {
                    "label": "Laboratory",
                    "segments": _segments(
                        ("l1", "Potassium 4.1 mEq/L"),
                        "; ",
                        ("l2", "platelets 85,000/mm3"),
                        "; ",
                        ("l3", "hemoglobin 13.8 g/dL"),
                    ),
                },
                {
                    "label": "History",
                    "segments": _segments(("h1", "Latex allergy (hives)"), "; ", ("h2", "appendectomy at age 12")),
                },
                {
                    "label": "Preparation",
                    "segments": _segments(
                        ("p1", "Nothing by mouth since midnight"), "; ", ("p2", "consent signed and witnessed")
                    ),
                },
            ],
        },
        {"correct": ["m1", "l2", "h1"]},
        "Recent aspirin and a platelet count well below 150,000/mm3 raise the risk of surgical bleeding, and a "
        "latex allergy requires a latex-free operating room. The other findings are normal or expected.",
        "reduction_of_risk",
        exam="RN",
        cjmm_step="recognize_cues",
        difficulty=0.2,
    ),
    _item(
        "highlight_table",
        "The practical nurse prepares the client's morning medications. Highlight the findings that should be "
        "reported before the medication is given.",
        {
            "headers": ["Medication", "Assessment"],
            "rows": [
                {
                    "label": "Digoxin 0.125 mg PO",
                    "segments": _segments(("d1", "Apical pulse 54/min"), "; ", ("d2", "potassium 4.0 mEq/L")),
                },
                {
                    "label": "Lisinopril 20 mg PO",
                    "segments": _segments(("l1", "BP 86/50 mm Hg"), "; ", ("l2", "no cough")),
                },
                {
                    "label": "Metformin 1,000 mg PO",
                    "segments": _segments(("m1", "eGFR 24 mL/min/1.73 m2"), "; ", ("m2", "fasting glucose 138 mg/dL")),
                },
                {"label": "Levothyroxine 75 mcg PO", "segments": _segments(("t1", "Heart rate 76/min"))},
            ],
        },
        {"correct": ["d1", "l1", "m1"]},
        "An apical pulse below 60/min is a reason to hold digoxin, hypotension a reason to hold lisinopril, and "
        "metformin is contraindicated when the eGFR is below 30. The other values are acceptable.",
        "pharmacological_therapies",
        exam="PN",
        difficulty=-0.3,
    ),
    # --------------------------------------------------------------- multiple response grouping
    _item(
        "multiple_response_grouping",
        "For each medication, select the adverse effects the nurse should teach the client to watch for. "
        "Select at least one option in each group.",
        {
            "groups": [
                {
                    "id": "furosemide",
                    "text": "Furosemide",
                    "options": _choices(f1="Hypokalemia", f2="Ototoxicity", f3="Hyperkalemia"),
                },
                {
                    "id": "spironolactone",
                    "text": "Spironolactone",
                    "options": _choices(s1="Hyperkalemia", s2="Gynecomastia", s3="Hypokalemia"),
                },
                {
                    "id": "lisinopril",
                    "text": "Lisinopril",
                    "options": _choices(l1="Dry cough", l2="Angioedema", l3="Hypoglycemia"),
                },
            ]
        },
        {"correct": ["f1", "f2", "s1", "s2", "l1", "l2"]},
        "Loop diuretics waste potassium and can damage hearing, especially when given IV quickly. "
        "Spironolactone spares potassium and has antiandrogen effects, and ACE inhibitors cause a dry cough "
        "and, rarely, angioedema.",
        "pharmacological_therapies",
        exam="RN",
        difficulty=0.3,
    ),
    _item(
        "multiple_response_grouping",
        "For each age group, select the characteristics the nurse expects. Select at least one option in each group.",
        {
            "groups": [
                {
                    "id": "toddler",
                    "text": "Toddler",
                    "options": _choices(t1="Temper tantrums", t2="Parallel play", t3="Cooperative team play"),
                },
                {
                    "id": "preschool",
                    "text": "Preschooler",
                    "options": _choices(p1="Magical thinking", p2="Abstract reasoning", p3="Associative play"),
                },
                {
                    "id": "adolescent",
                    "text": "Adolescent",
                    "options": _choices(
                        a1="Identity versus role confusion",
                        a2="Industry versus inferiority",
                        a3="Strong peer influence",
                    ),
                },
            ]
        },
        {"correct": ["t1", "t2", "p1", "p3", "a1", "a3"]},
        "Toddlers seek autonomy, with tantrums and parallel play; preschoolers show magical thinking and "
        "associative play; adolescents work on identity with strong peer influence. Cooperative team play is "
        "beyond a toddler, industry versus inferiority is the task of school age, and abstract reasoning "
        "develops in adolescence.",
        "health_promotion",
        difficulty=0.0,
    ),
    _item(
        "multiple_response_grouping",
        "For each client, select the measures the nurse should use. Select at least one option in each group.",
        {
            "groups": [
                {
                    "id": "tb",
                    "text": "Client with pulmonary tuberculosis",
                    "options": _choices(
                        tb1="Fit-tested N95 respirator", tb2="Negative-pressure room", tb3="Surgical mask for the nurse"
                    ),
                },
                {
                    "id": "cdiff",
                    "text": "Client with Clostridioides difficile",
                    "options": _choices(
                        cd1="Gown and gloves", cd2="Hand washing with soap and water", cd3="Alcohol hand rub only"
                    ),
                },
                {
                    "id": "flu",
                    "text": "Client with influenza",
                    "options": _choices(
                        fl1="Surgical mask on entering the room",
                        fl2="Private room or cohorting",
                        fl3="N95 respirator for routine care",
                    ),
                },
            ]
        },
        {"correct": ["tb1", "tb2", "cd1", "cd2", "fl1", "fl2"]},
        "Tuberculosis needs airborne precautions: an N95 respirator and a negative-pressure room. C. difficile "
        "needs contact precautions and soap-and-water hand washing, since alcohol does not kill spores. "
        "Influenza needs droplet precautions with a surgical mask and a private room; an N95 is reserved for "
        "aerosol-generating procedures.",
        "safety_infection_control",
        difficulty=0.4,
    ),
    # -------------------------------------------------------------------- drop-down rationale
    _item(
        "drop_down_rationale",
        "A client has increased intracranial pressure after a head injury. Complete the sentence by choosing "
        "from the lists of options.",
        {
            "text": "The nurse should keep the client {{1}} because this position {{2}}.",
            "blanks": [
                {
                    "id": "1",
                    "role": "effect",
                    "options": _options(
                        "with the head of the bed at 30 degrees and the head midline",
                        "in the Trendelenburg position",
                        "prone",
                    ),
                },
                {
                    "id": "2",
                    "role": "cause",
                    "options": _options(
                        "promotes venous drainage from the brain",
                        "increases cerebral blood volume",
                        "prevents pressure injuries",
                    ),
                },
            ],
        },
        {"blanks": {"1": "A", "2": "A"}},
        "Elevating the head to 30 degrees with the neck midline promotes venous outflow and lowers intracranial "
        "pressure. Head-down positions increase cerebral blood volume and pressure.",
        "physiological_adaptation",
        exam="RN",
        cjmm_step="generate_solutions",
        difficulty=0.1,
    ),
    _item(
        "drop_down_rationale",
        "A client taking lithium for bipolar disorder has had vomiting and diarrhea for 2 days. Complete the "
        "sentence by choosing from the lists of options.",
        {
            "text": "The client is most likely experiencing {{1}}, as evidenced by {{2}} and {{3}}.",
            "blanks": [
                {
                    "id": "1",
                    "role": "cause",
                    "options": _options("lithium toxicity", "serotonin syndrome", "neuroleptic malignant syndrome"),
                },
                {
                    "id": "2",
                    "role": "effect",
                    "options": _options(
                        "a serum lithium level of 2.2 mEq/L",
                        "a serum sodium of 140 mEq/L",
                        "a temperature of 40.5 °C with rigidity",
                    ),
                },
                {
                    "id": "3",
                    "role": "effect",
                    "options": _options(
                        "a coarse hand tremor and confusion", "hypertension and flushing", "lead-pipe muscle rigidity"
                    ),
                },
            ],
        },
        {"blanks": {"1": "A", "2": "A", "3": "A"}},
        "Fluid and sodium loss from vomiting and diarrhea raise lithium levels; above 1.5 mEq/L (therapeutic "
        "about 0.6-1.2 mEq/L) a coarse tremor and confusion appear. High fever with rigidity suggests "
        "neuroleptic malignant syndrome, and a sodium of 140 mEq/L is normal.",
        "pharmacological_therapies",
        cjmm_step="prioritize_hypotheses",
        difficulty=0.5,
    ),
    _item(
        "drop_down_rationale",
        "A client who has received enoxaparin for 6 days after surgery has a platelet count that fell from "
        "250,000/mm3 to 90,000/mm3. Complete the sentence by choosing from the lists of options.",
        {
            "text": "The nurse should {{1}} because {{2}}.",
            "blanks": [
                {
                    "id": "1",
                    "role": "effect",
                    "options": _options(
                        "hold the next dose and notify the provider",
                        "give the next dose as scheduled",
                        "double the next dose",
                    ),
                },
                {
                    "id": "2",
                    "role": "cause",
                    "options": _options(
                        "the fall in platelets suggests heparin-induced thrombocytopenia",
                        "enoxaparin raises the INR",
                        "a platelet count of 90,000/mm3 is normal after surgery",
                    ),
                },
            ],
        },
        {"blanks": {"1": "A", "2": "A"}},
        "A drop of more than 50% in platelets 5-10 days after starting a heparin suggests heparin-induced "
        "thrombocytopenia, a prothrombotic reaction in which all heparins are stopped. Enoxaparin does not "
        "affect the INR, and 90,000/mm3 is below the normal range.",
        "reduction_of_risk",
        exam="RN",
        cjmm_step="take_action",
        difficulty=0.7,
    ),
    _item(
        "drop_down_rationale",
        "The practical nurse reinforces safe sleep teaching with the parents of a newborn. Complete the "
        "sentence by choosing from the lists of options.",
        {
            "text": "The infant should be placed to sleep {{1}} because it {{2}}.",
            "blanks": [
                {"id": "1", "role": "effect", "options": _options("on the back", "on the stomach", "on the side")},
                {
                    "id": "2",
                    "role": "cause",
                    "options": _options(
                        "reduces the risk of sudden infant death syndrome",
                        "prevents a flat spot on the head",
                        "helps digestion",
                    ),
                },
            ],
        },
        {"blanks": {"1": "A", "2": "A"}},
        "Back sleeping on a firm, flat surface without soft bedding is the main measure that reduces the risk "
        "of SIDS. Side and stomach positions raise the risk; supervised tummy time while awake prevents flat "
        "spots.",
        "health_promotion",
        exam="PN",
        difficulty=-1.5,
    ),
    # ---------------------------------------------------------------- drag-and-drop rationale
    _item(
        "drag_drop_rationale",
        "The nurse plans care for a client receiving chemotherapy. Drag words from the choices below to fill "
        "in each blank.",
        {
            "text": "Because the client has {{1}}, the nurse teaches the client to {{2}} and {{3}}.",
            "blanks": [{"id": "1", "role": "cause"}, {"id": "2", "role": "effect"}, {"id": "3", "role": "effect"}],
            "tokens": _choices(
                platelets="a platelet count of 18,000/mm3",
                wbc="a white blood cell count of 2,000/mm3",
                brush="use a soft-bristled toothbrush",
                razor="shave with an electric razor",
                floss="floss vigorously every day",
                fresh="eat fresh fruit and raw salads",
            ),
        },
        {"blanks": {"1": "platelets", "2": "brush", "3": "razor"}},
        "Severe thrombocytopenia calls for bleeding precautions such as a soft toothbrush and an electric "
        "razor. Vigorous flossing causes bleeding, and avoiding raw produce is a neutropenic precaution for a "
        "low white blood cell count.",
        "reduction_of_risk",
        cjmm_step="generate_solutions",
        difficulty=0.3,
    ),
    _item(
        "drag_drop_rationale",
        "A child is admitted with a fever, cough, conjunctivitis, a red blotchy rash and small white spots on "
        "the buccal mucosa. Drag words from the choices below to fill in each blank.",
        {
            "text": "The nurse places the child on {{1}} because {{2}}.",
            "blanks": [{"id": "1", "role": "effect"}, {"id": "2", "role": "cause"}],
            "tokens": _choices(
                airborne="airborne precautions",
                droplet="droplet precautions only",
                contact="contact precautions only",
                measles="the findings suggest measles, which spreads on droplet nuclei",
                mrsa="the child may carry MRSA",
            ),
        },
        {"blanks": {"1": "airborne", "2": "measles"}},
        "Koplik spots with fever, cough, conjunctivitis and a maculopapular rash indicate measles, which stays "
        "suspended in air and requires airborne precautions in a negative-pressure room. Droplet or contact "
        "precautions alone do not prevent its spread.",
        "safety_infection_control",
        difficulty=0.2,
    ),
    _item(
        "drag_drop_rationale",
        'A client with moderate Alzheimer disease becomes agitated, saying, "I need to go home, my mother is '
        'waiting for me." Drag words from the choices below to fill in each blank.',
        {
            "text": "The nurse should {{1}} because the client {{2}}.",
            "blanks": [{"id": "1", "role": "effect"}, {"id": "2", "role": "cause"}],
            "tokens": _choices(
                validate="acknowledge the client's feelings and talk about the client's mother",
                reorient="insist that the client's mother died years ago",
                restrain="apply wrist restraints",
                dementia="cannot retain corrections and becomes more distressed by them",
                delirium="is having a sudden reaction to a new medication",
            ),
        },
        {"blanks": {"1": "validate", "2": "dementia"}},
        "In moderate dementia, correcting the client repeatedly causes fresh grief and agitation; validating the "
        "feelings behind the words and redirecting calms the client. Restraints increase agitation and injury.",
        "psychosocial_integrity",
        exam="PN",
        difficulty=0.0,
    ),
]

# --------------------------------------------------------------------------------------------------
# Case studies: six items each, one per step of NCSBN's clinical judgment model, exhibits unfolding.
# --------------------------------------------------------------------------------------------------

SEPSIS_CASE: dict[str, Any] = {
    "exam": "RN",
    "title": "Urinary tract infection progressing to sepsis",
    "scenario": "A 78-year-old client is brought to the emergency department from an assisted living facility "
    "by a daughter, who reports that the client has become confused since this morning. The client weighs "
    "60 kg and has hypertension and osteoarthritis.",
    "exhibits": [
        {
            "tab": "Nurses' Notes",
            "kind": "text",
            "text": "1400: Client oriented to person only; daughter states the client is normally oriented "
            "and independent. Reports burning on urination for 3 days. Skin warm and flushed. Voided 80 mL of "
            "dark, cloudy, foul-smelling urine. Suprapubic tenderness. Lungs clear. Abdomen soft.",
            "reveal_at": 1,
        },
        {
            "tab": "Vital Signs",
            "kind": "table",
            "columns": ["Time", "Temperature", "Heart rate", "Respiratory rate", "Blood pressure", "SpO2"],
            "rows": [["1400", "38.9 °C (102 °F)", "118/min", "24/min", "86/50 mm Hg", "95% on room air"]],
            "reveal_at": 1,
        },
        {
            "tab": "Laboratory Results",
            "kind": "table",
            "columns": ["Test", "Result", "Reference range"],
            "rows": [
                ["White blood cells", "18,200/mm3", "5,000-10,000/mm3"],
                ["Lactate", "3.8 mmol/L", "0.5-2.2 mmol/L"],
                ["Creatinine", "1.8 mg/dL", "0.6-1.2 mg/dL"],
                ["Glucose", "132 mg/dL", "70-99 mg/dL (fasting)"],
                ["Urinalysis", "Nitrites positive, leukocyte esterase positive", "Negative"],
            ],
            "reveal_at": 2,
        },
        {
            "tab": "Orders",
            "kind": "text",
            "text": "Blood cultures x2 from two sites. Urine culture. Lactate now and in 2 hours. Balanced "
            "crystalloid 30 mL/kg IV bolus. Piperacillin-tazobactam 4.5 g IV after cultures are drawn. "
            "Acetaminophen 650 mg PO every 6 hours PRN temperature above 38.3 °C. Strict intake and output.",
            "reveal_at": 5,
        },
        {
            "tab": "Vital Signs",
            "kind": "table",
            "columns": ["Time", "Temperature", "Heart rate", "Respiratory rate", "Blood pressure", "SpO2"],
            "rows": [
                ["1400", "38.9 °C (102 °F)", "118/min", "24/min", "86/50 mm Hg", "95% on room air"],
                ["1700", "37.8 °C (100 °F)", "96/min", "24/min", "108/64 mm Hg", "96% on room air"],
            ],
            "reveal_at": 6,
        },
        {
            "tab": "Laboratory Results",
            "kind": "table",
            "columns": ["Test", "1400", "1700", "Reference range"],
            "rows": [
                ["Lactate", "3.8 mmol/L", "1.9 mmol/L", "0.5-2.2 mmol/L"],
                ["Creatinine", "1.8 mg/dL", "2.1 mg/dL", "0.6-1.2 mg/dL"],
            ],
            "reveal_at": 6,
        },
    ],
    "items": [
        _item(
            "highlight_text",
            "The nurse reviews the triage note. Highlight the findings that require immediate follow-up.",
            {
                "segments": _segments(
                    ("f1", "Oriented to person only, normally oriented"),
                    ". ",
                    ("f2", "Temperature 38.9 °C"),
                    ", ",
                    ("f3", "heart rate 118/min"),
                    ", ",
                    ("f4", "blood pressure 86/50 mm Hg"),
                    ", ",
                    ("f5", "SpO2 95% on room air"),
                    ". ",
                    ("f6", "Lungs clear"),
                    ". ",
                    ("f7", "Dark, cloudy, foul-smelling urine"),
                    ".",
                )
            },
            {"correct": ["f1", "f2", "f3", "f4", "f7"]},
            "New confusion, fever, tachycardia and a low blood pressure together with signs of a urinary "
            "infection suggest the infection is becoming systemic. An SpO2 of 95% and clear lungs are normal "
            "and point away from a respiratory source.",
            "physiological_adaptation",
            exam="RN",
            cjmm_step="recognize_cues",
            difficulty=-0.3,
        ),
        _item(
            "matrix_multiple_choice",
            "For each finding, specify whether it is expected with an uncomplicated urinary tract infection or "
            "indicates progression to sepsis.",
            {
                "columns": _choices(uti="Expected with an uncomplicated UTI", sepsis="Indicates progression to sepsis"),
                "rows": _choices(
                    burning="Burning on urination",
                    suprapubic="Suprapubic tenderness",
                    lactate="Lactate 3.8 mmol/L",
                    bp="Blood pressure 86/50 mm Hg",
                    rr="Respiratory rate 24/min",
                    cloudy="Cloudy, foul-smelling urine",
                ),
            },
            {
                "rows": {
                    "burning": "uti",
                    "suprapubic": "uti",
                    "lactate": "sepsis",
                    "bp": "sepsis",
                    "rr": "sepsis",
                    "cloudy": "uti",
                }
            },
            "Dysuria, suprapubic tenderness and cloudy urine are local signs of cystitis. A raised lactate, a "
            "systolic pressure of 100 mm Hg or less and a respiratory rate of 22/min or more signal organ "
            "hypoperfusion and a systemic response.",
            "physiological_adaptation",
            exam="RN",
            cjmm_step="analyze_cues",
            difficulty=0.2,
        ),
        _item(
            "drop_down_rationale",
            "Based on the findings so far, complete the sentence by choosing from the lists of options.",
            {
                "text": "The client is at highest risk for {{1}}, as evidenced by {{2}} and {{3}}.",
                "blanks": [
                    {
                        "id": "1",
                        "role": "cause",
                        "options": _options("septic shock", "urinary retention", "dehydration from poor intake"),
                    },
                    {
                        "id": "2",
                        "role": "effect",
                        "options": _options(
                            "a blood pressure of 86/50 mm Hg with a heart rate of 118/min",
                            "a glucose of 132 mg/dL",
                            "clear lung sounds",
                        ),
                    },
                    {
                        "id": "3",
                        "role": "effect",
                        "options": _options(
                            "a lactate of 3.8 mmol/L", "positive urine nitrites", "a voided volume of 80 mL"
                        ),
                    },
                ],
            },
            {"blanks": {"1": "A", "2": "A", "3": "A"}},
            "Hypotension with compensatory tachycardia and a raised lactate show tissue hypoperfusion, the path "
            "to septic shock. Positive nitrites confirm the urinary source but not its severity, and a mildly "
            "raised glucose is a common stress response.",
            "physiological_adaptation",
            exam="RN",
            cjmm_step="prioritize_hypotheses",
            difficulty=0.4,
        ),
        _item(
            "multiple_response",
            "Which orders should the nurse anticipate for this client? Select all that apply.",
            {
                "options": _options(
                    "Blood cultures before the first antibiotic dose",
                    "A broad-spectrum IV antibiotic within 1 hour",
                    "A 30 mL/kg crystalloid bolus",
                    "A repeat lactate level",
                    "Furosemide 40 mg IV",
                    "Restriction of oral fluids",
                )
            },
            {"correct": ["A", "B", "C", "D"]},
            "Sepsis bundles call for cultures before antibiotics, an antibiotic within the first hour, a 30 "
            "mL/kg crystalloid bolus for hypotension or a lactate of 4 mmol/L or more, and a repeat lactate. "
            "Diuretics and fluid restriction would worsen hypoperfusion.",
            "physiological_adaptation",
            exam="RN",
            cjmm_step="generate_solutions",
            difficulty=0.1,
        ),
        _item(
            "drag_drop_cloze",
            "The nurse carries out the provider's orders. Drag words from the choices below to fill in each blank.",
            {
                "text": "The nurse first draws {{1}}, then starts {{2}} and infuses {{3}} of the crystalloid.",
                "blanks": [{"id": "1"}, {"id": "2"}, {"id": "3"}],
                "tokens": _choices(
                    cultures="the two sets of blood cultures",
                    antibiotic="the piperacillin-tazobactam",
                    v1800="1,800 mL",
                    v600="600 mL",
                    acetaminophen="the acetaminophen",
                ),
            },
            {"blanks": {"1": "cultures", "2": "antibiotic", "3": "v1800"}},
            "Cultures drawn before the antibiotic give the best chance of identifying the organism without "
            "delaying treatment. The bolus is 30 mL/kg x 60 kg = 1,800 mL; 600 mL would be 10 mL/kg.",
            "pharmacological_therapies",
            exam="RN",
            cjmm_step="take_action",
            difficulty=0.3,
        ),
        _item(
            "matrix_multiple_choice",
            "At 1700 the nurse reassesses the client. For each finding, specify whether it has improved, not "
            "changed, or declined since 1400.",
            {
                "columns": _choices(improved="Improved", unchanged="No change", declined="Declined"),
                "rows": _choices(
                    temp="Temperature",
                    hr="Heart rate",
                    rr="Respiratory rate",
                    bp="Blood pressure",
                    lactate="Lactate",
                    creatinine="Creatinine",
                ),
            },
            {
                "rows": {
                    "temp": "improved",
                    "hr": "improved",
                    "rr": "unchanged",
                    "bp": "improved",
                    "lactate": "improved",
                    "creatinine": "declined",
                }
            },
            "Temperature, heart rate, blood pressure and lactate clearance show a response to fluids and "
            "antibiotics, while the respiratory rate is unchanged at 24/min. The rising creatinine shows "
            "worsening kidney function that needs continued monitoring and reporting.",
            "physiological_adaptation",
            exam="RN",
            cjmm_step="evaluate_outcomes",
            difficulty=0.0,
        ),
    ],
}

HEART_FAILURE_CASE: dict[str, Any] = {
    "exam": "both",
    "title": "Acute decompensated heart failure",
    "scenario": "A 72-year-old client with heart failure (ejection fraction 30%), hypertension and type 2 "
    "diabetes is admitted with increasing shortness of breath over 3 days.",
    "exhibits": [
        {
            "tab": "History and Physical",
            "kind": "text",
            "text": "Home medications: lisinopril 10 mg daily, metoprolol succinate 50 mg daily, furosemide 40 mg "
            "daily, metformin 500 mg twice daily. The client ran out of furosemide 5 days ago and ate ham and "
            "canned soup at a family gathering. Usual weight 81.6 kg.",
            "reveal_at": 1,
        },
        {
            "tab": "Nurses' Notes",
            "kind": "text",
            "text": "0900: Dyspneic at rest; has been sleeping in a recliner. Crackles in both lungs to the "
            "midscapular level. Jugular veins distended at 45 degrees. 3+ pitting edema of both ankles. Alert "
            "and oriented x4. Capillary refill 2 seconds. Bowel sounds active. Weight 84.3 kg.",
            "reveal_at": 1,
        },
        {
            "tab": "Vital Signs",
            "kind": "table",
            "columns": ["Time", "Temperature", "Heart rate", "Respiratory rate", "Blood pressure", "SpO2"],
            "rows": [["0900", "36.8 °C", "108/min", "28/min", "158/94 mm Hg", "89% on room air"]],
            "reveal_at": 1,
        },
        {
            "tab": "Laboratory Results",
            "kind": "table",
            "columns": ["Test", "Result", "Reference range"],
            "rows": [
                ["BNP", "1,450 pg/mL", "< 100 pg/mL"],
                ["Potassium", "3.4 mEq/L", "3.5-5.0 mEq/L"],
                ["Sodium", "132 mEq/L", "135-145 mEq/L"],
                ["Creatinine", "1.3 mg/dL", "0.6-1.2 mg/dL"],
                ["Troponin I", "< 0.01 ng/mL", "< 0.04 ng/mL"],
            ],
            "reveal_at": 2,
        },
        {
            "tab": "Orders",
            "kind": "text",
            "text": "Furosemide 40 mg IV now and every 12 hours. Oxygen to keep SpO2 at 92% or above. Daily "
            "weight before breakfast. Strict intake and output. 2 g sodium diet. Fluid restriction 1.5 L/day. "
            "Potassium chloride 20 mEq PO now. Basic metabolic panel in the morning.",
            "reveal_at": 5,
        },
        {
            "tab": "Nurses' Notes",
            "kind": "text",
            "text": "Next day 0900: Weight 82.9 kg. Output 2,400 mL in 24 hours. Crackles only at the lung bases. "
            "SpO2 94% on 2 L/min. Respiratory rate 20/min, heart rate 88/min, BP 136/82 mm Hg. 2+ ankle edema. "
            "Potassium 3.3 mEq/L. Client reports feeling tired.",
            "reveal_at": 6,
        },
    ],
    "items": [
        _item(
            "highlight_table",
            "The nurse reviews the admission assessment. Highlight the findings that require follow-up.",
            {
                "headers": ["Assessment", "Findings"],
                "rows": [
                    {
                        "label": "Respiratory",
                        "segments": _segments(
                            ("r1", "Respiratory rate 28/min"),
                            "; ",
                            ("r2", "SpO2 89% on room air"),
                            "; ",
                            ("r3", "crackles to midscapular level"),
                        ),
                    },
                    {
                        "label": "Cardiovascular",
                        "segments": _segments(
                            ("c1", "Heart rate 108/min"),
                            "; ",
                            ("c2", "jugular venous distention"),
                            "; ",
                            ("c3", "capillary refill 2 seconds"),
                        ),
                    },
                    {"label": "Neurological", "segments": _segments(("n1", "Alert and oriented x4"))},
                    {"label": "Weight", "segments": _segments(("w1", "Up 2.7 kg in 3 days"))},
                    {"label": "Gastrointestinal", "segments": _segments(("g1", "Bowel sounds active"))},
                ],
            },
            {"correct": ["r1", "r2", "r3", "c1", "c2", "w1"]},
            "Tachypnea, hypoxemia, crackles, tachycardia, jugular distention and a rapid weight gain (1 kg is "
            "about 1 L of retained fluid) show fluid overload. Orientation, capillary refill and bowel sounds "
            "are normal.",
            "physiological_adaptation",
            cjmm_step="recognize_cues",
            difficulty=-0.4,
        ),
        _item(
            "matrix_multiple_response",
            "For each of the client's findings, specify whether it reflects left-sided heart failure, "
            "right-sided heart failure, or both.",
            {
                "columns": _choices(left="Left-sided failure", right="Right-sided failure"),
                "rows": _choices(
                    crackles="Crackles in both lungs",
                    recliner="Sleeping in a recliner",
                    jvd="Jugular venous distention",
                    edema="3+ pitting ankle edema",
                    spo2="SpO2 89% on room air",
                    weight="Weight gain of 2.7 kg",
                ),
            },
            {
                "rows": {
                    "crackles": ["left"],
                    "recliner": ["left"],
                    "jvd": ["right"],
                    "edema": ["right"],
                    "spo2": ["left"],
                    "weight": ["left", "right"],
                }
            },
            "Pulmonary congestion from left ventricular failure causes crackles, orthopnea and hypoxemia; "
            "systemic venous congestion from right-sided failure causes jugular distention and dependent edema. "
            "Sodium and water retention, and so weight gain, accompany failure of either side.",
            "physiological_adaptation",
            cjmm_step="analyze_cues",
            difficulty=0.5,
        ),
        _item(
            "drop_down_rationale",
            "Considering the admission findings, complete the sentence by choosing from the lists of options.",
            {
                "text": "The nurse's priority concern is {{1}} because of {{2}}.",
                "blanks": [
                    {
                        "id": "1",
                        "role": "effect",
                        "options": _options(
                            "impaired gas exchange from pulmonary congestion",
                            "hypokalemia",
                            "the client's knowledge of a low-sodium diet",
                        ),
                    },
                    {
                        "id": "2",
                        "role": "cause",
                        "options": _options(
                            "crackles with an SpO2 of 89% on room air",
                            "a potassium of 3.4 mEq/L",
                            "eating ham and canned soup",
                        ),
                    },
                ],
            },
            {"blanks": {"1": "A", "2": "A"}},
            "Breathing comes first: fluid in the alveoli is causing hypoxemia. The mild hypokalemia and the "
            "dietary teaching matter, but they are addressed after oxygenation.",
            "physiological_adaptation",
            cjmm_step="prioritize_hypotheses",
            difficulty=-0.2,
        ),
        _item(
            "matrix_multiple_choice",
            "For each intervention, specify whether the nurse should anticipate it for this client.",
            {
                "columns": _choices(anticipated="Anticipated", not_anticipated="Not anticipated"),
                "rows": _choices(
                    furosemide="Furosemide IV",
                    bolus="0.9% sodium chloride 1,000 mL bolus",
                    weight="Daily weight on the same scale before breakfast",
                    potassium="Oral potassium supplement",
                    restriction="Fluid restriction",
                    salt="Extra dietary salt to correct the sodium",
                ),
            },
            {
                "rows": {
                    "furosemide": "anticipated",
                    "bolus": "not_anticipated",
                    "weight": "anticipated",
                    "potassium": "anticipated",
                    "restriction": "anticipated",
                    "salt": "not_anticipated",
                }
            },
            "An IV loop diuretic, daily weights, potassium replacement during diuresis and a fluid restriction "
            "treat volume overload. A saline bolus would worsen it, and the low sodium is dilutional, so extra "
            "salt would increase fluid retention.",
            "physiological_adaptation",
            cjmm_step="generate_solutions",
            difficulty=0.2,
        ),
        _item(
            "multiple_response",
            "Which actions should the nurse take now? Select all that apply.",
            {
                "options": _options(
                    "Place the client in high Fowler's position.",
                    "Apply oxygen to keep the SpO2 at 92% or above.",
                    "Give furosemide 40 mg IV.",
                    "Encourage oral fluids of 3 L a day.",
                    "Lay the client flat to rest.",
                    "Give potassium chloride 20 mEq PO.",
                )
            },
            {"correct": ["A", "B", "C", "F"]},
            "Sitting upright eases breathing, oxygen corrects hypoxemia, and the diuretic and potassium are "
            "given as ordered. Extra fluids contradict the 1.5 L restriction, and lying flat worsens dyspnea.",
            "pharmacological_therapies",
            cjmm_step="take_action",
            difficulty=-0.6,
        ),
        _item(
            "highlight_text",
            "The nurse reviews the note from the next morning. Highlight the findings that show the treatment "
            "is effective.",
            {
                "segments": _segments(
                    ("e1", "Weight 82.9 kg, down 1.4 kg"),
                    ". ",
                    ("e2", "Crackles only at the lung bases"),
                    ". ",
                    ("e3", "SpO2 94% on 2 L/min"),
                    ". ",
                    ("e4", "2+ ankle edema"),
                    ". ",
                    ("e5", "Potassium 3.3 mEq/L"),
                    ". ",
                    ("e6", "Client reports feeling tired"),
                    ".",
                )
            },
            {"correct": ["e1", "e2", "e3", "e4"]},
            "Weight loss, fewer crackles, better oxygenation and less edema show successful diuresis. The "
            "potassium has fallen further and needs replacement, and fatigue is not a sign of improvement.",
            "physiological_adaptation",
            cjmm_step="evaluate_outcomes",
            difficulty=0.0,
        ),
    ],
}

SAMPLE_CASE_STUDIES: list[dict[str, Any]] = [SEPSIS_CASE, HEART_FAILURE_CASE]
