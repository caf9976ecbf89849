import { describe, expect, it } from "vitest";
import { combineRounds, type Measurement, measure } from "./measurement";

describe("measure", () => {
  it("rates responses over wall time, and charges CPU to every request the server was sent", () => {
    const latenciesMs = Array.from({ length: 100 }, (_, index) => index + 1);
    const measurement = measure({ latenciesMs, elapsedMs: 2000, served: 125, cpuMs: 250, unexpected: 3 });
    expect(measurement).toEqual({
      requestsPerSecond: 50,
      p50Ms: 50,
      p95Ms: 95,
      p99Ms: 99,
      cpuMsPerRequest: 2,
      completed: 100,
      unexpected: 3,
    });
  });

  it("reports nothing measured, rather than zero, for an empty run", () => {
    const measurement = measure({ latenciesMs: [], elapsedMs: 1000, served: 0, cpuMs: 5, unexpected: 0 });
    expect(measurement.p50Ms).toBeNaN();
    expect(measurement.cpuMsPerRequest).toBeNaN();
    expect(measurement.requestsPerSecond).toBe(0);
  });
});

describe("combineRounds", () => {
  const round = (requestsPerSecond: number, unexpected: number): Measurement => ({
    requestsPerSecond,
    p50Ms: requestsPerSecond / 10,
    p95Ms: 1,
    p99Ms: 2,
    cpuMsPerRequest: 0.5,
    completed: 10,
    unexpected,
  });

  it("takes the median of each figure and the total of the counts", () => {
    const combined = combineRounds([round(100, 0), round(900, 1), round(300, 0)]);
    expect(combined).toEqual({
      requestsPerSecond: 300,
      p50Ms: 30,
      p95Ms: 1,
      p99Ms: 2,
      cpuMsPerRequest: 0.5,
      completed: 30,
      unexpected: 1,
    });
  });
});
