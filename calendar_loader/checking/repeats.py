"""Find rows that repeat another: the same request body, or the same caption within a day."""

from __future__ import annotations

import numpy as np
import pandas as pd

REPEAT_WINDOW_SECONDS = 24 * 3600


def codes_of(values: list[object] | pd.Series) -> np.ndarray:
    """Give equal values equal integer codes; None and NaN get -1."""
    return pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)[0]


def find_duplicates(
    caption_codes: np.ndarray,
    media_codes: np.ndarray,
    profile_codes: np.ndarray,
    instants: np.ndarray,
    scheduled: np.ndarray,
    candidates: np.ndarray,
) -> np.ndarray:
    """Return, for each row, the position of an earlier candidate row with the same body.

    Two rows have the same body when caption, media URLs, profile ids and scheduled time
    (or the lack of one) are all equal. The codes stand for those values. Rows that are
    not `candidates` are neither compared nor reported. The result is -1 for a row that
    repeats no earlier row.
    """
    first_of = np.full(len(caption_codes), -1, dtype=np.int64)
    positions = np.flatnonzero(candidates)
    if len(positions) < 2:
        return first_of
    times = np.where(scheduled[positions], instants[positions], np.iinfo(np.int64).min)
    group = combine_codes(
        combine_codes(caption_codes[positions], media_codes[positions]),
        combine_codes(profile_codes[positions], pd.factorize(times)[0]),
    )
    _, first_index = np.unique(group, return_index=True)
    first = positions[first_index[group]]
    repeated = first != positions
    first_of[positions[repeated]] = first[repeated]
    return first_of


def find_repeated_captions(
    caption_codes: np.ndarray,
    profile_codes: np.ndarray,
    instants: np.ndarray,
    candidates: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Find candidate rows whose caption and profiles an earlier row posts less than 24 h before.

    Returns the positions of the later rows and, for each, the position of the row just
    before it in time. Candidates must have a caption and a scheduled time.
    """
    positions = np.flatnonzero(candidates)
    if len(positions) < 2:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    captions = caption_codes[positions]
    profiles = profile_codes[positions]
    times = instants[positions]
    post = combine_codes(captions, profiles)
    # lexsort is stable, so rows at the same time stay in calendar order.
    order = np.lexsort((times, post))
    post, times = post[order], times[order]
    same = post[1:] == post[:-1]
    close = (times[1:] - times[:-1]) < REPEAT_WINDOW_SECONDS
    later = np.flatnonzero(same & close) + 1
    return positions[order][later], positions[order][later - 1]


def combine_codes(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Give each distinct pair (first[i], second[i]) of codes of -1 or more its own code."""
    if len(first) == 0:
        return np.asarray(first, dtype=np.int64)
    width = int(second.max()) + 2
    if (int(first.max()) + 2) * width < 2**62:
        return pd.factorize((first.astype(np.int64) + 1) * width + (second + 1))[0]
    # Too many codes to pack into one int64: let pandas group the pairs.
    pairs = pd.DataFrame({"first": first, "second": second})
    return pairs.groupby(["first", "second"], sort=False).ngroup().to_numpy()
