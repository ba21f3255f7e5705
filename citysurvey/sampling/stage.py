"""The sampling stage in a run: how the achieved sample compares with the population and the quotas."""
from __future__ import annotations

from ..errors import Problem
from ..loading import CITY_AREA
from ..stage import RunContext, StageResult, section_enabled, unknown_variables
from .plan import read_plan
from .profile import sample_profile
from .status import quota_status


def profile_variables(cfg, codebook) -> list[str]:
    """The configured profile variables, or the codebook's categorical demographic ones."""
    if cfg.profile_variables is not None:
        return list(cfg.profile_variables)
    return codebook.names(type="categorical", role="demographic")


def check_sampling(config, study) -> list[Problem]:
    """A profile variable the study does not have is a config error, never skipped silently."""
    return unknown_variables(config, study, "sampling.profile_variables", config.section("sampling").profile_variables,
                             "编码本中的人口变量（role: demographic）", "its demographic variables")


class SamplingStage:
    name = "sampling"
    title_zh = "样本构成"

    def enabled(self, config) -> bool:
        return section_enabled(config, self.name)

    def check(self, config, study) -> list[Problem]:
        return check_sampling(config, study)

    def run(self, ctx: RunContext) -> StageResult:
        study = ctx.study
        cfg = ctx.config.section("sampling")
        profile = sample_profile(study.responses, study.codebook, study.margins, profile_variables(cfg, study.codebook))
        tables = {"sample_profile": profile}
        sheets = {"sample_profile": "样本构成"}
        city = profile[profile["district"] == CITY_AREA]
        summary: dict = {"n": study.n}
        if city["diff_pp"].notna().any():
            worst = city.loc[city["diff_pp"].abs().idxmax()]
            summary["largest_gap"] = {"variable": worst["variable"], "category": worst["category"],
                                      "diff_pp": round(float(worst["diff_pp"]), 2)}
        plan_path = ctx.config.inputs.quota_plan
        if plan_path is not None:
            # Fulfilment is judged on the validated, cleaned sample: dropped interviews do not count.
            rid = study.codebook.respondent_id
            responses = study.responses.reset_index().astype({c: object for c in study.responses.columns
                                                             if str(study.responses[c].dtype) == "category"})
            status = quota_status(read_plan(plan_path), responses, id_column=rid)
            outside = status.outside
            if outside.empty:  # the sheet says why it is empty: good news, not a missing table
                outside = outside.copy()
                outside.attrs["empty_note"] = "（本表为空：每位有效受访者都归入了配额计划中的一个单元。）"
            tables |= {"quota_status": status.cells, "quota_districts": status.districts, "quota_outside": outside}
            sheets |= {"quota_status": "配额完成情况", "quota_districts": "各区进度", "quota_outside": "未归入配额"}
            city_row = status.districts[status.districts["district"] == CITY_AREA]
            summary["quota"] = {
                "target": int(city_row["target"].sum()) if len(city_row) else None,
                "achieved": int(city_row["achieved"].sum()) if len(city_row) else None,
                "cells_short": int((status.cells["status"] == "short").sum()),
                "cells_over": int((status.cells["status"] == "over").sum()),
                "outside": len(status.outside),
            }
        return StageResult(self.name, tables=tables, summary=summary, sheet_names=sheets)
