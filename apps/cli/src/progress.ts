/**
 * Progress on stderr for long imports and exports: a bar redrawn in place on a terminal, a line
 * every tenth of the way otherwise (logs, CI), nothing at all for small jobs.
 */
export const PROGRESS_THRESHOLD = 50;
const BAR_WIDTH = 24;
const REDRAW_INTERVAL_MS = 80;
const STEPS = 10;

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
  if (total < PROGRESS_THRESHOLD) return SILENT;
  let done = 0;
  let finished = false;

  if (stream.isTTY) {
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

  let reportedStep = 0;
  const line = () => `${label}: ${done}/${total} (${Math.floor(Math.min(1, done / total) * 100)}%)\n`;
  return {
    advance(count = 1) {
      done += count;
      const step = Math.floor((Math.min(done, total) / total) * STEPS);
      if (step > reportedStep && step < STEPS) {
        reportedStep = step;
        stream.write(line());
      }
    },
    finish() {
      if (finished) return;
      finished = true;
      stream.write(line());
    },
  };
}
