/**
 * Progress on stderr for long imports and exports: a bar redrawn in place, on a terminal only
 * (in logs and pipes it would be noise between real messages), nothing at all for small jobs.
 */
export const PROGRESS_THRESHOLD = 50;
const BAR_WIDTH = 24;
const REDRAW_INTERVAL_MS = 80;

export interface Progress {
  advance(count?: number): void;
  /** Draws the final state (when anything was drawn) and ends the line. */
  finish(): void;
}

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

const SILENT: Progress = { advance() {}, finish() {} };

export function createProgress(
  stream: ProgressStream,
  label: string,
  total: number,
  now: () => number = Date.now,
): Progress {
  if (total < PROGRESS_THRESHOLD || !stream.isTTY) return SILENT;
  let done = 0;
  let finished = false;
  let lastDraw = Number.NEGATIVE_INFINITY;
  const draw = () => {
    const fraction = Math.min(1, done / total);
    const filled = Math.round(fraction * BAR_WIDTH);
    const bar = `${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}`;
    stream.write(`\r${label} [${bar}] ${done}/${total} ${Math.floor(fraction * 100)}%`);
    lastDraw = now();
  };
  draw();
  return {
    advance(count = 1) {
      done += count;
      if (now() - lastDraw >= REDRAW_INTERVAL_MS) draw();
    },
    finish() {
      if (finished) return;
      finished = true;
      draw();
      stream.write("\n");
    },
  };
}
