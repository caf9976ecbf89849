import { describe, expect, it } from "vitest";
import { matchIdPrefix, uniquePrefixLength } from "./id-prefix";

const items = [
  { id: "ab12cd34-0000-4000-8000-000000000001", title: "Buy milk" },
  { id: "ab98ff00-0000-4000-8000-000000000002", title: "Call mom" },
  { id: "c0ffee00-0000-4000-8000-000000000003", title: "Coffee" },
];
const options = {
  kind: "task",
  caseInsensitive: true,
  describe: (item: (typeof items)[number]) => `${item.id}  ${item.title}`,
};

describe("matchIdPrefix", () => {
  it("finds the one item an unambiguous prefix names, whatever its case", () => {
    expect(matchIdPrefix(items, "c", options).title).toBe("Coffee");
    expect(matchIdPrefix(items, "AB12", options).title).toBe("Buy milk");
    expect(matchIdPrefix(items, items[1]?.id ?? "", options).title).toBe("Call mom");
  });

  it("lists the candidates when the prefix is ambiguous", () => {
    expect(() => matchIdPrefix(items, "ab", options)).toThrow(
      "'ab' matches 2 tasks; type more of the id:\n  ab12cd34-0000-4000-8000-000000000001  Buy milk\n  ab98ff00-0000-4000-8000-000000000002  Call mom",
    );
  });

  it("says so when nothing matches, or nothing was given", () => {
    expect(() => matchIdPrefix(items, "ff", options)).toThrow("No task id starts with 'ff'");
    expect(() => matchIdPrefix(items, " ", options)).toThrow("give a task id");
  });

  it("is case-sensitive when asked (session ids are base64url)", () => {
    const sessions = [{ id: "AbC" }, { id: "abc" }];
    const exact = { kind: "session", describe: (item: { id: string }) => item.id };
    expect(matchIdPrefix(sessions, "Ab", exact).id).toBe("AbC");
  });
});

describe("uniquePrefixLength", () => {
  it("is 8 unless two ids share more", () => {
    expect(uniquePrefixLength(items.map((item) => item.id))).toBe(8);
    expect(uniquePrefixLength(["abcdefgh1", "abcdefgh2", "x"])).toBe(9);
    expect(uniquePrefixLength([])).toBe(8);
  });
});
