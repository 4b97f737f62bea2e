"""Tests for who is next at a counter, and how many people are ahead of a ticket."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.rules.next_ticket import (
    CounterQueue,
    Priority,
    QueuedTicket,
    QueuePolicy,
    choose_next,
    eligible,
    next_priority_streak,
    people_ahead,
    queue_order,
)

NOW = datetime(2024, 5, 2, 3, 0, tzinfo=UTC)
COUNTER = CounterQueue(counter_id=1, service_ids=(10,))
POLICY = QueuePolicy()


def ticket(
    id: int,
    service_id: int = 10,
    waited: int = 0,
    priority: str | None = None,
    target_counter_id: int | None = None,
    front_of_line: bool = False,
) -> QueuedTicket:
    """Build a ticket that has been waiting `waited` minutes at NOW."""
    return QueuedTicket(
        id=id,
        service_id=service_id,
        queued_at=NOW - timedelta(minutes=waited),
        priority=priority,
        target_counter_id=target_counter_id,
        front_of_line=front_of_line,
    )


def ids(tickets: list[QueuedTicket]) -> list[int]:
    return [queued.id for queued in tickets]


def order(
    tickets: list[QueuedTicket],
    counter: CounterQueue = COUNTER,
    streak: int = 0,
    policy: QueuePolicy = POLICY,
) -> list[int]:
    return ids(queue_order(tickets, counter, NOW, streak, policy))


# --- eligible ---------------------------------------------------------------


def test_eligible_keeps_only_the_counters_services_in_input_order():
    counter = CounterQueue(1, (10, 20))
    tickets = [ticket(1, 30), ticket(2, 20), ticket(3, 10), ticket(4, 40)]
    assert ids(eligible(tickets, counter)) == [2, 3]


def test_ticket_targeted_at_another_counter_is_not_eligible():
    assert eligible([ticket(1, 10, target_counter_id=2)], COUNTER) == []


def test_ticket_targeted_here_is_eligible_even_for_an_unlisted_service():
    assert ids(eligible([ticket(1, 99, target_counter_id=1)], COUNTER)) == [1]


def test_eligible_accepts_any_iterable():
    assert ids(eligible((ticket(n) for n in (3, 1, 2)), COUNTER)) == [3, 1, 2]


def test_counter_with_no_services_only_sees_tickets_sent_to_it():
    counter = CounterQueue(1, ())
    assert ids(eligible([ticket(1), ticket(2, target_counter_id=1)], counter)) == [2]


# --- choose_next and queue_order: examples -----------------------------------


def test_nobody_waiting_means_no_next_ticket():
    assert choose_next([], COUNTER, NOW, 0, POLICY) is None
    assert queue_order([], COUNTER, NOW, 0, POLICY) == []


def test_nobody_waiting_for_this_counter_means_no_next_ticket():
    assert (
        choose_next([ticket(1, 20), ticket(2, 10, target_counter_id=5)], COUNTER, NOW, 0, POLICY)
        is None
    )


def test_oldest_ticket_first():
    tickets = [ticket(1, waited=5), ticket(2, waited=20), ticket(3, waited=10)]
    assert order(tickets) == [2, 3, 1]
    assert choose_next(tickets, COUNTER, NOW, 0, POLICY) == tickets[1]


def test_same_arrival_time_breaks_ties_by_id():
    assert order([ticket(7), ticket(3), ticket(5)]) == [3, 5, 7]


def test_counter_prefers_its_first_service_over_older_tickets_of_later_ones():
    counter = CounterQueue(1, (20, 10))
    tickets = [ticket(1, 10, waited=30), ticket(2, 20, waited=1), ticket(3, 20, waited=2)]
    assert order(tickets, counter) == [3, 2, 1]


def test_service_listed_twice_keeps_its_first_rank():
    counter = CounterQueue(1, (20, 10, 20))
    assert order([ticket(1, 10, waited=30), ticket(2, 20)], counter) == [2, 1]


def test_priority_ticket_goes_before_older_normal_tickets():
    tickets = [ticket(1, waited=30), ticket(2, waited=1, priority=Priority.ELDERLY)]
    assert order(tickets) == [2, 1]


@pytest.mark.parametrize("category", list(Priority))
def test_every_priority_category_counts_as_priority(category):
    assert order([ticket(1, waited=30), ticket(2, priority=category)]) == [2, 1]


def test_empty_priority_string_counts_as_normal():
    assert order([ticket(1, waited=30), ticket(2, priority="")]) == [1, 2]


def test_priority_categories_are_not_ranked_against_each_other():
    tickets = [
        ticket(1, waited=1, priority=Priority.OTHER),
        ticket(2, waited=3, priority=Priority.MERIT),
        ticket(3, waited=2, priority=Priority.PREGNANT),
    ]
    assert order(tickets) == [2, 3, 1]


def test_after_max_priority_calls_in_a_row_a_waiting_normal_ticket_is_called():
    tickets = [ticket(1, waited=30), ticket(2, priority=Priority.DISABLED)]
    assert choose_next(tickets, COUNTER, NOW, 2, POLICY) == tickets[1]
    assert choose_next(tickets, COUNTER, NOW, 3, POLICY) == tickets[0]
    assert choose_next(tickets, COUNTER, NOW, 7, POLICY) == tickets[0]


def test_streak_cap_does_not_block_priority_tickets_when_no_normal_one_waits():
    tickets = [ticket(1, priority=Priority.ELDERLY), ticket(2, priority=Priority.MERIT)]
    assert order(tickets, streak=10) == [1, 2]


def test_full_order_interleaves_normal_tickets_into_long_priority_runs():
    priority = [ticket(n, waited=10 - n, priority=Priority.ELDERLY) for n in range(1, 6)]
    normal = [ticket(n, waited=60 - n) for n in (11, 12)]
    policy = QueuePolicy(max_priority_in_row=2)
    assert order(priority + normal, policy=policy) == [1, 2, 11, 3, 4, 12, 5]


def test_full_order_starts_with_a_normal_ticket_when_the_streak_is_already_full():
    priority = [ticket(n, waited=10 - n, priority=Priority.ELDERLY) for n in range(1, 6)]
    normal = [ticket(n, waited=60 - n) for n in (11, 12)]
    assert order(priority + normal, streak=3) == [11, 1, 2, 3, 12, 4, 5]


def test_full_order_finishes_a_partial_streak_before_a_normal_ticket():
    priority = [ticket(n, waited=10 - n, priority=Priority.ELDERLY) for n in range(1, 4)]
    assert order([*priority, ticket(11, waited=60)], streak=2) == [1, 11, 2, 3]


def test_zero_max_priority_in_row_serves_normal_tickets_first():
    tickets = [ticket(1, priority=Priority.ELDERLY, waited=50), ticket(2), ticket(3)]
    assert order(tickets, policy=QueuePolicy(max_priority_in_row=0)) == [2, 3, 1]


def test_negative_max_priority_in_row_is_refused():
    with pytest.raises(ValueError, match="max_priority_in_row"):
        QueuePolicy(max_priority_in_row=-1)


def test_front_of_line_goes_before_older_tickets_of_its_class():
    tickets = [ticket(1, waited=30), ticket(2, waited=1, front_of_line=True)]
    assert order(tickets) == [2, 1]


def test_front_of_line_beats_service_preference():
    counter = CounterQueue(1, (10, 20))
    tickets = [ticket(1, 10, waited=30), ticket(2, 20, front_of_line=True)]
    assert order(tickets, counter) == [2, 1]


def test_front_of_line_normal_ticket_stays_behind_priority_tickets():
    tickets = [ticket(1, waited=30, front_of_line=True), ticket(2, priority=Priority.ELDERLY)]
    assert order(tickets) == [2, 1]


def test_tickets_sent_to_this_counter_come_first():
    policy = QueuePolicy(max_wait_minutes={10: 15})
    tickets = [
        ticket(1, waited=60),  # aged
        ticket(2, priority=Priority.ELDERLY, front_of_line=True),
        ticket(3, 10, target_counter_id=1),
    ]
    assert order(tickets, policy=policy) == [3, 1, 2]


def test_tickets_sent_here_follow_the_in_class_order():
    counter = CounterQueue(1, (10, 20))
    tickets = [
        ticket(1, 20, waited=50, target_counter_id=1),
        ticket(2, 10, waited=5, target_counter_id=1),
        ticket(3, 10, waited=9, target_counter_id=1),
        ticket(4, 20, waited=1, target_counter_id=1, front_of_line=True),
    ]
    assert order(tickets, counter) == [4, 3, 2, 1]


def test_ticket_sent_here_for_an_unlisted_service_counts_as_most_preferred():
    counter = CounterQueue(1, (10,))
    tickets = [ticket(1, 10, waited=50, target_counter_id=1), ticket(2, 99, target_counter_id=1)]
    assert order(tickets, counter) == [2, 1]


def test_ticket_waiting_longer_than_max_wait_is_promoted():
    policy = QueuePolicy(max_wait_minutes={20: 30})
    counter = CounterQueue(1, (10, 20))
    tickets = [ticket(1, 10, priority=Priority.ELDERLY), ticket(2, 10), ticket(3, 20, waited=31)]
    assert order(tickets, counter, policy=policy) == [3, 1, 2]


def test_waiting_exactly_max_wait_is_not_yet_promoted():
    policy = QueuePolicy(max_wait_minutes={20: 30})
    counter = CounterQueue(1, (10, 20))
    tickets = [ticket(1, 10), ticket(2, 20, waited=30)]
    assert order(tickets, counter, policy=policy) == [1, 2]


def test_aged_tickets_go_oldest_first_regardless_of_preference_or_priority():
    policy = QueuePolicy(max_wait_minutes={10: 30, 20: 30})
    counter = CounterQueue(1, (10, 20))
    tickets = [
        ticket(1, 10, waited=40, priority=Priority.ELDERLY, front_of_line=True),
        ticket(2, 20, waited=50),
        ticket(3, 10, waited=45),
    ]
    assert order(tickets, counter, policy=policy) == [2, 3, 1]


@pytest.mark.parametrize("max_wait", [{10: None}, {}, {20: 1}])
def test_services_without_max_wait_never_age(max_wait):
    policy = QueuePolicy(max_wait_minutes=max_wait)
    tickets = [ticket(1, priority=Priority.ELDERLY), ticket(2, waited=10_000)]
    assert order(tickets, policy=policy) == [1, 2]


def test_aged_priority_calls_extend_the_streak():
    policy = QueuePolicy(max_priority_in_row=3, max_wait_minutes={10: 30})
    tickets = [
        ticket(1, waited=40, priority=Priority.ELDERLY),  # aged
        ticket(2, waited=5, priority=Priority.ELDERLY),
        ticket(3, waited=20),
    ]
    assert order(tickets, streak=2, policy=policy) == [1, 3, 2]


def test_calls_of_targeted_normal_tickets_reset_the_streak():
    tickets = [
        ticket(1, priority=Priority.ELDERLY),
        ticket(2, waited=20),
        ticket(3, target_counter_id=1),
    ]
    assert order(tickets, streak=3) == [3, 1, 2]


def test_queue_order_does_not_need_a_list():
    assert ids(queue_order(iter([ticket(2), ticket(1)]), COUNTER, NOW, 0, POLICY)) == [1, 2]


# --- next_priority_streak ----------------------------------------------------


def test_priority_call_extends_the_streak():
    assert next_priority_streak(0, ticket(1, priority=Priority.MERIT)) == 1
    assert next_priority_streak(2, ticket(1, priority="other")) == 3


@pytest.mark.parametrize("priority", [None, ""])
def test_normal_call_resets_the_streak(priority):
    assert next_priority_streak(5, ticket(1, priority=priority)) == 0


# --- people_ahead ------------------------------------------------------------


def test_people_ahead_counts_earlier_tickets_of_the_same_service_only():
    me = ticket(5, 10, waited=10)
    waiting = [ticket(1, 10, waited=20), ticket(2, 20, waited=30), ticket(3, 10, waited=1), me]
    assert people_ahead(me, waiting) == 1


def test_people_ahead_puts_priority_tickets_first():
    me = ticket(5, waited=60)
    waiting = [ticket(1, priority=Priority.PREGNANT), ticket(2, priority="merit"), me]
    assert people_ahead(me, waiting) == 2
    assert people_ahead(waiting[0], waiting) == 0
    assert people_ahead(waiting[1], waiting) == 1
    assert people_ahead(ticket(9, waited=5, priority=Priority.ELDERLY), waiting) == 0


def test_people_ahead_puts_front_of_line_before_arrival_time():
    me = ticket(5, waited=60)
    assert people_ahead(me, [ticket(1, front_of_line=True), me]) == 1


def test_people_ahead_breaks_arrival_ties_by_id():
    waiting = [ticket(1), ticket(2), ticket(3)]
    assert [people_ahead(queued, waiting) for queued in waiting] == [0, 1, 2]


def test_people_ahead_works_for_a_ticket_not_in_the_list():
    assert people_ahead(ticket(9), [ticket(1, waited=5), ticket(2, waited=1)]) == 2
    assert people_ahead(ticket(9), []) == 0


def test_people_ahead_does_not_count_the_ticket_itself_even_if_changed():
    # The caller may hold a stale copy (e.g. moved to the front of the line since).
    assert people_ahead(ticket(1, waited=5), [ticket(1, front_of_line=True)]) == 0


# --- properties --------------------------------------------------------------

SERVICES = (10, 20, 30, 40)


@st.composite
def waiting_tickets(
    draw: st.DrawFn, targeted: bool = True, services: tuple[int, ...] = SERVICES
) -> list[QueuedTicket]:
    ids_ = draw(st.lists(st.integers(1, 10_000), unique=True, max_size=25))
    return [
        ticket(
            id_,
            service_id=draw(st.sampled_from(services)),
            waited=draw(st.integers(0, 180)),
            priority=draw(st.none() | st.sampled_from(list(Priority))),
            target_counter_id=draw(st.none() | st.sampled_from([1, 2])) if targeted else None,
            front_of_line=draw(st.booleans()),
        )
        for id_ in ids_
    ]


counters = st.builds(
    CounterQueue,
    counter_id=st.just(1),
    service_ids=st.lists(st.sampled_from(SERVICES), unique=True, max_size=4).map(tuple),
)
policies = st.builds(
    QueuePolicy,
    max_priority_in_row=st.integers(0, 4),
    max_wait_minutes=st.dictionaries(
        st.sampled_from(SERVICES), st.none() | st.integers(0, 120), max_size=4
    ),
)
policies_without_aging = st.builds(QueuePolicy, max_priority_in_row=st.integers(0, 4))
streaks = st.integers(0, 6)


@given(waiting_tickets(), counters, streaks, policies)
def test_order_is_a_permutation_of_the_eligible_tickets(tickets, counter, streak, policy):
    result = queue_order(tickets, counter, NOW, streak, policy)
    assert sorted(ids(result)) == sorted(ids(eligible(tickets, counter)))


@given(waiting_tickets(), counters, streaks, policies, st.data())
def test_order_does_not_depend_on_input_order(tickets, counter, streak, policy, data):
    shuffled = data.draw(st.permutations(tickets))
    assert queue_order(shuffled, counter, NOW, streak, policy) == queue_order(
        tickets, counter, NOW, streak, policy
    )


@given(waiting_tickets(), counters, streaks, policies)
def test_choose_next_is_the_head_of_the_order(tickets, counter, streak, policy):
    result = queue_order(tickets, counter, NOW, streak, policy)
    assert choose_next(tickets, counter, NOW, streak, policy) == (result[0] if result else None)


@given(waiting_tickets(), counters, streaks, policies)
def test_order_is_what_repeated_calls_would_produce(tickets, counter, streak, policy):
    expected = queue_order(tickets, counter, NOW, streak, policy)
    remaining = list(tickets)
    called = []
    while (chosen := choose_next(remaining, counter, NOW, streak, policy)) is not None:
        called.append(chosen)
        remaining.remove(chosen)
        streak = next_priority_streak(streak, chosen)
    assert called == expected


@given(waiting_tickets(targeted=False), counters, streaks, policies_without_aging)
def test_never_more_priority_calls_in_a_row_than_allowed_while_normal_tickets_wait(
    tickets, counter, streak, policy
):
    remaining = eligible(tickets, counter)
    while (chosen := choose_next(remaining, counter, NOW, streak, policy)) is not None:
        normal_waiting = any(not queued.priority for queued in remaining)
        if chosen.priority and normal_waiting:
            assert streak < policy.max_priority_in_row
        remaining.remove(chosen)
        streak = next_priority_streak(streak, chosen)


@given(waiting_tickets(), counters, streaks, policies)
def test_targeted_then_aged_tickets_come_before_all_others(tickets, counter, streak, policy):
    def rank(queued: QueuedTicket) -> int:
        if queued.target_counter_id == counter.counter_id:
            return 0
        max_wait = policy.max_wait_minutes.get(queued.service_id)
        if max_wait is not None and NOW - queued.queued_at > timedelta(minutes=max_wait):
            return 1
        return 2

    ranks = [rank(queued) for queued in queue_order(tickets, counter, NOW, streak, policy)]
    assert ranks == sorted(ranks)


@given(waiting_tickets(targeted=False), counters, streaks, policies_without_aging)
def test_within_a_class_order_follows_front_preference_arrival_and_id(
    tickets, counter, streak, policy
):
    result = queue_order(tickets, counter, NOW, streak, policy)

    def key(queued: QueuedTicket) -> tuple[bool, int, datetime, int]:
        preference = counter.service_ids.index(queued.service_id)
        return (not queued.front_of_line, preference, queued.queued_at, queued.id)

    for is_priority in (True, False):
        same_class = [queued for queued in result if bool(queued.priority) is is_priority]
        assert same_class == sorted(same_class, key=key)


@given(waiting_tickets(targeted=False, services=(10,)))
def test_people_ahead_gives_each_ticket_of_a_line_a_distinct_place(tickets):
    places = [people_ahead(queued, tickets) for queued in tickets]
    assert sorted(places) == list(range(len(tickets)))


@given(waiting_tickets(targeted=False, services=(10,)))
def test_people_ahead_matches_the_order_of_a_single_service_counter_without_streak_cap(
    tickets,
):
    # With an unbounded streak cap and no aging, a counter serving only this service
    # calls in exactly the order people_ahead describes.
    policy = QueuePolicy(max_priority_in_row=len(tickets) + 1)
    result = queue_order(tickets, CounterQueue(1, (10,)), NOW, 0, policy)
    assert [people_ahead(queued, tickets) for queued in result] == list(range(len(result)))


@given(waiting_tickets(targeted=False))
def test_people_ahead_ignores_other_services(tickets):
    for queued in tickets:
        same_service = [other for other in tickets if other.service_id == queued.service_id]
        assert people_ahead(queued, tickets) == people_ahead(queued, same_service)


# --- appointments (design §12) ----------------------------------------------


def appointment(id: int, slot_started: int, waited: int = 0, **overrides) -> QueuedTicket:
    """An appointment ticket whose slot started `slot_started` minutes before NOW."""
    base = ticket(id, waited=waited, **overrides)
    return QueuedTicket(
        id=base.id,
        service_id=base.service_id,
        queued_at=base.queued_at,
        priority=base.priority,
        target_counter_id=base.target_counter_id,
        front_of_line=base.front_of_line,
        slot_start=NOW - timedelta(minutes=slot_started),
    )


def test_an_appointment_whose_slot_started_goes_before_walk_ins():
    assert order([ticket(1, waited=40), appointment(2, slot_started=0)]) == [2, 1]


def test_an_appointment_before_its_slot_waits_like_a_walk_in():
    assert order([ticket(1, waited=40), appointment(2, slot_started=-5, waited=10)]) == [1, 2]


def test_earlier_slot_first_then_arrival():
    tickets = [
        appointment(1, slot_started=0, waited=20),
        appointment(2, slot_started=15, waited=5),
        appointment(3, slot_started=0, waited=25),
    ]
    assert order(tickets) == [2, 3, 1]


def test_appointments_go_before_priority_tickets_and_share_their_budget():
    tickets = [
        ticket(1, waited=60),
        ticket(2, waited=50, priority=Priority.ELDERLY),
        appointment(3, slot_started=5),
        appointment(4, slot_started=0),
    ]
    # max 3 in a row: two appointments and the elderly citizen, then the walk-in.
    assert order(tickets) == [3, 4, 2, 1]
    assert order(tickets, streak=2) == [3, 1, 4, 2]


def test_calling_a_due_appointment_counts_in_the_streak():
    assert next_priority_streak(1, appointment(1, slot_started=0), NOW) == 2
    assert next_priority_streak(1, appointment(1, slot_started=-5), NOW) == 0
    assert next_priority_streak(1, ticket(1), NOW) == 0


def test_aged_walk_ins_still_go_before_appointments():
    policy = QueuePolicy(max_wait_minutes={10: 30})
    assert order([appointment(1, slot_started=0), ticket(2, waited=45)], policy=policy) == [2, 1]


mixed_tickets = st.lists(
    st.builds(
        lambda id_, waited, slot, priority: (
            appointment(id_, slot_started=slot, waited=waited)
            if slot is not None
            else ticket(id_, waited=waited, priority=priority)
        ),
        st.integers(1, 10_000),
        st.integers(0, 120),
        st.none() | st.integers(-30, 60),
        st.none() | st.sampled_from(list(Priority)),
    ),
    max_size=25,
    unique_by=lambda queued: queued.id,
)


@given(mixed_tickets, st.integers(0, 5))
def test_property_due_appointments_go_before_plain_walk_ins_up_to_the_budget(tickets, streak):
    policy = QueuePolicy(max_priority_in_row=3)
    called = queue_order(tickets, COUNTER, NOW, streak, policy)
    due = [queued for queued in called if queued.slot_start and queued.slot_start <= NOW]
    # Among due appointments: earlier slot first.
    slots = [queued.slot_start for queued in due]
    assert slots == sorted(slots)
    # A plain walk-in is called before a due appointment only when the budget is spent.
    running = streak
    for position, queued in enumerate(called):
        is_walk_in = not queued.priority and not (queued.slot_start and queued.slot_start <= NOW)
        if is_walk_in and any(later in due for later in called[position + 1 :]):
            assert running >= policy.max_priority_in_row
        running = next_priority_streak(running, queued, NOW)


def _walk_in(queued: QueuedTicket) -> bool:
    return not queued.priority and not (queued.slot_start and queued.slot_start <= NOW)


@given(mixed_tickets, st.integers(0, 5), st.integers(1, 4))
def test_property_walk_ins_keep_moving(tickets, streak, budget):
    policy = QueuePolicy(max_priority_in_row=budget)
    called = queue_order(tickets, COUNTER, NOW, streak, policy)
    running = streak
    for position, queued in enumerate(called):
        walk_in_left = any(_walk_in(other) for other in called[position:])
        if walk_in_left and not _walk_in(queued):
            # Priority and due appointments together never pass the budget while one waits.
            assert running < budget
        running = next_priority_streak(running, queued, NOW)


@given(mixed_tickets, st.integers(0, 5), st.randoms())
def test_property_order_is_deterministic_whatever_the_input_order(tickets, streak, random):
    shuffled = list(tickets)
    random.shuffle(shuffled)
    assert ids(queue_order(tickets, COUNTER, NOW, streak, POLICY)) == ids(
        queue_order(shuffled, COUNTER, NOW, streak, POLICY)
    )
