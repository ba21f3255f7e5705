"""主客观综合诊断: objective grades × resident satisfaction × suggestions → 四单一表一库.

>>> from citysurvey.diagnosis import verdict
>>> v = verdict("poor", "dissatisfied", "often", safety=False)   # objective × subjective × voice
>>> v.quadrant, v.diagnosis
('突出短板', '城市病')

:func:`diagnose` makes the whole diagnosis and its lists (its example diagnoses a small graded city).
"""
from ..lazy import lazy_exports

_EXPORTS = {  # name → module
    "diagnose_frame": "classify",
    "objective_status": "classify",
    "priority_components": "classify",
    "subjective_status": "classify",
    "verdict": "classify",
    "voice_status": "classify",
    "DiagnosisConfig": "config",
    "PriorityWeights": "config",
    "SubjectiveRule": "config",
    "VoiceRule": "config",
    "default_crosswalk": "crosswalk",
    "read_crosswalk": "crosswalk",
    "quotes_from_text": "inputs",
    "scores_from_scoring": "inputs",
    "voice_from_text": "inputs",
    "action_plan": "lists",
    "by_priority": "lists",
    "project_library": "lists",
    "diagnosis_rules": "rules",
    "Diagnosis": "stage",
    "DiagnosisStage": "stage",
    "diagnose": "stage",
    "lists_workbook": "stage",
}

__all__ = [
    "Diagnosis", "DiagnosisConfig", "DiagnosisStage", "PriorityWeights", "SubjectiveRule", "VoiceRule",
    "action_plan", "by_priority", "default_crosswalk", "diagnose", "diagnose_frame", "diagnosis_rules",
    "lists_workbook", "objective_status", "priority_components", "project_library", "quotes_from_text",
    "read_crosswalk", "scores_from_scoring", "subjective_status", "verdict", "voice_from_text", "voice_status",
]

__getattr__ = lazy_exports(__name__, _EXPORTS)  # the statistics load only when a name is used
