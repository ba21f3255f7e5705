"""主客观综合诊断: objective grades × resident satisfaction × suggestions → 四单一表一库.

>>> from citysurvey.diagnosis import verdict
>>> v = verdict("poor", "dissatisfied", "often", safety=False)   # objective × subjective × voice
>>> v.quadrant, v.diagnosis
('突出短板', '城市病')

:func:`diagnose` makes the whole diagnosis and its lists (its example diagnoses a small graded city).
"""
from .classify import diagnose_frame, objective_status, priority_components, subjective_status, verdict, voice_status
from .config import DiagnosisConfig, PriorityWeights, SubjectiveRule, VoiceRule
from .crosswalk import default_crosswalk, read_crosswalk
from .inputs import quotes_from_text, scores_from_scoring, voice_from_text
from .lists import action_plan, by_priority, project_library
from .rules import diagnosis_rules
from .stage import Diagnosis, DiagnosisStage, diagnose, lists_workbook

__all__ = [
    "Diagnosis", "DiagnosisConfig", "DiagnosisStage", "PriorityWeights", "SubjectiveRule", "VoiceRule",
    "action_plan", "by_priority", "default_crosswalk", "diagnose", "diagnose_frame", "diagnosis_rules",
    "lists_workbook", "objective_status", "priority_components", "project_library", "quotes_from_text",
    "read_crosswalk", "scores_from_scoring", "subjective_status", "verdict", "voice_from_text", "voice_status",
]
