import type { TRPCCombinedDataTransformer } from "@trpc/server";
import superjson from "superjson";

/**
 * Superjson's wire format, written by a walker that knows only what procedures return: plain
 * objects and arrays of strings, finite numbers, booleans, null, undefined and valid Dates.
 * Anything else anywhere in the value (a Map, a bigint, NaN, a shared or circular reference, a
 * key that superjson would escape, ...) hands the whole value to superjson itself. Once
 * JSON.stringify has written it (every answer is, at once), the text is what `superjson.serialize`
 * gives (property-tested; only the order of nested annotations may differ, which no reader sees):
 * usually the value itself is sent, its Dates left for JSON.stringify. Every client keeps using
 * superjson to read it; it is several times cheaper than superjson's generic walker on a page of
 * tasks.
 */
type TypeAnnotation = ["Date"] | ["undefined"];
type Annotations = Record<string, TypeAnnotation>;

interface SuperJSONResult {
  json: unknown;
  meta?: { values: TypeAnnotation | Annotations; v: 1 };
}

const SUPERJSON_VERSION = 1;

/** Keys that could reach an object's prototype when written back. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Thrown inside the walkers when the value needs superjson's general machinery. */
const UNSUPPORTED = Symbol("unsupported");
/** Thrown by the scan when the value holds an undefined, which the written JSON must show as null. */
const HOLDS_UNDEFINED = Symbol("holds undefined");

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Superjson escapes these in paths or guards them: none occurs in our results. */
function isPlainKey(key: string): boolean {
  return !(key.includes(".") || key.includes("\\") || FORBIDDEN_KEYS.has(key));
}

/** Where a walker is: the annotations so far, the objects seen, and the root's own annotation. */
interface WalkState {
  annotations: Annotations;
  seen: Set<object>;
  root: TypeAnnotation | null;
}

function newWalkState(): WalkState {
  return { annotations: {}, seen: new Set(), root: null };
}

/** An object reached twice is a referential equality to superjson: its machinery, not ours. */
function visit(value: object, state: WalkState): void {
  if (state.seen.has(value)) throw UNSUPPORTED;
  state.seen.add(value);
}

/** An invalid Date is a type of its own to superjson. */
function checkedDate(value: Date): Date {
  if (Number.isNaN(value.getTime())) throw UNSUPPORTED;
  return value;
}

function checkedNumber(value: number): number {
  if (!Number.isFinite(value) || Object.is(value, -0)) throw UNSUPPORTED;
  return value;
}

/**
 * The common case, without copying anything: the value is sent as it is, since JSON.stringify
 * writes a Date as superjson does (its ISO string), and only the Dates' annotations are
 * collected. Their paths are joined from `keys`, the way down, only when one is written: most
 * fields are not Dates. A value holding an undefined is written by `copy` instead (JSON.stringify
 * would drop the key where superjson writes null).
 */
function scan(value: unknown, keys: (string | number)[], state: WalkState): void {
  switch (typeof value) {
    case "string":
    case "boolean":
      return;
    case "number":
      checkedNumber(value);
      return;
    case "undefined":
      throw HOLDS_UNDEFINED;
    case "object":
      if (value !== null) scanObject(value, keys, state);
      return;
    default:
      throw UNSUPPORTED;
  }
}

/**
 * Sent as it is, an object must be one JSON.stringify writes as superjson does: exactly a Date,
 * an Array or a plain object, without a `toJSON` of its own (a subclass or a `toJSON` could write
 * anything). Anything else goes to superjson.
 */
function scanObject(value: object, keys: (string | number)[], state: WalkState): void {
  visit(value, state);
  if (Object.hasOwn(value, "toJSON")) throw UNSUPPORTED;
  const prototype = Object.getPrototypeOf(value);
  if (prototype === Date.prototype) {
    checkedDate(value as Date);
    if (keys.length === 0) state.root = ["Date"];
    else state.annotations[keys.join(".")] = ["Date"];
    return;
  }
  if (prototype === Array.prototype && Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      keys.push(index);
      scan(value[index], keys, state);
      keys.pop();
    }
    return;
  }
  if (!isPlainObject(value)) throw UNSUPPORTED;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (!isPlainKey(key)) throw UNSUPPORTED;
    keys.push(key);
    scan(value[key], keys, state);
    keys.pop();
  }
}

/** `path` is null at the root, whose annotation superjson writes on its own (not under a key). */
function annotate(state: WalkState, path: string | null, annotation: TypeAnnotation): void {
  if (path === null) state.root = annotation;
  else state.annotations[path] = annotation;
}

function childPath(path: string | null, key: string | number): string {
  return path === null ? String(key) : `${path}.${key}`;
}

/** A copy as superjson writes it: undefined becomes null (annotated), a Date its ISO string. */
function copy(value: unknown, path: string | null, state: WalkState): unknown {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return checkedNumber(value);
    case "undefined":
      annotate(state, path, ["undefined"]);
      return null;
    case "object":
      return value === null ? null : copyObject(value, path, state);
    default:
      throw UNSUPPORTED;
  }
}

function copyObject(value: object, path: string | null, state: WalkState): unknown {
  visit(value, state);
  if (value instanceof Date) {
    annotate(state, path, ["Date"]);
    return checkedDate(value).toISOString();
  }
  if (Array.isArray(value)) return value.map((item, index) => copy(item, childPath(path, index), state));
  if (!isPlainObject(value)) throw UNSUPPORTED;
  const json: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (!isPlainKey(key)) throw UNSUPPORTED;
    json[key] = copy(value[key], childPath(path, key), state);
  }
  return json;
}

/** The value as superjson's JSON, and the state its annotations were collected in. */
function walk(value: unknown): { json: unknown; state: WalkState } {
  const scanned = newWalkState();
  try {
    scan(value, [], scanned);
    return { json: value, state: scanned };
  } catch (error) {
    if (error !== HOLDS_UNDEFINED) throw error;
  }
  const copied = newWalkState();
  return { json: copy(value, null, copied), state: copied };
}

export function serializeLikeSuperjson(value: unknown): SuperJSONResult {
  let walked: { json: unknown; state: WalkState };
  try {
    walked = walk(value);
  } catch (error) {
    if (error !== UNSUPPORTED) throw error;
    return superjson.serialize(value) as SuperJSONResult;
  }
  const { json, state } = walked;
  if (state.root) return { json, meta: { values: state.root, v: SUPERJSON_VERSION } };
  for (const _ in state.annotations)
    return { json, meta: { values: state.annotations, v: SUPERJSON_VERSION } };
  return { json };
}

/** Inputs are read by superjson; outputs are written in its format by the walker above. */
export const apiTransformer: TRPCCombinedDataTransformer = {
  input: superjson,
  output: {
    serialize: serializeLikeSuperjson,
    deserialize: (value) => superjson.deserialize(value),
  },
};
