import { describe, expect, it } from "vitest";
import {
  instantInZone,
  REMINDER_OFFSETS,
  reminderAnchor,
  reminderBefore,
  reminderOffsetOf,
} from "./reminder";
import { HOUR_MS, MINUTE_MS, DAY_MS } from "./time";

const BERLIN = "Europe/Berlin";

describe("instantInZone", () => {
  it("reads a wall clock in a zone, in winter and in summer", () => {
    expect(instantInZone(Date.UTC(2027, 0, 14, 10, 30), BERLIN)).toEqual(new Date("2027-01-14T09:30:00Z"));
    expect(instantInZone(Date.UTC(2027, 6, 14, 10, 30), BERLIN)).toEqual(new Date("2027-07-14T08:30:00Z"));
    expect(instantInZone(Date.UTC(2027, 6, 14, 10, 30), "UTC")).toEqual(new Date("2027-07-14T10:30:00Z"));
    expect(instantInZone(Date.UTC(2027, 6, 14, 10, 30), "America/New_York")).toEqual(
      new Date("2027-07-14T14:30:00Z"),
    );
  });

  it("takes a skipped reading an hour on, and the earlier of a repeated one", () => {
    // 28 March 2027: Berlin's clocks go from 02:00 to 03:00.
    expect(instantInZone(Date.UTC(2027, 2, 28, 2, 30), BERLIN)).toEqual(new Date("2027-03-28T01:30:00Z"));
    // 31 October 2027: 02:30 happens twice, first at UTC+2.
    expect(instantInZone(Date.UTC(2027, 9, 31, 2, 30), BERLIN)).toEqual(new Date("2027-10-31T00:30:00Z"));
  });
});

describe("reminders before a due time", () => {
  it("counts back from the due time, or from 09:00 on a day without one", () => {
    expect(reminderAnchor("2027-01-14", "17:00", BERLIN)).toEqual(new Date("2027-01-14T16:00:00Z"));
    expect(reminderAnchor("2027-01-14", null, BERLIN)).toEqual(new Date("2027-01-14T08:00:00Z"));
    expect(reminderAnchor(null, null, BERLIN)).toBeNull();
  });

  it("keeps the clock time across a daylight-saving change for a day before", () => {
    const anchor = reminderAnchor("2027-03-29", "09:00", BERLIN) as Date;
    expect(reminderBefore(anchor, DAY_MS, BERLIN)).toEqual(new Date("2027-03-28T07:00:00Z"));
    expect(reminderBefore(anchor, 15 * MINUTE_MS, BERLIN)).toEqual(new Date("2027-03-29T06:45:00Z"));
  });

  it("counts hours and minutes as time elapsed, so a reminder is never after the due time", () => {
    // 28 March 2027, 03:10 summer time: the clock skipped 02:00-03:00.
    const anchor = reminderAnchor("2027-03-28", "03:10", BERLIN) as Date;
    expect(anchor).toEqual(new Date("2027-03-28T01:10:00Z"));
    expect(reminderBefore(anchor, 15 * MINUTE_MS, BERLIN)).toEqual(new Date("2027-03-28T00:55:00Z"));
    expect(reminderBefore(anchor, DAY_MS + HOUR_MS, BERLIN)).toEqual(new Date("2027-03-27T01:10:00Z"));
  });

  it("recognises an offered offset, and a moment of its own as none", () => {
    const anchor = reminderAnchor("2027-01-14", "17:00", BERLIN);
    for (const offset of REMINDER_OFFSETS) {
      const remindAt = reminderBefore(anchor as Date, offset.ms, BERLIN);
      expect(reminderOffsetOf(remindAt, anchor, BERLIN)).toBe(offset.ms);
    }
    expect(reminderOffsetOf(new Date("2027-01-14T12:00:00Z"), anchor, BERLIN)).toBeNull();
    expect(reminderOffsetOf(new Date("2027-01-14T15:00:00Z"), null, BERLIN)).toBeNull();
    expect(reminderOffsetOf(new Date((anchor as Date).getTime() - HOUR_MS), anchor, BERLIN)).toBe(HOUR_MS);
  });
});
