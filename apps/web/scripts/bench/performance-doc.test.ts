import { describe, expect, it } from "vitest";
import { HAND_WRITTEN_MARKER, keepHandWritten } from "./performance-doc";

const GENERATED = "# Performance\n\nnew numbers\n";

describe("keepHandWritten", () => {
  it("keeps everything after the marker, byte for byte", () => {
    const handWritten = "\n## What the profile showed\n\n- 10 % garbage collection\n";
    const existing = `# Performance\n\nold numbers\n\n${HAND_WRITTEN_MARKER}\n${handWritten}`;
    expect(keepHandWritten(GENERATED, existing)).toBe(
      `# Performance\n\nnew numbers\n\n${HAND_WRITTEN_MARKER}\n${handWritten}`,
    );
  });

  it("finds a marker whose wording after its start was edited", () => {
    const existing = "old\n<!-- hand-written below (keep) -->\nmine\n";
    expect(keepHandWritten(GENERATED, existing)).toBe(
      `# Performance\n\nnew numbers\n\n${HAND_WRITTEN_MARKER}\nmine\n`,
    );
  });

  it("adds only the marker to a new file, or to one without a marker", () => {
    const expected = `# Performance\n\nnew numbers\n\n${HAND_WRITTEN_MARKER}\n`;
    expect(keepHandWritten(GENERATED, null)).toBe(expected);
    expect(keepHandWritten(GENERATED, "# Performance\n\nold numbers\n")).toBe(expected);
  });

  it("is stable: rewriting its own output changes nothing", () => {
    const once = keepHandWritten(GENERATED, `x\n${HAND_WRITTEN_MARKER}\nnotes\n`);
    expect(keepHandWritten(GENERATED, once)).toBe(once);
  });
});
