import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../testing";

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

describe("task.create", () => {
  it("creates a task for the signed-in user", async () => {
    const { caller } = await api.createUser();
    const task = await caller.task.create({ title: "  Buy milk  ", tags: ["home", "home"] });
    expect(task).toMatchObject({ title: "Buy milk", priority: "medium", completed: false, tags: ["home"] });
    const list = await caller.task.list();
    expect(list.items.map((item) => item.id)).toEqual([task.id]);
  });
});
