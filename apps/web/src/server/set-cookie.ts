/**
 * Set-Cookie lines, as the API's procedures write them on their context, read back into the fields
 * Next's `cookies().set` takes: a form handler that calls a procedure in-process (credential-call.ts)
 * passes on the cookies it set. An attribute this does not know is an error, never dropped.
 */
export interface ParsedCookie {
  name: string;
  value: string;
  path?: string;
  domain?: string;
  maxAge?: number;
  expires?: Date;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: "lax" | "strict" | "none";
  partitioned?: boolean;
}

const SAME_SITE_VALUES = new Set(["lax", "strict", "none"]);

function applyAttribute(cookie: ParsedCookie, attribute: string, line: string): void {
  const separator = attribute.indexOf("=");
  const key = (separator === -1 ? attribute : attribute.slice(0, separator)).trim().toLowerCase();
  const value = separator === -1 ? "" : attribute.slice(separator + 1).trim();
  if (key === "path") cookie.path = value;
  else if (key === "domain") cookie.domain = value;
  else if (key === "max-age" && /^-?\d+$/.test(value)) cookie.maxAge = Number(value);
  else if (key === "expires" && !Number.isNaN(Date.parse(value))) cookie.expires = new Date(value);
  else if (key === "httponly") cookie.httpOnly = true;
  else if (key === "secure") cookie.secure = true;
  else if (key === "partitioned") cookie.partitioned = true;
  else if (key === "samesite" && SAME_SITE_VALUES.has(value.toLowerCase())) {
    cookie.sameSite = value.toLowerCase() as ParsedCookie["sameSite"];
  } else throw new Error(`Unknown Set-Cookie attribute "${key}" in a cookie named ${line.split("=")[0]}`);
}

export function parseSetCookie(line: string): ParsedCookie {
  const [pair = "", ...attributes] = line.split(";");
  const separator = pair.indexOf("=");
  if (separator <= 0) throw new Error("A Set-Cookie line without a name");
  const cookie: ParsedCookie = {
    name: pair.slice(0, separator).trim(),
    value: pair.slice(separator + 1).trim(),
  };
  for (const attribute of attributes) if (attribute.trim() !== "") applyAttribute(cookie, attribute, line);
  return cookie;
}
