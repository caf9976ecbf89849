/**
 * A server-sent-events reader for `task.onChange`, the way any client would read the stream: a
 * GET with `Accept: text/event-stream`, then `id:`/`event:`/`data:` fields separated by blank lines.
 */
import { testClientAddress } from "./http-client";

export interface SseMessage {
  /** "message" for data, or tRPC's own: "connected", "ping", "serialized-error", "return". */
  event: string;
  id: string | null;
  /** `data:` parsed as JSON, with superjson's wrapper unwrapped (`{ json }` -> the value). */
  data: unknown;
}

export interface SseStream {
  status: number;
  headers: Headers;
  /** The next data message (pings and "connected" are skipped), "ended", or "quiet" after `withinMs`. */
  next(withinMs: number): Promise<SseMessage | "ended" | "quiet">;
  close(): void;
}

function parseMessage(block: string): SseMessage {
  let event = "message";
  let id: string | null = null;
  const data: string[] = [];
  for (const line of block.split("\n")) {
    const colon = line.indexOf(":");
    if (colon === 0) continue;
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") event = value;
    else if (field === "id") id = value;
    else if (field === "data") data.push(value);
  }
  const text = data.join("\n");
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: kept as text.
  }
  const unwrapped =
    parsed !== null && typeof parsed === "object" && "json" in parsed
      ? (parsed as { json: unknown }).json
      : parsed;
  return { event, id, data: unwrapped };
}

/** Opens `task.onChange` (or any subscription at `path`) with the given input and headers. */
export async function openSse(
  baseUrl: string,
  path: string,
  input: unknown,
  headers: Record<string, string>,
): Promise<SseStream> {
  const controller = new AbortController();
  const search = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  const response = await fetch(`${baseUrl}/api/trpc/${path}${search}`, {
    headers: { accept: "text/event-stream", "x-forwarded-for": testClientAddress(), ...headers },
    signal: controller.signal,
  });
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  let ended = false;
  const queue: SseMessage[] = [];
  let pendingRead: Promise<void> | null = null;

  const readMore = (): Promise<void> => {
    pendingRead ??= (async () => {
      const chunk = await reader?.read().catch(() => ({ done: true, value: undefined }));
      pendingRead = null;
      if (!chunk || chunk.done) {
        ended = true;
        return;
      }
      buffered += decoder.decode(chunk.value, { stream: true }).replace(/\r\n?/g, "\n");
      let boundary = buffered.indexOf("\n\n");
      while (boundary !== -1) {
        const message = parseMessage(buffered.slice(0, boundary));
        buffered = buffered.slice(boundary + 2);
        if (message.event !== "ping" && message.event !== "connected") queue.push(message);
        boundary = buffered.indexOf("\n\n");
      }
    })();
    return pendingRead;
  };

  return {
    status: response.status,
    headers: response.headers,
    async next(withinMs) {
      const deadline = Date.now() + withinMs;
      for (;;) {
        const message = queue.shift();
        if (message) return message;
        if (ended) return "ended";
        const left = deadline - Date.now();
        if (left <= 0) return "quiet";
        const timedOut = await Promise.race([
          readMore().then(() => false),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(true), left)),
        ]);
        if (timedOut && queue.length === 0 && !ended) return "quiet";
      }
    },
    close() {
      controller.abort();
    },
  };
}
