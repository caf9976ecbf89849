import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { json, useCliHarness } from "./cli-harness";

const h = useCliHarness();

interface ProjectJson {
  id: string;
  name: string;
  color: string;
  isInbox: boolean;
  archived: boolean;
  openCount: number;
}

interface TaskJson {
  id: string;
  title: string;
  projectId: string;
}

async function projectList(): Promise<ProjectJson[]> {
  return json<ProjectJson[]>(await h.doable(["projects", "--json"]));
}

beforeAll(async () => {
  await h.login(await h.signUp("projects"));
});

describe("doable projects", () => {
  it("lists the Inbox, adds, renames, archives and deletes projects; add and ls take --project", async () => {
    expect(await h.doable(["projects"])).toMatchObject({ code: 0, stdout: "Inbox  0 open  Grey  (inbox)\n" });

    expect(await h.doable(["projects", "add", "Garden", "--color", "#16a34a"])).toMatchObject({
      code: 0,
      stdout: "Added project Garden\n",
    });
    expect((await h.doable(["projects", "add", "garden"])).code).not.toBe(0);

    expect((await h.doable(["add", "Plant bulbs", "--project", "GARDEN"])).code).toBe(0);
    expect((await h.doable(["add", "Buy milk"])).code).toBe(0);
    const missing = await h.doable(["add", "Lost", "--project", "Nowhere"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("No project named 'Nowhere'");

    expect((await h.doable(["ls", "--project", "Garden"])).stdout).toContain("Plant bulbs");
    expect((await h.doable(["ls", "--project", "Garden"])).stdout).not.toContain("Buy milk");
    expect((await h.doable(["ls", "--project", "Inbox"])).stdout).toContain("Buy milk");
    expect((await h.doable(["projects"])).stdout).toBe(
      "Inbox  1 open  Grey  (inbox)\nGarden  1 open  Green\n",
    );

    // edit --project moves a task, and its subtasks with it.
    const milk = json<TaskJson[]>(await h.doable(["ls", "--json", "--search", "Buy milk"]))[0] as TaskJson;
    expect((await h.doable(["add", "Oat milk", "--parent", milk.id])).code).toBe(0);
    expect(await h.doable(["edit", milk.id.slice(0, 8), "--project", "garden"])).toMatchObject({
      code: 0,
      stdout: `Updated ${milk.id.slice(0, 8)}  Buy milk\n`,
    });
    const garden = (await projectList()).find((project) => project.name === "Garden") as ProjectJson;
    const inGarden = await h.doable(["ls", "--project", "Garden"]);
    expect(inGarden.stdout).toContain("Buy milk");
    expect(inGarden.stdout).toContain("Oat milk");
    const moved = json<Array<TaskJson & { subtasks: TaskJson[] }>>(
      await h.doable(["ls", "--json", "--project", "Garden", "--search", "milk"]),
    );
    expect(
      moved.map((task) => [task.title, task.projectId, task.subtasks.map((sub) => sub.projectId)]),
    ).toEqual([["Buy milk", garden.id, [garden.id]]]);
    const oat = moved[0]?.subtasks[0] as TaskJson;
    const subtaskMove = await h.doable(["edit", oat.id, "--project", "Inbox"]);
    expect(subtaskMove.code).toBe(1);
    expect(subtaskMove.stderr).toContain(
      `a subtask is in its task's project: move its task instead (doable edit ${milk.id.slice(0, 8)} --project ...)`,
    );
    expect((await h.doable(["edit", milk.id, "--project", "Nowhere"])).stderr).toContain(
      "No project named 'Nowhere'",
    );
    expect((await h.doable(["edit", milk.id, "--project", "Inbox"])).code).toBe(0);

    expect((await h.doable(["projects", "rename", "Garden", "Yard"])).stdout).toBe(
      "Renamed Garden to Yard\n",
    );
    expect((await h.doable(["projects", "archive", "Yard"])).stdout).toBe("Archived Yard\n");
    expect((await projectList()).find((project) => project.name === "Yard")?.archived).toBe(true);
    expect((await h.doable(["projects", "delete", "Inbox"])).code).not.toBe(0);
    expect(await h.doable(["projects", "delete", "Yard"])).toMatchObject({
      code: 0,
      stdout: "Deleted Yard: 1 task moved to the trash (doable trash)\n",
    });
    expect((await projectList()).map((project) => project.name)).toEqual(["Inbox"]);
    expect((await h.doable(["trash"])).stdout).toContain("Plant bulbs");
  });

  it("export carries each task's project name, and import puts tasks back in projects by name", async () => {
    expect((await h.doable(["projects", "add", "Work"])).code).toBe(0);
    expect((await h.doable(["add", "Write the report", "--project", "Work"])).code).toBe(0);
    const exported = json<{ tasks: Array<{ title: string; project: string | null }> }>(
      await h.doable(["export"]),
    );
    expect(exported.tasks.find((task) => task.title === "Write the report")?.project).toBe("Work");
    expect(exported.tasks.find((task) => task.title === "Buy milk")?.project).toBe("Inbox");

    const file = join(h.home, "projects.csv");
    await writeFile(file, "title,project\nPlan the trip,Holidays\nFile taxes,work\n");
    expect((await h.doable(["import", file])).code).toBe(0);
    const projects = await projectList();
    const byName = new Map(projects.map((project) => [project.name, project.id]));
    expect([...byName.keys()]).toEqual(["Inbox", "Holidays", "Work"]);
    const tasks = json<TaskJson[]>(await h.doable(["ls", "--all", "--json"]));
    expect(tasks.find((task) => task.title === "Plan the trip")?.projectId).toBe(byName.get("Holidays"));
    expect(tasks.find((task) => task.title === "File taxes")?.projectId).toBe(byName.get("Work"));
  });
});
