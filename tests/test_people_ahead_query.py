"""The SQL count of people ahead agrees with the pure rule `people_ahead`, whatever the line."""

from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from server.models import Ticket, TicketStatus
from server.rules.next_ticket import people_ahead
from server.services.queries import people_ahead_count, queued

START = datetime(2026, 11, 26, 1, 0, tzinfo=UTC)

line_strategy = st.lists(
    st.tuples(
        st.sampled_from([None, "elderly", "disabled"]),  # priority
        st.booleans(),  # front of line
        st.integers(0, 5),  # minutes after opening (ties happen)
        st.sampled_from([TicketStatus.WAITING, TicketStatus.WAITING, TicketStatus.CALLED]),
        st.sampled_from(["A", "B"]),  # service
    ),
    min_size=1,
    max_size=25,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(line=line_strategy)
def test_sql_count_matches_the_rule(session, world, line):
    session.execute(delete(Ticket))
    services = {"A": world.land.id, "B": world.justice.id}
    tickets = []
    for index, (priority, front, minutes, status, service) in enumerate(line, start=1):
        ticket = Ticket(
            office_id=world.office.id,
            service_id=services[service],
            business_date=date(2026, 11, 26),
            sequence=index,
            number=f"{service}{index:03d}",
            priority=priority,
            front_of_line=front,
            status=status,
            issued_at=START,
            queued_at=START + timedelta(minutes=minutes),
            public_token=f"token-{index}",
        )
        session.add(ticket)
        tickets.append(ticket)
    session.flush()
    waiting = [queued(t) for t in tickets if t.status == TicketStatus.WAITING]
    for ticket in tickets:
        if ticket.status == TicketStatus.WAITING:
            assert people_ahead_count(session, ticket) == people_ahead(queued(ticket), waiting)
    session.rollback()
