/** Query parameters whose values are secrets: an emailed link's token (`/reset-password?token=…`). */
const SECRET_PARAMETERS = new Set(["token"]);
const REDACTED = "REDACTED";

/**
 * A request path fit for the log: the value of every secret query parameter is replaced (names
 * compared after decoding and case-folding, so `%74oken` and `TOKEN` count too). Everything else
 * is kept, so the log still says which page failed.
 */
export function redactedPath(path: string): string {
  const queryStart = path.indexOf("?");
  if (queryStart === -1) return path;
  const parameters = new URLSearchParams(path.slice(queryStart + 1));
  const secrets = [...parameters.keys()].filter((name) => SECRET_PARAMETERS.has(name.toLowerCase()));
  if (secrets.length === 0) return path;
  const kept = [...parameters].map(([name, value]): [string, string] =>
    SECRET_PARAMETERS.has(name.toLowerCase()) ? [name, REDACTED] : [name, value],
  );
  return `${path.slice(0, queryStart)}?${new URLSearchParams(kept).toString()}`;
}
