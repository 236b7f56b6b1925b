"""The test fixtures' diagrams, each built by a function, written by tests/fixtures/build_fixtures.py."""
from __future__ import annotations

from tests.support.bpmn_builder import Diagram, MultiInstance, literal
from tests.support.fixture_letters import letters, lse

from tests.support.fixture_runtime_diagrams import error_end, script_failure, long_chain, chased_notice, refusing_step, hidden_rule, waits_forever, unnamed_chaser, unchased_deadline, case_actions, held_message, stage_beside, recommendation_sender

__all__ = ["DIAGRAMS"]

# --------------------------------------------------------------------------------------------
# Diagrams
# --------------------------------------------------------------------------------------------
def simple_review():
    d = Diagram("simple_review", "Simple review", lanes=["contract_officer", "head_of_service"])
    co, hos = "contract_officer", "head_of_service"
    d.start("concern_raised", "Concern raised", co)
    d.user_task("review", "Review the concern", co, form="review",
                pre_script="review_started = True",
                instructions="## Review the concern about {{ provider_name }}\n\n"
                             "Score how serious the concern is and how likely it is to happen "
                             "again, from 1 to 5.")
    d.script_task("total_scores", "Total the scores", co, "total = score_a + score_b")
    d.exclusive("total_high", "Total high?", co)
    d.user_task("escalate", "Decide on escalation", hos, form="escalation",
                post_script="escalation_recorded = True",
                instructions="The review of {{ provider_name }} scored {{ total }} out of 10.")
    d.end("escalated", "Escalated", hos)
    d.end("closed", "Closed", co)
    d.chain("concern_raised", "review", "total_scores", "total_high")
    d.flow("total_high", "escalate", "5 or more", condition="total >= 5")
    d.flow("total_high", "closed", "Under 5", default=True)
    d.flow("escalate", "escalated")
    return d


def gateways():
    co, partner, sg, hos = "contract_officer", "partner", "safeguarding_lead", "head_of_service"
    d = Diagram("gateways", "Gateways", lanes=[co, partner, sg, hos])
    d.start("updates_requested", "Updates requested", co)
    d.parallel("ask_for_updates", None, co)
    d.user_task("partner_update", "Give partner update", partner, form="partner_update")
    d.user_task("safeguarding_update", "Give safeguarding update", sg, form="safeguarding_update")
    d.parallel("updates_received", None, co)
    d.inclusive("which_actions", "Which actions?", co)
    # the default ("Neither") is added first so it runs straight on from the gateway
    d.user_task("record_no_action", "Record no further action", co, form="record_no_action")
    d.user_task("notify_regulator", "Notify the regulator", co, form="notify_regulator")
    d.user_task("suspend_placements", "Suspend placements", hos, form="suspend_placements")
    d.inclusive("actions_done", None, co)
    d.end("actions_taken", "Actions taken", co)
    d.chain("updates_requested", "ask_for_updates")
    d.flow("ask_for_updates", "partner_update")
    d.flow("ask_for_updates", "safeguarding_update")
    d.flow("partner_update", "updates_received")
    d.flow("safeguarding_update", "updates_received")
    d.flow("updates_received", "which_actions")
    d.flow("which_actions", "notify_regulator", "Notify CQC", condition="notify_cqc == True")
    d.flow("which_actions", "record_no_action", "Neither", default=True)
    d.flow("which_actions", "suspend_placements", "Suspend", condition="suspend == True")
    d.flow("notify_regulator", "actions_done")
    d.flow("record_no_action", "actions_done")
    d.flow("suspend_placements", "actions_done")
    d.flow("actions_done", "actions_taken")
    return d


def meeting_shared():
    d = Diagram("meeting", "Multi-agency meeting", lanes=["chair"])
    d.start("meeting_called", "Meeting called", "chair")
    d.user_task("record_meeting", "Record the meeting", "chair", form="meeting",
                instructions="Record who attended, the minutes and the actions agreed, "
                             "each with an owner and a due date.")
    d.end("meeting_recorded", "Meeting recorded", "chair")
    d.chain("meeting_called", "record_meeting", "meeting_recorded")
    return d


def meeting_alpha():
    d = Diagram("meeting", "Multi-agency meeting (Alpha)", lanes=["chair", "head_of_service"])
    d.start("meeting_called", "Meeting called", "chair")
    d.user_task("record_meeting", "Record the meeting", "chair", form="meeting",
                instructions="Record who attended, apologies, whether confidentiality was "
                             "agreed, the minutes and the actions agreed.")
    d.user_task("approve_minutes", "Approve the minutes", "head_of_service", form="approve_minutes")
    d.end("minutes_approved_end", "Minutes approved", "head_of_service")
    d.chain("meeting_called", "record_meeting", "approve_minutes", "minutes_approved_end")
    return d


def call_meeting():
    d = Diagram("call_meeting", "Call a meeting", lanes=["chair", "contract_officer"])
    d.start("meeting_needed", "Meeting needed", "chair")
    d.call_activity("hold_meeting", "Hold the meeting", "chair", "meeting")
    d.user_task("after_meeting", "Follow up the meeting", "contract_officer", form="after_meeting")
    d.end("followed_up", "Followed up", "contract_officer")
    d.chain("meeting_needed", "hold_meeting", "after_meeting", "followed_up")
    return d


def residents():
    co = "contract_officer"
    d = Diagram("residents", "Move residents", lanes=[co])
    d.start("moves_needed", "Moves needed", co)
    d.user_task("list_residents", "List the residents", co, form="list_residents")
    d.user_task("move_resident", "Move the resident", co, form="move_resident",
                instructions="Record the move for {{ resident.name }}.",
                # each instance's form fields become its item of the moves list
                post_script='move = {"name": resident["name"], "new_home": new_home, '
                            '"moved_on": moved_on}',
                multi_instance=MultiInstance(collection="residents", item="resident",
                                             output="moves", output_item="move",
                                             scripts_on_instances=True))
    d.end("residents_moved", "Residents moved", co)
    d.chain("moves_needed", "list_residents", "move_resident", "residents_moved")
    return d


def resident_moves():
    """A closure's moves, one sub-workflow per resident (a multi-instance call activity), as the
    Welsh HOSG runs them: officers work on different residents of one case at once."""
    co = "contract_officer"
    d = Diagram("resident_moves", "Resident moves", lanes=[co])
    d.start("moves_needed", "Moves needed", co)
    d.user_task("list_residents", "List the residents", co, form="list_residents")
    d.call_activity("move_each_resident", "Move each resident", co, called_element="resident_move",
                    multi_instance=MultiInstance(collection="residents", item="resident"))
    d.end("residents_moved", "Residents moved", co)
    d.chain("moves_needed", "list_residents", "move_each_resident", "residents_moved")
    return d


def resident_move():
    co = "contract_officer"
    d = Diagram("resident_move", "Move one resident", lanes=[co])
    d.start("move_begins", "Move begins", co)
    d.user_task("move_resident", "Move the resident", co, form="move_resident",
                instructions="Record the move for {{ resident.name }}.")
    d.user_task("confirm_move", "Confirm the resident has settled", co, form="step")
    d.end("move_done", "Move done", co)
    d.chain("move_begins", "move_resident", "confirm_move", "move_done")
    return d


def monthly_loop():
    """A meeting held round after round (as Radar and JIMP meetings are, for years), each
    round appending to a list in the case's data."""
    co = "contract_officer"
    d = Diagram("monthly_loop", "Monthly meetings", lanes=[co])
    d.start("meetings_needed", "Meetings needed", co)
    d.script_task("plan_meetings", "Plan the meetings", co, "meetings_held = []")
    d.exclusive("next_meeting", "Next meeting", co)
    d.user_task("hold_meeting", "Hold the meeting", co, form="meeting_round")
    d.boundary_timer("meeting_overdue", "Meeting overdue (28 days)", "hold_meeting",
                     duration=literal("P28D"), interrupting=False)
    d.end("overdue_noted", "Overdue noted", co)
    d.script_task("record_meeting", "Record the meeting", co,
                  "meetings_held.append({'round': len(meetings_held) + 1, 'minutes': minutes})")
    d.exclusive("another_meeting", "Another meeting?", co)
    d.end("meetings_finished", "Meetings finished", co)
    d.chain("meetings_needed", "plan_meetings", "next_meeting", "hold_meeting", "record_meeting", "another_meeting")
    d.chain("meeting_overdue", "overdue_noted")
    d.flow("another_meeting", "meetings_finished", "Enough held", condition="not another_meeting")
    d.flow("another_meeting", "next_meeting", "Another round", default=True)
    return d


def timers():
    co, partner, hos = "contract_officer", "partner", "head_of_service"
    d = Diagram("timers", "Timers", lanes=[co, partner, hos])
    d.start("decision_needed", "Decision needed", co)
    d.user_task("record_decision", "Record the decision", co, form="record_decision")
    d.parallel("start_deadlines", None, co)
    # (a) notice to the provider, chased after 2 working days
    d.user_task("notify_provider", "Notify the provider", co, form="notify_provider",
                instructions="Send the notice within 2 working days of the decision.")
    # (b) a senior response within 48 hours, escalated otherwise
    d.user_task("senior_response", "Give senior response", partner, form="senior_response")
    # (c) a cooling-off week
    d.timer_catch("cooling_off", "Cooling-off period (7 days)", co, duration=literal("P7D"))
    d.boundary_timer("response_overdue", "Response overdue (48 hours)", "senior_response",
                     duration=literal("PT48H"))
    d.user_task("escalate_no_response", "Escalate the missing response", hos,
                form="escalate_no_response")
    d.boundary_timer("provider_notice_overdue", "Provider notice overdue", "notify_provider",
                     date="working_days_deadline(decision_date, 2, region)", interrupting=False)
    d.user_task("chase_provider_notice", "Chase the provider notice", hos,
                form="chase_provider_notice")
    d.end("chased", "Notice chased", hos)
    d.exclusive("response_settled", None, partner)
    d.parallel("deadlines_met", None, co)
    d.end("deadlines_done", "Deadlines done", co)
    d.chain("decision_needed", "record_decision", "start_deadlines")
    d.flow("start_deadlines", "notify_provider")
    d.flow("start_deadlines", "senior_response")
    d.flow("start_deadlines", "cooling_off")
    d.flow("notify_provider", "deadlines_met")
    d.flow("provider_notice_overdue", "chase_provider_notice")
    d.flow("chase_provider_notice", "chased")
    d.flow("senior_response", "response_settled")
    d.flow("response_overdue", "escalate_no_response")
    d.flow("escalate_no_response", "response_settled")
    d.flow("response_settled", "deadlines_met")
    d.flow("cooling_off", "deadlines_met")
    d.flow("deadlines_met", "deadlines_done")
    return d


def radar_referral():
    d = Diagram("radar_referral", "Radar referral", lanes=["chair"])
    d.message("qpip_requested", correlation={"provider_id": "provider_id"})
    d.message("qpip_outcome", correlation={"provider_id": "provider_id"})
    d.start("referral_received", "Referral received", "chair")
    d.user_task("decide", "Decide the outcome", "chair", form="decide_referral")
    d.exclusive("outcome_chosen", "Outcome?", "chair")
    d.message_throw("request_qpip", "Request a QPIP", "chair", message="qpip_requested",
                    payload='{"provider_id": provider_id, "level": 2}')
    d.message_catch("qpip_outcome_received", "QPIP outcome received", "chair",
                    message="qpip_outcome", variable="qpip_outcome",
                    correlate={"provider_id": "provider_id"})
    d.end("qpip_completed", "QPIP completed", "chair")
    d.end("no_action", "No action", "chair")
    d.chain("referral_received", "decide", "outcome_chosen")
    d.flow("outcome_chosen", "request_qpip", "QPIP", condition='outcome == "qpip"')
    d.flow("outcome_chosen", "no_action", "No action", default=True)
    d.chain("request_qpip", "qpip_outcome_received", "qpip_completed")
    return d


def qpip():
    qi = "quality_improvement"
    d = Diagram("qpip", "Quality performance improvement plan", lanes=[qi])
    d.message("qpip_requested", correlation={"provider_id": "provider_id"})
    d.message("qpip_outcome", correlation={"provider_id": "provider_id"})
    d.start("qpip_requested_start", "QPIP requested", qi, message="qpip_requested",
            variable="request")
    d.script_task("unpack_request", "Unpack the request", qi,
                  'provider_id = request["provider_id"]\nlevel = request["level"]')
    d.user_task("qpip_plan", "Agree the improvement plan", qi, form="qpip_plan")
    d.message_throw("send_outcome", "Send the outcome", qi, message="qpip_outcome",
                    payload='{"provider_id": provider_id, "result": "improved"}')
    d.end("qpip_closed", "QPIP closed", qi)
    d.chain("qpip_requested_start", "unpack_request", "qpip_plan", "send_outcome", "qpip_closed")
    return d


DIAGRAMS = {
    "shared/chased_notice.bpmn": chased_notice,
    "shared/case_actions.bpmn": case_actions,
    "shared/held_message.bpmn": held_message,
    "shared/stage_beside.bpmn": stage_beside,
    "shared/recommendation_sender.bpmn": recommendation_sender,
    "shared/refusing_step.bpmn": refusing_step,
    "shared/hidden_rule.bpmn": hidden_rule,
    "shared/waits_forever.bpmn": waits_forever,
    "shared/unnamed_chaser.bpmn": unnamed_chaser,
    "shared/unchased_deadline.bpmn": unchased_deadline,
    "shared/simple_review.bpmn": simple_review,
    "shared/gateways.bpmn": gateways,
    "shared/meeting.bpmn": meeting_shared,
    "shared/call_meeting.bpmn": call_meeting,
    "shared/residents.bpmn": residents,
    "shared/timers.bpmn": timers,
    "shared/radar_referral.bpmn": radar_referral,
    "shared/qpip.bpmn": qpip,
    "shared/error_end.bpmn": error_end,
    "shared/script_failure.bpmn": script_failure,
    "shared/long_chain.bpmn": long_chain,
    "shared/resident_moves.bpmn": resident_moves,
    "shared/resident_move.bpmn": resident_move,
    "shared/monthly_loop.bpmn": monthly_loop,
    "alpha/meeting.bpmn": meeting_alpha,
    "shared/letters.bpmn": letters,
    "shared/lse.bpmn": lse,
}
