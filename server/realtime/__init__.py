"""Socket.IO: rooms, the publisher that pushes committed changes, and connection handlers."""
