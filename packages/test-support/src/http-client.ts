/** Minimal raw HTTP calls to /api/trpc, the way any non-TypeScript client would make them. */
export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

async function toRaw(response: Response): Promise<RawResponse> {
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: response.status, headers: response.headers, text, body };
}

/**
 * An input as superjson writes it on the wire: JSON, with each top-level Date (a reminder's
 * `remindAt`, the only kind of value beyond JSON that inputs take) sent as its ISO text and named
 * in `meta`, as any client in another language would send it.
 */
function wireInput(input: unknown): { json: unknown; meta?: { values: Record<string, ["Date"]> } } {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return { json: input };
  const dates = Object.entries(input).filter(([, value]) => value instanceof Date);
  if (dates.length === 0) return { json: input };
  return {
    json: input,
    meta: { values: Object.fromEntries(dates.map(([key]) => [key, ["Date"]])) },
  };
}

let addressCounter = 0;
const ADDRESSES_PER_OCTET = 256;

/**
 * A fresh client address (in 198.18.0.0/15, the range reserved for benchmarks; it only ever
 * travels in an X-Forwarded-For header to the local test server), so per-client throttling
 * treats unrelated calls as unrelated people.
 */
export function testClientAddress(): string {
  addressCounter += 1;
  const high = Math.floor(addressCounter / ADDRESSES_PER_OCTET) % ADDRESSES_PER_OCTET;
  return `198.18.${high}.${addressCounter % ADDRESSES_PER_OCTET}`;
}

/**
 * Mutations carry `Origin` like a same-origin browser page would (the server refuses cross-site
 * writes); pass `origin` in `headers` to override it, or an empty string to omit it.
 */
export function rawClient(baseUrl: string, fixedAddress: string | null = null) {
  // The test server trusts one proxy hop: this header gives each call (or a fixed client) its address.
  const address = () => ({ "x-forwarded-for": fixedAddress ?? testClientAddress() });
  const withoutEmpty = (headers: Record<string, string>) =>
    Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== ""));
  return {
    async mutation(path: string, input: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
      const response = await fetch(`${baseUrl}/api/trpc/${path}`, {
        method: "POST",
        headers: withoutEmpty({
          "content-type": "application/json",
          origin: baseUrl,
          ...address(),
          ...headers,
        }),
        body: JSON.stringify(wireInput(input)),
      });
      return toRaw(response);
    },
    async query(path: string, input: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
      const search =
        input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(wireInput(input)))}`;
      return toRaw(
        await fetch(`${baseUrl}/api/trpc/${path}${search}`, {
          headers: { ...address(), ...headers },
        }),
      );
    },
    async fetch(path: string, init: RequestInit = {}): Promise<RawResponse> {
      const unsafe = init.method !== undefined && init.method !== "GET" && init.method !== "HEAD";
      const given = (init.headers ?? {}) as Record<string, string>;
      const headers = unsafe
        ? withoutEmpty({ origin: baseUrl, ...address(), ...given })
        : { ...address(), ...given };
      return toRaw(await fetch(`${baseUrl}${path}`, { ...init, headers }));
    },
  };
}

/** The `name=value` part of a Set-Cookie header. */
export function cookiePair(setCookie: string): string {
  return setCookie.split(";")[0] ?? "";
}

export function errorCode(response: RawResponse): string | null {
  const body = response.body as { error?: { json?: { data?: { code?: string } } } } | null;
  return body?.error?.json?.data?.code ?? null;
}

export function resultData<T>(response: RawResponse): T {
  return (response.body as { result: { data: { json: T } } }).result.data.json;
}
