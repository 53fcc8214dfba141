"""Signals the ledger sends, so higher apps can react without the ledger importing them."""

from django.dispatch import Signal

# Sent by every write that marks initiative × month buckets stale, inside the write's
# transaction, with `buckets`: a list of (initiative id, first day of the month). Receivers
# that start work should wait for the commit (transaction.on_commit): a rolled-back write
# leaves no mark.
buckets_marked = Signal()
