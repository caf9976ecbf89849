import { v5 } from "uuid";

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/**
 * RFC 9562 version 5 (name-based, SHA-1), computed by the `uuid` package: the same namespace and
 * name always give the same id, which is what makes importing a file twice add nothing.
 */
export function uuidV5(name: string, namespace: string): string {
  if (!isUuid(namespace)) throw new Error(`not a UUID: ${namespace}`);
  return v5(name, namespace);
}
