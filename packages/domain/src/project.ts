/**
 * Projects (docs/decisions/0042): named lists with a colour. Every account has an Inbox, created
 * with it, which cannot be renamed, archived or deleted; a task made without a project goes there.
 */
export const INBOX_NAME = "Inbox";

/** A colour is `#rrggbb`, lower-case. The palette is what the web app offers; any such colour is accepted. */
export const PROJECT_COLOR_PATTERN = /^#[0-9a-f]{6}$/;

/** The colours offered, named for people who cannot see them (the name, not the colour, carries meaning). */
export const PROJECT_COLORS = [
  { name: "Grey", value: "#6b7280" },
  { name: "Red", value: "#dc2626" },
  { name: "Orange", value: "#ea580c" },
  { name: "Green", value: "#16a34a" },
  { name: "Blue", value: "#2563eb" },
  { name: "Purple", value: "#9333ea" },
] as const;

/** A new project's colour when none is given, and the Inbox's. */
export const DEFAULT_PROJECT_COLOR = "#6b7280";

/** The palette's name of a colour, or the colour itself. */
export function projectColorName(value: string): string {
  return PROJECT_COLORS.find((color) => color.value === value)?.name ?? value;
}
