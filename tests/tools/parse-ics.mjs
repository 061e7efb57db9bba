// Parse ICS feeds with ical.js (the parser of Thunderbird's lineage) and print a JSON summary.
//
//   node tests/tools/parse-ics.mjs <until YYYY-MM-DD> <feed.ics>...
//
// For each feed: its name, its time zones, and each event with its UID, summary,
// start (local time and TZID), end, recurrence rule, alarm triggers and the
// occurrences ical.js expands up to <until> (local times, and Unix times read through the
// feed's own VTIMEZONE). Any parse error exits non-zero.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [until, ...files] = process.argv.slice(2);
if (!until || files.length === 0) {
  console.error("usage: parse-ics.mjs <until YYYY-MM-DD> <feed.ics>...");
  process.exit(2);
}
const limit = ICAL.Time.fromDateString(until);

function summarise(path) {
  const root = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  // Register the feed's own VTIMEZONEs, so times are read the way the feed defines them.
  const timezones = root.getAllSubcomponents("vtimezone").map((vtz) => {
    const tz = new ICAL.Timezone(vtz);
    ICAL.TimezoneService.register(tz, tz.tzid);
    return tz.tzid;
  });
  const events = root.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    const occurrences = [];
    const occurrencesUtc = [];
    const add = (time) => {
      occurrences.push(time.toString());
      occurrencesUtc.push(time.isDate ? null : time.toUnixTime());
    };
    if (event.isRecurring()) {
      const it = event.iterator();
      for (let next = it.next(); next && next.compare(limit) <= 0; next = it.next()) {
        add(next);
        if (occurrences.length > 400) break;
      }
    } else {
      add(event.startDate);
    }
    const rrule = vevent.getFirstPropertyValue("rrule");
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      start: event.startDate.toString(),
      startTzid: event.startDate.isDate ? null : event.startDate.zone.tzid,
      startUtc: event.startDate.isDate ? null : event.startDate.toUnixTime(),
      end: event.endDate.toString(),
      isDate: event.startDate.isDate,
      rrule: rrule ? rrule.toString() : null,
      alarms: vevent
        .getAllSubcomponents("valarm")
        .map((alarm) => String(alarm.getFirstPropertyValue("trigger"))),
      occurrences,
      occurrencesUtc,
    };
  });
  return {
    file: path,
    name: root.getFirstPropertyValue("x-wr-calname"),
    version: root.getFirstPropertyValue("version"),
    prodid: root.getFirstPropertyValue("prodid"),
    timezones,
    events,
  };
}

console.log(JSON.stringify(files.map(summarise)));
