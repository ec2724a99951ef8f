"""Sending checked rows to Ocoya, each post at most once, under the API's rate limit.

    fingerprint  the identity of a post: API URL, workspace and request body
    retry        backoff with full jitter, and the cap on attempts per row
    limiter      waits so that no rolling window holds more requests than allowed
    client       the HTTP calls, each outcome sorted by whether a post may exist
    settle       finds, in Ocoya's post list, posts whose creation went unconfirmed
    stop         the flag that SIGINT and SIGTERM set between requests
    events       what the dispatcher reports while it runs, and its result
    dispatcher   the send loop: ledger first, then the request, then the ledger again

Import from the modules themselves. This file imports none of them, because the
ledger imports `fingerprint` and `events`, and the dispatcher imports the ledger.
"""
