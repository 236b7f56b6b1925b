"""Working days and deadlines, named as the procedures read."""

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from engine import calendar as cal
from engine.calendar import (
    Region,
    add_working_days,
    bank_holidays,
    calendar_days_deadline,
    explain_calendar_days_deadline,
    explain_weeks_deadline,
    explain_working_days_deadline,
    format_date,
    format_deadline,
    is_working_day,
    weeks_deadline,
    working_days_between,
    working_days_deadline,
)


# --- bank holidays -------------------------------------------------------


def test_christmas_2026_bank_holidays_include_the_boxing_day_substitute_in_both_regions():
    for region in ("england", "wales"):
        days = bank_holidays(2026, region)
        assert days[date(2026, 12, 25)] == "Christmas Day"
        assert date(2026, 12, 28) in days  # Boxing Day falls on a Saturday
        assert "Boxing Day" in days[date(2026, 12, 28)]


def test_england_and_wales_share_bank_holidays_2020_to_2035():
    for year in range(2020, 2036):
        assert dict(bank_holidays(year, Region.ENGLAND)) == dict(bank_holidays(year, Region.WALES))


def test_one_off_bank_holidays_are_included():
    assert date(2022, 9, 19) in bank_holidays(2022, "england")  # State funeral
    assert date(2023, 5, 8) in bank_holidays(2023, "wales")  # Coronation


def test_bank_holidays_are_cached_per_region_and_year():
    assert bank_holidays(2027, "wales") is bank_holidays(2027, Region.WALES)


# --- is_working_day -------------------------------------------------------


def test_weekends_are_not_working_days():
    assert not is_working_day("2026-11-28", "england")  # Saturday
    assert not is_working_day(date(2026, 11, 29), "england")  # Sunday
    assert is_working_day("2026-11-30", "england")  # Monday


def test_christmas_day_and_boxing_day_substitute_are_not_working_days_in_wales():
    assert not is_working_day("2026-12-25", "wales")
    assert not is_working_day("2026-12-28", "wales")
    assert is_working_day("2026-12-29", "wales")


def test_a_council_closure_day_is_not_a_working_day():
    assert is_working_day("2026-12-31", "england")
    assert not is_working_day("2026-12-31", "england", closures=["2026-12-31"])
    assert not is_working_day("2026-12-31", "england", closures=[date(2026, 12, 31)])


def test_region_accepts_enum_or_string_in_any_case():
    assert is_working_day("2026-12-29", Region.WALES)
    assert is_working_day("2026-12-29", " Wales ")
    assert Region("england") is Region.ENGLAND
    assert Region.WALES == "wales"


# --- add_working_days ---------------------------------------------------


def test_two_working_days_after_christmas_eve_in_wales_skips_bank_holidays():
    # Thu 24 Dec; Fri 25 Christmas; Sat/Sun; Mon 28 Boxing Day substitute;
    # Tue 29 is the first working day, Wed 30 the second.
    assert date(2026, 12, 24).strftime("%A") == "Thursday"
    assert add_working_days("2026-12-24", 2, "wales") == "2026-12-30"
    assert add_working_days("2026-12-24", 1, "wales") == "2026-12-29"


def test_five_working_days_after_a_thursday_skip_the_weekend():
    assert add_working_days("2026-11-19", 5, "england") == "2026-11-26"


def test_a_council_closure_day_pushes_the_date_back():
    assert add_working_days("2026-12-24", 3, "england") == "2026-12-31"
    assert add_working_days("2026-12-24", 3, "england", closures=["2026-12-31"]) == "2027-01-04"


def test_easter_monday_2027_is_skipped():
    # Good Friday 26 Mar 2027, Easter Monday 29 Mar 2027.
    assert not is_working_day("2027-03-29", "england")
    assert add_working_days("2027-03-25", 1, "england") == "2027-03-30"
    assert add_working_days("2027-03-25", 1, "wales") == "2027-03-30"


def test_counting_starts_the_day_after_even_from_a_non_working_day():
    assert add_working_days("2026-12-25", 1, "wales") == "2026-12-29"
    assert add_working_days("2026-11-28", 1, "england") == "2026-11-30"  # from a Saturday


def test_zero_working_days_is_the_same_day_when_it_is_a_working_day():
    assert add_working_days("2026-12-24", 0, "wales") == "2026-12-24"


def test_zero_working_days_from_a_holiday_is_the_next_working_day():
    assert add_working_days("2026-12-25", 0, "wales") == "2026-12-29"


def test_accepts_datetimes_and_iso_datetime_strings_using_the_london_date():
    assert add_working_days(datetime(2026, 12, 24, 10, 30), 2, "wales") == "2026-12-30"
    assert add_working_days("2026-12-24T10:30:00+00:00", 2, "wales") == "2026-12-30"
    # 23:30 UTC on 30 Jun is 00:30 on 1 Jul in London (BST).
    assert add_working_days("2026-06-30T23:30:00Z", 0, "england") == "2026-07-01"


def test_negative_working_days_are_rejected():
    with pytest.raises(ValueError, match="0 or more"):
        add_working_days("2026-12-24", -1, "wales")


# --- working_days_between -----------------------------------------------


def test_working_days_between_christmas_eve_and_new_year():
    assert working_days_between("2026-12-24", "2026-12-30", "wales") == 2
    # 29, 30, 31 Dec and 4 Jan (1 Jan is New Year's Day, 2-3 Jan a weekend).
    assert working_days_between("2026-12-24", "2027-01-04", "wales") == 4
    assert working_days_between("2026-12-24", "2026-12-24", "wales") == 0


def test_working_days_between_is_negative_when_end_is_before_start():
    assert working_days_between("2026-12-30", "2026-12-24", "wales") == -2


def test_working_days_between_counts_closures():
    assert working_days_between("2026-12-24", "2027-01-04", "wales", ["2026-12-31"]) == 3


def test_working_days_between_inverts_add_working_days():
    start = "2026-03-13"
    for n in range(0, 40):
        end = add_working_days(start, n, "england")
        if n:
            assert working_days_between(start, end, "england") == n


# --- deadlines ------------------------------------------------------------


def test_two_working_days_after_christmas_eve_in_wales_is_due_at_5pm_on_30_december():
    due = working_days_deadline("2026-12-24", 2, "wales")
    assert due == "2026-12-30T17:00:00+00:00"
    assert datetime.fromisoformat(due).tzinfo is not None


def test_a_deadline_in_british_summer_time_is_16_00_utc():
    due = working_days_deadline("2026-07-01", 2, "england")  # Wed -> Fri 3 Jul
    assert due == "2026-07-03T16:00:00+00:00"
    assert datetime.fromisoformat(due).astimezone(ZoneInfo("Europe/London")).hour == 17


def test_a_deadline_across_the_clocks_going_back_uses_gmt():
    # Clocks go back on Sun 25 Oct 2026.
    assert working_days_deadline("2026-10-22", 1, "england") == "2026-10-23T16:00:00+00:00"
    assert working_days_deadline("2026-10-23", 1, "england") == "2026-10-26T17:00:00+00:00"


def test_a_council_can_set_another_deadline_hour():
    assert working_days_deadline("2026-12-24", 2, "wales", hour=12) == "2026-12-30T12:00:00+00:00"


def test_a_council_closure_day_moves_the_working_days_deadline():
    due = working_days_deadline("2026-12-24", 3, "england", closures=["2026-12-31"])
    assert due == "2027-01-04T17:00:00+00:00"


def test_within_fourteen_days_is_calendar_based():
    assert calendar_days_deadline("2026-12-24", 14) == "2027-01-07T17:00:00+00:00"
    # Lands on a bank holiday and is not moved.
    assert calendar_days_deadline("2026-12-24", 1) == "2026-12-25T17:00:00+00:00"


def test_within_four_weeks_is_the_same_weekday_four_weeks_later():
    assert weeks_deadline("2026-12-24", 4) == "2027-01-21T17:00:00+00:00"
    assert weeks_deadline("2026-06-04", 4) == "2026-07-02T16:00:00+00:00"


def test_deadline_strings_are_usable_as_spiff_time_date_values():
    from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition

    due = working_days_deadline("2026-12-24", 2, "wales")
    parsed = TimerEventDefinition.parse_time_or_duration(due)
    assert parsed == datetime(2026, 12, 30, 17, tzinfo=timezone.utc)


# --- words for staff -----------------------------------------------------


def test_format_date_reads_like_24_dec_2026():
    assert format_date("2026-12-24") == "24 Dec 2026"
    assert format_date(date(2027, 3, 1)) == "1 Mar 2027"


def test_format_deadline_shows_london_time():
    assert format_deadline("2026-12-30T17:00:00+00:00") == "17:00 on 30 Dec 2026"
    assert format_deadline("2026-07-03T16:00:00+00:00") == "17:00 on 3 Jul 2026"


def test_explain_two_working_days_after_christmas_eve_in_wales():
    assert (
        explain_working_days_deadline("2026-12-24", 2, "wales")
        == "2 working days after 24 Dec 2026 (Wales bank holidays)"
    )
    assert (
        explain_working_days_deadline("2026-12-24", 2, "wales", after="the decision")
        == "2 working days after the decision on 24 Dec 2026 (Wales bank holidays)"
    )


def test_explanation_mentions_council_closure_days_and_singular_day():
    assert (
        explain_working_days_deadline("2026-12-24", 1, "england", closures=["2026-12-31"])
        == "1 working day after 24 Dec 2026 (England bank holidays and council closure days)"
    )


def test_explain_calendar_and_week_deadlines():
    assert explain_calendar_days_deadline("2026-12-24", 14) == "14 days after 24 Dec 2026"
    assert (
        explain_weeks_deadline("2026-12-24", 4, after="the strategy meeting")
        == "4 weeks after the strategy meeting on 24 Dec 2026"
    )


# --- bad inputs -----------------------------------------------------------


@pytest.mark.parametrize("bad", ["24/12/2026", "2026-13-01", "", "tomorrow"])
def test_a_bad_date_string_names_the_value_and_the_expected_form(bad):
    with pytest.raises(ValueError) as err:
        add_working_days(bad, 2, "wales")
    assert repr(bad) in str(err.value)
    assert "2026-12-24" in str(err.value)


def test_a_missing_date_is_rejected_clearly():
    with pytest.raises(ValueError, match="None"):
        is_working_day(None, "wales")


def test_an_unknown_region_lists_the_valid_ones():
    with pytest.raises(ValueError, match="'scotland'.*'england', 'wales'"):
        is_working_day("2026-12-24", "scotland")


@pytest.mark.parametrize("bad", ["2", 2.5, True, None])
def test_a_bad_number_of_days_is_rejected(bad):
    with pytest.raises(ValueError, match="whole number"):
        add_working_days("2026-12-24", bad, "wales")


def test_a_bad_closure_day_names_its_position():
    with pytest.raises(ValueError, match=r"closures\[1\].*'31-12-2026'"):
        is_working_day("2026-12-24", "wales", closures=["2026-12-30", "31-12-2026"])


def test_a_single_closure_string_instead_of_a_list_is_rejected():
    with pytest.raises(ValueError, match="list of dates"):
        is_working_day("2026-12-24", "wales", closures="2026-12-31")


def test_bad_hour_and_time_zone_are_rejected():
    with pytest.raises(ValueError, match="hour"):
        working_days_deadline("2026-12-24", 2, "wales", hour=24)
    with pytest.raises(ValueError, match="Europe/Londn"):
        working_days_deadline("2026-12-24", 2, "wales", tz="Europe/Londn")


def test_public_surface_is_listed():
    for name in cal.__all__:
        assert hasattr(cal, name)
