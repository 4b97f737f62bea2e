"""Row ids: the largest one a database column (BIGINT) can hold or compare."""

MAX_ID = 2**63 - 1
