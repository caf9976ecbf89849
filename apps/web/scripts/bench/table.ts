/** A Markdown table padded into columns, so it reads the same in a terminal and in the rendered doc. */

export type Align = "left" | "right";

export interface Column {
  title: string;
  align: Align;
}

/** "—" for a figure that was not measured (NaN), else `digits` decimals with thousands separators. */
export function formatNumber(value: number, digits: number): string {
  if (!Number.isFinite(value)) return "—";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function escapeCell(text: string): string {
  return text.replaceAll("|", "\\|");
}

function pad(text: string, width: number, align: Align): string {
  return align === "right" ? text.padStart(width) : text.padEnd(width);
}

export function markdownTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const cells = rows.map((row) => columns.map((_, index) => escapeCell(row[index] ?? "")));
  const widths = columns.map((column, index) =>
    Math.max(column.title.length, 3, ...cells.map((row) => row[index]?.length ?? 0)),
  );
  const line = (values: readonly string[]): string =>
    `| ${values.map((value, index) => pad(value, widths[index] ?? 0, columns[index]?.align ?? "left")).join(" | ")} |`;
  const rule = `| ${columns
    .map((column, index) => {
      const dashes = "-".repeat(widths[index] ?? 3);
      return column.align === "right" ? `${dashes.slice(1)}:` : dashes;
    })
    .join(" | ")} |`;
  return [line(columns.map((column) => column.title)), rule, ...cells.map(line)].join("\n");
}
