"""resolve_zone_name: time zone cells as people write them."""

from __future__ import annotations

import pytest

from calendar_loader.checking.zones import ZoneError, resolve_zone_name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        pytest.param("Europe/Paris", "Europe/Paris", id="iana"),
        pytest.param("  america/new_york ", "America/New_York", id="any-case"),
        pytest.param("Asia/Shanghai (BJT/GMT+8)", "Asia/Shanghai", id="free-text"),
        pytest.param("Paris time (Europe/Paris)", "Europe/Paris", id="name-in-brackets"),
        pytest.param(
            "America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires", id="3-part"
        ),
        pytest.param("UTC", "UTC", id="utc"),
        pytest.param("Z", "UTC", id="z"),
        pytest.param("gmt", "UTC", id="gmt"),
        pytest.param("UTC+0", "UTC", id="utc-plus-zero"),
        pytest.param("Etc/UTC", "UTC", id="etc-utc"),
        pytest.param("Etc/GMT+8", "Etc/GMT+8", id="etc-name-as-written"),
    ],
)
def test_resolve_zone_name(text: str, name: str) -> None:
    assert resolve_zone_name(text) == name


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            "GMT+8",
            "GMT+8 is a bare UTC offset, not a time zone name. It does not follow daylight "
            "saving time, and IANA names reverse the sign: Etc/GMT+8 means UTC−8. Write the "
            "name of the place's zone instead, such as Asia/Shanghai for UTC+8.",
            id="gmt-plus-8",
        ),
        pytest.param(
            "UTC-5",
            "UTC-5 is a bare UTC offset, not a time zone name. It does not follow daylight "
            "saving time, and IANA names reverse the sign: Etc/GMT-5 means UTC+5. Write the "
            "name of the place's zone instead, such as America/New_York for UTC−5.",
            id="utc-minus-5",
        ),
        pytest.param(
            "UTC+05:30",
            "UTC+05:30 is a bare UTC offset, not a time zone name. It does not follow daylight "
            "saving time, and IANA names reverse the sign: Etc/GMT+5 means UTC−5. Write the "
            "name of the place's zone instead, such as Europe/Paris or Asia/Kolkata.",
            id="half-hour",
        ),
        pytest.param(
            "CET",
            "The time zone is not an IANA time zone name. Write a name of the form "
            "Area/Location, such as Europe/Paris or America/New_York, or UTC. Abbreviations "
            "such as CET or EST are not accepted because they do not say when daylight "
            "saving time applies.",
            id="abbreviation",
        ),
        pytest.param(
            "Europe/Paris or America/New_York",
            "The time zone names 2 zones (Europe/Paris, America/New_York). Keep only one.",
            id="two-zones",
        ),
        pytest.param("Mars/Olympus_Mons", "is not an IANA time zone name", id="unknown"),
    ],
)
def test_resolve_zone_name_rejects(text: str, message: str) -> None:
    with pytest.raises(ZoneError) as caught:
        resolve_zone_name(text)
    assert message in str(caught.value)
