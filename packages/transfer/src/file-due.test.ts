import { describe, expect, it } from "vitest";
import { dueOfInstant, fileDueFields, parseFileDue, parseInstant } from "./file-due";

describe("parseInstant", () => {
  it("an ISO 8601 date-time with its offset or Z is that instant", () => {
    expect(parseInstant(" 2030-01-31T08:00:00.000Z ")).toEqual(new Date("2030-01-31T08:00:00Z"));
    expect(parseInstant("2030-01-31T09:00+01:00")).toEqual(new Date("2030-01-31T08:00:00Z"));
  });

  it.each([
    "2030-01-31T09:00",
    "2030-01-31",
    "2030-02-30T08:00:00Z",
    "2030-13-01T08:00:00Z",
    "tomorrow",
    "",
    "1900000000000",
  ])("%j is not an instant", (value) => {
    expect(parseInstant(value)).toBeNull();
  });
});

describe("parseFileDue", () => {
  it("a calendar day is that day, whatever the zone", () => {
    expect(parseFileDue(" 2030-01-31 ")).toEqual({ kind: "day", dueDate: "2030-01-31", dueTime: null });
  });

  it("an ISO date-time is an instant, to be read on the account's clock", () => {
    expect(parseFileDue("2030-01-31T10:00:00.000Z")).toEqual({
      kind: "instant",
      at: new Date("2030-01-31T10:00:00.000Z"),
    });
  });

  it.each(["2030-02-30", "2030-13-01", "2030-1-5", "31/01/2030", "tomorrow", "2030-01-99T00:00:00Z"])(
    "%j is not a due date",
    (value) => {
      expect(parseFileDue(value)).toBeNull();
    },
  );
});

describe("dueOfInstant", () => {
  it("the last millisecond of a day (what earlier clients stored) is that day, without a time", () => {
    // The end of 2030-01-31 in Los Angeles is 2030-02-01 in UTC and in Auckland.
    const endOfDayInLosAngeles = new Date("2030-02-01T07:59:59.999Z");
    expect(dueOfInstant(endOfDayInLosAngeles, "America/Los_Angeles")).toEqual({
      dueDate: "2030-01-31",
      dueTime: null,
    });
    expect(dueOfInstant(endOfDayInLosAngeles, "Pacific/Auckland")).toEqual({
      dueDate: "2030-02-01",
      dueTime: "20:59",
    });
  });

  it("midnight is that day, without a time; any other moment keeps its time, to the minute", () => {
    expect(dueOfInstant(new Date("2030-05-01T07:00:00.000Z"), "America/Los_Angeles")).toEqual({
      dueDate: "2030-05-01",
      dueTime: null,
    });
    expect(dueOfInstant(new Date("2030-03-01T01:00:59.999Z"), "America/Los_Angeles")).toEqual({
      dueDate: "2030-02-28",
      dueTime: "17:00",
    });
    expect(dueOfInstant(new Date("2030-03-01T00:00:00.001Z"), "UTC")).toEqual({
      dueDate: "2030-03-01",
      dueTime: "00:00",
    });
  });

  it("a day outside what the API accepts is null", () => {
    expect(dueOfInstant(new Date("1969-12-31T12:00:00Z"), "UTC")).toBeNull();
  });
});

describe("fileDueFields", () => {
  it("reads days as they are and instants in the zone; no due date clears both fields", () => {
    const day = parseFileDue("2030-01-31");
    expect(fileDueFields(day, "Pacific/Auckland")).toEqual({ dueDate: "2030-01-31", dueTime: null });
    const instant = parseFileDue("2030-01-31T20:00:00Z");
    expect(fileDueFields(instant, "Pacific/Auckland")).toEqual({ dueDate: "2030-02-01", dueTime: "09:00" });
    expect(fileDueFields(null, "UTC")).toEqual({ dueDate: null, dueTime: null });
  });
});
