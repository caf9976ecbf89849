import { describe, expect, it } from "vitest";
import { CsvSyntaxError, csvLine, parseCsv } from "./csv";

describe("csv", () => {
  it("quotes only what needs it and reads back exactly what it wrote", () => {
    const fields = ["plain", "with, comma", 'with "quotes"', "two\nlines", " padded ", "", "crlf\r\nhere"];
    const line = csvLine(fields);
    expect(line).toBe('plain,"with, comma","with ""quotes""","two\nlines"," padded ",,"crlf\r\nhere"');
    expect(parseCsv(`${line}\n`)).toEqual([{ line: 1, fields }]);
  });

  it("accepts CRLF line ends and a byte-order mark, skips blank lines, and numbers records by line", () => {
    const records = parseCsv('\uFEFFa,b\r\n\r\n"x\ny",z\r\nlast,row');
    expect(records).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 3, fields: ["x\ny", "z"] },
      { line: 5, fields: ["last", "row"] },
    ]);
  });

  it("keeps empty trailing fields", () => {
    expect(parseCsv("a,,\n")).toEqual([{ line: 1, fields: ["a", "", ""] }]);
  });

  it.each([
    ['"never closed', "never closed"],
    ['a"b,c', "a quote inside an unquoted field"],
    ['"a"b,c', "text after a closing quote"],
  ])("refuses %j", (text, message) => {
    expect(() => parseCsv(text)).toThrow(CsvSyntaxError);
    expect(() => parseCsv(text)).toThrow(message);
  });
});
