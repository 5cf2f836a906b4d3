// Reads an iCalendar feed on stdin and prints what an independent RFC 5545 parser (ical.js) makes
// of it, as JSON: the calendar's name and every event with its times in UTC.
import ICAL from 'ical.js';

let text = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) text += chunk;

const root = new ICAL.Component(ICAL.parse(text));
for (const tz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
const events = root.getAllSubcomponents('vevent').map((c) => {
  const e = new ICAL.Event(c);
  return {
    uid: e.uid,
    summary: e.summary,
    description: e.description,
    location: e.location,
    tzid: e.startDate.zone ? e.startDate.zone.tzid : null,
    start: e.startDate.toJSDate().toISOString(),
    end: e.endDate.toJSDate().toISOString(),
    status: c.getFirstPropertyValue('status'),
  };
});
process.stdout.write(JSON.stringify({ name: root.getFirstPropertyValue('x-wr-calname'), events }));
