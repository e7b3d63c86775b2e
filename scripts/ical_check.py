"""Reads an iCalendar feed on stdin with Python's `icalendar` (an independent parser) and prints
what the tests compare as JSON: each event's UID, summary, start (UTC), TZID, RRULE and its first
occurrences (UTC), priority and alarms; and for each VTIMEZONE, the UTC offset its own
definition (not the tz database) gives at each instant named on the command line."""

import json
import sys
from datetime import datetime, timedelta, timezone

import icalendar
from dateutil.rrule import rrulestr

UTC = timezone.utc


def iso(dt):
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    probes = [datetime.fromisoformat(p.replace("Z", "+00:00")) for p in sys.argv[1:]]
    cal = icalendar.Calendar.from_ical(sys.stdin.read())
    events = []
    for event in cal.walk("VEVENT"):
        prop = event["DTSTART"]
        start = prop.dt
        rrule = event.get("RRULE")
        occurrences = []
        if rrule is not None:
            rule = rrulestr(rrule.to_ical().decode(), dtstart=start)
            occurrences = [iso(t) for t in rule[:5]] if rule.count() else []
        alarms = []
        for alarm in event.walk("VALARM"):
            trigger = alarm["TRIGGER"].dt
            if isinstance(trigger, timedelta):
                alarms.append({"before_minutes": -int(trigger.total_seconds()) // 60})
            else:
                alarms.append({"at": iso(trigger)})
        events.append({
            "uid": str(event["UID"]),
            "summary": str(event["SUMMARY"]),
            "description": str(event["DESCRIPTION"]) if "DESCRIPTION" in event else None,
            "priority": int(event["PRIORITY"]),
            "start": iso(start),
            "tzid": prop.params.get("TZID"),
            "rrule": rrule.to_ical().decode() if rrule is not None else None,
            "occurrences": occurrences,
            "last_modified": iso(event["LAST-MODIFIED"].dt),
            "alarms": alarms,
        })
    zones = {}
    for vtimezone in cal.walk("VTIMEZONE"):
        tz = vtimezone.to_tz(lookup_tzid=False)
        zones[str(vtimezone["TZID"])] = [int(p.astimezone(tz).utcoffset().total_seconds()) for p in probes]
    json.dump({"version": str(cal["VERSION"]), "events": events, "zones": zones}, sys.stdout)


main()
