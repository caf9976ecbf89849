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

export function rawClient(baseUrl: string) {
  return {
    async mutation(path: string, input: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
      const response = await fetch(`${baseUrl}/api/trpc/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ json: input }),
      });
      return toRaw(response);
    },
    async query(path: string, input: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
      const search =
        input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
      return toRaw(await fetch(`${baseUrl}/api/trpc/${path}${search}`, { headers }));
    },
    async fetch(path: string, init?: RequestInit): Promise<RawResponse> {
      return toRaw(await fetch(`${baseUrl}${path}`, init));
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
