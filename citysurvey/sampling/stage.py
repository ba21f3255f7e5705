"""The sampling stage in a run: how the achieved sample compares with the population."""
from __future__ import annotations

from ..stage import RunContext, StageResult
from .profile import sample_profile


class SamplingStage:
    name = "sampling"
    title_zh = "样本构成"

    def enabled(self, config) -> bool:
        return True

    def run(self, ctx: RunContext) -> StageResult:
        study = ctx.study
        cfg = ctx.config.section("sampling")
        profile = sample_profile(study.responses, study.codebook, study.margins, cfg.profile_variables)
        city = profile[profile["district"] == "全市"]
        worst = city.loc[city["diff_pp"].abs().idxmax()] if city["diff_pp"].notna().any() else None
        summary = {"n": study.n}
        if worst is not None:
            summary["largest_gap"] = {"variable": worst["variable"], "category": worst["category"],
                                      "diff_pp": round(float(worst["diff_pp"]), 2)}
        return StageResult(self.name, tables={"sample_profile": profile}, summary=summary,
                           sheet_names={"sample_profile": "样本构成"})
