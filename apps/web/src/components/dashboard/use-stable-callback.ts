"use client";

import { useCallback, useInsertionEffect, useRef } from "react";

/**
 * A function whose identity never changes but which always runs the latest `callback`: handed to
 * memoized rows, it lets a list re-render only the rows whose data changed. Call it from event
 * handlers only, never while rendering.
 */
export function useStableCallback<Args extends unknown[], Result>(
  callback: (...args: Args) => Result,
): (...args: Args) => Result {
  const latest = useRef(callback);
  // Before any layout effect or event handler can run with the new render's props.
  useInsertionEffect(() => {
    latest.current = callback;
  });
  return useCallback((...args: Args) => latest.current(...args), []);
}
