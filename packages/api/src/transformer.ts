import type { TRPCCombinedDataTransformer } from "@trpc/server";
import superjson from "superjson";

/**
 * Superjson's wire format, written by a walker that knows only what procedures return: plain
 * objects and arrays of strings, finite numbers, booleans, null, undefined and valid Dates.
 * Anything else anywhere in the value (a Map, a bigint, NaN, a shared or circular reference, a
 * key that superjson would escape, ...) hands the whole value to superjson itself. The output is
 * what `superjson.serialize` writes (property-tested; only the order of nested annotations may
 * differ, which no reader sees), so every client keeps using superjson to read it; it is several
 * times cheaper than superjson's generic walker on a page of tasks.
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

/** Thrown inside the walker when the value needs superjson's general machinery. */
const UNSUPPORTED = Symbol("unsupported");

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Where the walker is: the annotations so far, the objects seen, and the root's own annotation. */
interface WalkState {
  annotations: Annotations;
  seen: Set<object>;
  root: TypeAnnotation | null;
}

/** `path` is null at the root, whose annotation superjson writes on its own (not under a key). */
function annotate(state: WalkState, path: string | null, annotation: TypeAnnotation): void {
  if (path === null) state.root = annotation;
  else state.annotations[path] = annotation;
}

function childPath(path: string | null, key: string | number): string {
  return path === null ? String(key) : `${path}.${key}`;
}

function walk(value: unknown, path: string | null, state: WalkState): unknown {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      if (!Number.isFinite(value) || Object.is(value, -0)) throw UNSUPPORTED;
      return value;
    case "undefined":
      annotate(state, path, ["undefined"]);
      return null;
    case "object":
      return walkObject(value, path, state);
    default:
      throw UNSUPPORTED;
  }
}

function walkObject(value: object | null, path: string | null, state: WalkState): unknown {
  if (value === null) return null;
  // Superjson records an object (a Date too) reached twice as a referential equality: let it.
  if (state.seen.has(value)) throw UNSUPPORTED;
  state.seen.add(value);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw UNSUPPORTED;
    annotate(state, path, ["Date"]);
    return value.toISOString();
  }
  if (Array.isArray(value)) return value.map((item, index) => walk(item, childPath(path, index), state));
  if (!isPlainObject(value)) throw UNSUPPORTED;
  const json: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    // Superjson escapes these in paths or guards them: none occurs in our results.
    if (key.includes(".") || key.includes("\\") || FORBIDDEN_KEYS.has(key)) throw UNSUPPORTED;
    json[key] = walk(value[key], childPath(path, key), state);
  }
  return json;
}

export function serializeLikeSuperjson(value: unknown): SuperJSONResult {
  const state: WalkState = { annotations: {}, seen: new Set(), root: null };
  let json: unknown;
  try {
    json = walk(value, null, state);
  } catch (error) {
    if (error !== UNSUPPORTED) throw error;
    return superjson.serialize(value) as SuperJSONResult;
  }
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
