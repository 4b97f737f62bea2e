"""Telling a citizen when to come: messages, the notifiers that send them, the outbox that retries.

A driver like `server/printing`: no Flask, no database. The after-commit subscriber
(`server/realtime/notify_dispatch.py`) turns committed changes into `Message`s and puts them in
the app's `Outbox`; the outbox's worker sends each through the office's `Notifier`.
"""
