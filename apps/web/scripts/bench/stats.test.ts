import { describe, expect, it } from "vitest";
import { median, percentile } from "./stats";

describe("median", () => {
  it("is the middle value of an odd count, in any input order", () => {
    expect(median([9, 1, 5])).toBe(5);
  });

  it("is the mean of the two middle values of an even count", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("sorts numerically, not as text", () => {
    expect(median([10, 9, 100])).toBe(10);
  });

  it("is NaN when nothing was measured", () => {
    expect(median([])).toBeNaN();
  });

  it("leaves its input unchanged", () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe("percentile (nearest rank)", () => {
  const hundred = Array.from({ length: 100 }, (_, index) => 100 - index); // 100 .. 1

  it("p50, p95 and p99 of 1..100", () => {
    expect(percentile(hundred, 0.5)).toBe(50);
    expect(percentile(hundred, 0.95)).toBe(95);
    expect(percentile(hundred, 0.99)).toBe(99);
  });

  it("is always a measured value", () => {
    expect(percentile([1, 2, 3], 0.5)).toBe(2);
    expect(percentile([1, 2], 0.99)).toBe(2);
    expect(percentile([7], 0.01)).toBe(7);
  });

  it("is NaN when nothing was measured", () => {
    expect(percentile([], 0.95)).toBeNaN();
  });
});
