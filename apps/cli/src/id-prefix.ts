import { CliError } from "./exit-codes";

const MAX_CANDIDATES_SHOWN = 10;

export interface PrefixMatchOptions<T> {
  /** "task" or "session", for messages. */
  kind: string;
  /** One line describing a candidate, for the ambiguity message. */
  describe: (item: T) => string;
  /** Task ids are lower-case hex: a prefix typed in capitals still matches. */
  caseInsensitive?: boolean;
}

/** The one item whose id starts with `prefix`; a clear error for none or several. */
export function matchIdPrefix<T extends { id: string }>(
  items: readonly T[],
  prefix: string,
  options: PrefixMatchOptions<T>,
): T {
  const wanted = options.caseInsensitive ? prefix.trim().toLowerCase() : prefix.trim();
  if (wanted === "") throw new CliError(`give a ${options.kind} id (or the start of one)`);
  const exact = items.find((item) => item.id === wanted);
  if (exact) return exact;
  const matches = items.filter((item) => item.id.startsWith(wanted)).sort((a, b) => (a.id < b.id ? -1 : 1));
  const [only, ...others] = matches;
  if (!only) throw new CliError(`No ${options.kind} id starts with '${wanted}'`);
  if (others.length === 0) return only;
  const shown = matches.slice(0, MAX_CANDIDATES_SHOWN).map((item) => `  ${options.describe(item)}`);
  const more =
    matches.length > MAX_CANDIDATES_SHOWN ? [`  ... and ${matches.length - MAX_CANDIDATES_SHOWN} more`] : [];
  throw new CliError(
    [`'${wanted}' matches ${matches.length} ${options.kind}s; type more of the id:`, ...shown, ...more].join(
      "\n",
    ),
  );
}

const SHORT_ID_LENGTH = 8;

/** How many leading characters tell every id in `ids` apart (at least 8, as git shows hashes). */
export function uniquePrefixLength(ids: readonly string[], minimum = SHORT_ID_LENGTH): number {
  const sorted = [...ids].sort();
  let length = minimum;
  for (let index = 1; index < sorted.length; index += 1) {
    const previous = sorted[index - 1] ?? "";
    const current = sorted[index] ?? "";
    let common = 0;
    while (common < previous.length && previous[common] === current[common]) common += 1;
    length = Math.max(length, common + 1);
  }
  return length;
}
