"""The tests' fresh PostgreSQL databases are UTF-8 even on a cluster made in a C locale."""

import pytest
from sqlalchemy import create_engine, text
from support_server import fresh_postgres_database

VIETNAMESE = "Bộ phận Một cửa huyện Yên Thế"


@pytest.mark.postgres
def test_fresh_database_is_utf8_and_keeps_vietnamese_text():
    with fresh_postgres_database() as url:
        engine = create_engine(url)
        try:
            with engine.connect() as connection:
                assert connection.execute(text("SHOW server_encoding")).scalar() == "UTF8"
                echoed = connection.execute(text("SELECT upper(:name)"), {"name": VIETNAMESE})
                assert echoed.scalar() == VIETNAMESE.upper()
        finally:
            engine.dispose()
