// Reads an iCalendar file and prints, for each parser, its events with their start and
// end as UTC instants: what a calendar app built on that parser would show.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";
import nodeIcal from "node-ical";

const text = readFileSync(process.argv[2], "utf8");

function withIcalJs() {
  const root = new ICAL.Component(ICAL.parse(text));
  for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtimezone);
  }
  return root.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      summary: event.summary,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
    };
  });
}

function withNodeIcal() {
  return Object.values(nodeIcal.sync.parseICS(text))
    .filter((item) => item.type === "VEVENT")
    .map((event) => ({
      uid: event.uid,
      summary: typeof event.summary === "string" ? event.summary : event.summary.val,
      start: event.start.toISOString(),
      end: event.end.toISOString(),
    }));
}

process.stdout.write(JSON.stringify({ "ical.js": withIcalJs(), "node-ical": withNodeIcal() }));
