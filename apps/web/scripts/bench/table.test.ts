import { describe, expect, it } from "vitest";
import { formatNumber, markdownTable } from "./table";

describe("formatNumber", () => {
  it("rounds to the given decimals with thousands separators", () => {
    expect(formatNumber(16823.4, 0)).toBe("16,823");
    expect(formatNumber(0.456, 2)).toBe("0.46");
    expect(formatNumber(12, 1)).toBe("12.0");
  });

  it("shows a dash for what was not measured", () => {
    expect(formatNumber(Number.NaN, 1)).toBe("—");
    expect(formatNumber(Number.POSITIVE_INFINITY, 1)).toBe("—");
  });
});

describe("markdownTable", () => {
  it("pads columns and right-aligns numbers", () => {
    const table = markdownTable(
      [
        { title: "request", align: "left" },
        { title: "req/s", align: "right" },
      ],
      [
        ["list", "2,620"],
        ["health", "16,823"],
      ],
    );
    expect(table).toBe(
      ["| request |  req/s |", "| ------- | -----: |", "| list    |  2,620 |", "| health  | 16,823 |"].join(
        "\n",
      ),
    );
  });

  it("escapes pipes inside cells and fills missing cells", () => {
    const table = markdownTable(
      [
        { title: "a", align: "left" },
        { title: "b", align: "left" },
      ],
      [["x|y"]],
    );
    expect(table.split("\n")[2]).toBe("| x\\|y |     |");
  });
});
