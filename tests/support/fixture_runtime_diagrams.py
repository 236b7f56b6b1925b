"""Test fixture diagrams for the runtime's edge cases: failures, long chains, deadlines and
chases, refusals, waits, case actions and held messages (see tests/support/fixture_diagrams.py)."""
from __future__ import annotations

from tests.support.bpmn_builder import Diagram, literal

__all__ = ["error_end", "script_failure", "long_chain", "chased_notice", "refusing_step", "hidden_rule", "waits_forever", "unnamed_chaser", "unchased_deadline", "case_actions",
           "held_message", "stage_beside", "recommendation_sender"]


def error_end():
    co = "contract_officer"
    d = Diagram("error_end", "Error end", lanes=[co])
    d.error("no_evidence", "No evidence")
    d.start("evidence_received", "Evidence received", co,
            documentation="Started with evidence_count in the case data.")
    check = d.subprocess("check", "Check the evidence", co)
    check.start("check_started", "Check started")
    check.script_task("validate_evidence", "Validate the evidence",
                      script="evidence_ok = evidence_count > 0")
    check.exclusive("evidence_found", "Any evidence?")
    check.end("evidence_checked", "Evidence checked")
    check.end("evidence_missing", "Evidence missing", error="no_evidence")
    check.chain("check_started", "validate_evidence", "evidence_found")
    check.flow("evidence_found", "evidence_checked", "Evidence", condition="evidence_ok")
    check.flow("evidence_found", "evidence_missing", "No evidence", default=True)
    d.boundary_error("no_evidence_caught", "No evidence", "check", error="no_evidence")
    d.user_task("proceed", "Proceed with the concern", co, form="proceed")
    d.user_task("request_evidence", "Request evidence", co, form="request_evidence")
    d.end("proceeded", "Proceeded", co)
    d.end("evidence_requested", "Evidence requested", co)
    d.chain("evidence_received", "check", "proceed", "proceeded")
    d.chain("no_evidence_caught", "request_evidence", "evidence_requested")
    return d


def script_failure():
    co = "contract_officer"
    d = Diagram("script_failure", "Script failure", lanes=[co])
    d.start("ratio_needed", "Ratio needed", co)
    d.script_task("compute_ratio", "Compute the ratio", co,
                  "numerator = 10\nratio = numerator / divisor")
    d.user_task("after_ratio", "Check the ratio", co, form="after_ratio")
    d.end("ratio_checked", "Ratio checked", co)
    d.chain("ratio_needed", "compute_ratio", "after_ratio", "ratio_checked")
    return d


def long_chain():
    lanes = ["contract_officer", "quality_improvement"]
    d = Diagram("long_chain", "Long chain", lanes=lanes)
    d.start("chain_started", "Chain started", lanes[0])
    steps = []
    for i in range(1, 31):
        steps.append(d.user_task(f"step_{i:02d}", f"Step {i}", lanes[(i - 1) % 2], form="step"))
    d.end("chain_finished", "Chain finished", lanes[1])
    d.chain("chain_started", *steps, "chain_finished")
    return d


def chased_notice():
    """A notice due two working days after a decision, under the standard chase."""
    co, hos = "contract_officer", "head_of_service"
    d = Diagram("chased_notice", "Chased notice", lanes=[co, hos])
    d.start("decision_needed", "Decision needed", co)
    d.user_task("record_decision", "Record the decision", co, form="record_decision")
    sub = d.subprocess("notify_provider_until_done", "Notify the provider", co)
    sub.start("notify_provider_begins", "Step begins")
    sub.user_task("notify_provider", "Notify the provider", form="notify_provider")
    sub.end("notify_provider_done", "Done", terminate=True)
    sub.boundary_timer("provider_notice_overdue", "Provider notice overdue (2 working days)", "notify_provider",
                       date="working_days_deadline(decision_date, 2, region)", interrupting=False)
    sub.call_activity("notify_provider_chase", "Chase: Notify the provider", called_element="chase_overdue_step",
                      pre_script='lane_roles = {"chaser": "head_of_service"}\nchased_step = "Notify the provider"\n'
                                 "chase_every_working_days = 2")
    sub.end("notify_provider_withdrawn", "No longer applies", terminate=True)
    sub.chain("notify_provider_begins", "notify_provider", "notify_provider_done")
    sub.chain("provider_notice_overdue", "notify_provider_chase", "notify_provider_withdrawn")
    d.user_task("confirm_closure", "Confirm the case can close", hos, form="step")
    d.end("closed", "Closed", hos)
    d.chain("decision_needed", "record_decision", "notify_provider_until_done", "confirm_closure", "closed")
    return d


def refusing_step():
    """A step whose post-script refuses one answer (as the shipped procedures refuse a decision
    that differs from the recommendation without a reason)."""
    co = "contract_officer"
    d = Diagram("refusing_step", "Refusing step", lanes=[co])
    d.start("begin", "Begin", co)
    d.user_task("write_note", "Write a note", co, form="step",
                post_script='if note == "no":\n    raise ValueError("The note may not say no: write what was done")')
    d.end("finish", "Finish", co)
    d.chain("begin", "write_note", "finish")
    return d


# --- one defect each, for the explorer's own tests ---------------------------------------------
def hidden_rule():
    """A refusal the form does not state: a client cannot know 'disagree' is refused."""
    co = "contract_officer"
    d = Diagram("hidden_rule", "Hidden rule", lanes=[co])
    d.start("begin", "Begin", co)
    d.user_task("decide", "Decide", co, form="agree_or_not",
                post_script='if decision == "disagree":\n    raise ValueError("Give a reason to disagree")')
    d.end("finish", "Finish", co)
    d.chain("begin", "decide", "finish")
    return d


def waits_forever():
    """After its step, waits for a message no procedure sends, with no timer."""
    co = "contract_officer"
    d = Diagram("waits_forever", "Waits forever", lanes=[co])
    d.start("begin", "Begin", co)
    d.user_task("prepare", "Prepare", co, form="step")
    d.message_catch("reply_arrives", "Reply arrives", co, message="reply_nobody_sends")
    d.end("finish", "Finish", co)
    d.chain("begin", "prepare", "reply_arrives", "finish")
    return d


def unnamed_chaser():
    """Calls the shared chase without naming the chaser's role."""
    co = "contract_officer"
    d = Diagram("unnamed_chaser", "Unnamed chaser", lanes=[co])
    d.start("begin", "Begin", co)
    d.call_activity("chase_something", "Chase something", co, called_element="chase_overdue_step",
                    pre_script='chased_step = "Something"\nchase_every_working_days = 2')
    d.end("finish", "Finish", co)
    d.chain("begin", "chase_something", "finish")
    return d


def unchased_deadline():
    """A deadline whose miss is noted once and never chased again."""
    co = "contract_officer"
    d = Diagram("unchased_deadline", "Unchased deadline", lanes=[co])
    d.start("begin", "Begin", co)
    d.user_task("send_notice", "Send the notice", co, form="step")
    d.boundary_timer("notice_late", "Notice late (1 day)", "send_notice", duration=literal("P1D"), interrupting=False)
    d.end("late_noted", "Lateness noted", co)
    d.end("finish", "Finish", co)
    d.chain("begin", "send_notice", "finish")
    d.chain("notice_late", "late_noted")
    return d


def case_actions():
    """Three steps, with new information recordable at any time and an early close."""
    co, hos = "contract_officer", "head_of_service"
    d = Diagram("case_actions", "Case actions", lanes=[co, hos])
    d.start("concern_raised", "Concern raised", co)
    for number in ("one", "two", "three"):
        d.user_task(f"step_{number}", f"Step {number}", co, form="step")
    d.end("finished", "Finished", co)
    d.chain("concern_raised", "step_one", "step_two", "step_three", "finished")
    info = d.subprocess("new_information_action", "Record new information", co, event=True)
    info.start("information_arrives", "New information", message="record_new_information", interrupting=False)
    info.user_task("record_information", "Record new information", form="new_information")
    info.end("information_recorded", "Recorded")
    info.chain("information_arrives", "record_information", "information_recorded")
    close = d.subprocess("close_early_action", "Close the case early", hos, event=True)
    close.start("closing_early", "Closing early", message="close_case_early")
    close.user_task("record_closure", "Close the case early", form="close_early")
    close.end("closed_early", "Closed early")
    close.chain("closing_early", "record_closure", "closed_early")
    return d


def held_message():
    """One branch sends a recommendation that a later step of the other branch catches (as a
    Western Bay JIMP's recommendation reaches the suspension running in the same case): sent
    before that step waits, it is held until it does."""
    co = "contract_officer"
    d = Diagram("held_message", "Held message", lanes=[co])
    d.message("recommendation_made", correlation={"provider_id": "provider_id"})
    d.start("begin", "Begin", co)
    d.parallel("both_branches", "Both branches", co)
    d.user_task("recommend", "Make the recommendation", co, form="step")
    d.message_throw("send_recommendation", "Send the recommendation", co, message="recommendation_made",
                    payload='{"provider_id": provider_id, "note": note}')
    d.end("recommendation_sent", "Recommendation sent", co)
    d.user_task("prepare", "Prepare for a recommendation", co, form="step")
    d.message_catch("recommendation_arrives", "Recommendation arrives", co, message="recommendation_made",
                    variable="recommendation", correlate={"provider_id": "provider_id"})
    d.user_task("act_on_recommendation", "Act on the recommendation", co, form="step",
                instructions="The recommendation: {{ recommendation.note }}")
    d.end("acted", "Acted on it", co)
    d.chain("begin", "both_branches", "recommend", "send_recommendation", "recommendation_sent")
    d.chain("both_branches", "prepare", "recommendation_arrives", "act_on_recommendation", "acted")
    return d


def stage_beside():
    """A panel meets while a suspension of placements runs beside it in the same case (as a
    Western Bay JIMP does): its step reads the running stage with ``running_stage``."""
    co, hos = "contract_officer", "head_of_service"
    d = Diagram("stage_beside", "Stage beside", lanes=[co, hos])
    d.start("begin", "Begin", co)
    d.parallel("both_branches", "Both branches", co)
    d.call_activity("suspension", "Suspension of placements", hos, called_element="suspension_of_placements")
    d.end("suspension_settled", "Suspension settled", hos)
    d.user_task("prepare_panel", "Prepare the panel", co, form="step")
    d.user_task("hold_panel", "Hold the panel", co, form="step",
                pre_script='suspension = running_stage("suspension_of_placements")\n'
                           'suspension_in_force = bool(suspension) and suspension.get("suspension_status") == "suspended"',
                instructions="{% if suspension_in_force %}A suspension of placements is in force from "
                             "{{ suspension.suspended_from }}.{% else %}No suspension of placements is in force.{% endif %}")
    d.end("panel_held", "Panel held", co)
    d.chain("begin", "both_branches", "suspension", "suspension_settled")
    d.chain("both_branches", "prepare_panel", "hold_panel", "panel_held")
    return d


def recommendation_sender():
    """Sends the recommendation ``held_message`` cases hear, and hears nothing itself."""
    co = "contract_officer"
    d = Diagram("recommendation_sender", "Recommendation sender", lanes=[co])
    d.message("recommendation_made", correlation={"provider_id": "provider_id"})
    d.start("begin", "Begin", co)
    d.user_task("recommend", "Make the recommendation", co, form="step")
    d.message_throw("send_recommendation", "Send the recommendation", co, message="recommendation_made",
                    payload='{"provider_id": provider_id, "note": note}')
    d.end("recommendation_sent", "Recommendation sent", co)
    d.chain("begin", "recommend", "send_recommendation", "recommendation_sent")
    return d
