import { describe, expect, it } from "vitest";
import { createProgress, PROGRESS_THRESHOLD } from "./progress";

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, isTTY, write: (text: string) => writes.push(text) };
}

describe("progress", () => {
  it("stays silent for small jobs", () => {
    const output = stream(true);
    const progress = createProgress(output, "Importing", PROGRESS_THRESHOLD - 1);
    progress.advance(10);
    progress.finish();
    expect(output.writes).toEqual([]);
  });

  it("without a terminal (a log, a pipe) writes nothing, however long the job", () => {
    const output = stream(false);
    const progress = createProgress(output, "Importing", 200);
    for (let index = 0; index < 200; index += 1) progress.advance();
    progress.finish();
    expect(output.writes).toEqual([]);
  });

  it("on a terminal: a bar redrawn in place, at most every 80 ms, ending the line when finished", () => {
    const output = stream(true);
    let now = 0;
    const progress = createProgress(output, "Exporting", 100, () => now);
    progress.advance(50);
    now += 100;
    progress.advance(25);
    progress.finish();
    expect(output.writes).toEqual([
      "\rExporting [........................] 0/100 0%",
      "\rExporting [##################......] 75/100 75%",
      "\rExporting [##################......] 75/100 75%",
      "\n",
    ]);
  });
});
