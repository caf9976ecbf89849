import { projectColorName } from "@doable/domain";
import { booleanValue, type ParsedValues, stringValue } from "../args";
import type { Api, Project } from "../client";
import type { Command } from "../command";
import { requireSession } from "../context";
import { CliError, UsageError } from "../exit-codes";
import { writeLine } from "../io";

const ACTIONS = ["add", "rename", "archive", "unarchive", "delete"] as const;
type Action = (typeof ACTIONS)[number];

function plural(count: number, one: string): string {
  return `${count} ${one}${count === 1 ? "" : "s"}`;
}

/** The caller's project called `name` (ignoring case), archived ones included. */
export async function projectNamed(api: Api, name: string): Promise<Project> {
  const projects = await api.project.list.query();
  const wanted = name.trim().toLowerCase();
  const found = projects.find((project) => project.name.toLowerCase() === wanted);
  if (!found) {
    const names = projects.map((project) => project.name).join(", ");
    throw new CliError(`No project named '${name}'. Your projects: ${names}`);
  }
  return found;
}

/** `--project <name>` as the project's id, or undefined without the option. */
export async function projectOption(api: Api, values: ParsedValues): Promise<string | undefined> {
  const name = stringValue(values, "project");
  return name === undefined ? undefined : (await projectNamed(api, name)).id;
}

export const PROJECT_OPTION = {
  type: "string",
  value: "name",
  description: "A project, by name (doable projects lists them)",
} as const;

function line(project: Project): string {
  const flags = [project.isInbox ? "inbox" : null, project.archived ? "archived" : null].filter(Boolean);
  return [
    project.name,
    `${project.openCount} open`,
    projectColorName(project.color),
    ...(flags.length > 0 ? [`(${flags.join(", ")})`] : []),
  ].join("  ");
}

function expectArguments(action: Action, rest: string[], count: number, shape: string): void {
  if (rest.length !== count) throw new UsageError(`usage: doable projects ${action} ${shape}`, "projects");
}

export const projects: Command = {
  spec: {
    name: "projects",
    summary: "List your projects with their open tasks, or add, rename, archive or delete one.",
    usage: [
      "projects [--json]",
      'projects add "name" [--color #rrggbb]',
      'projects rename "name" "new name"',
      'projects archive|unarchive "name"',
      'projects delete "name"',
    ],
    options: {
      json: { type: "boolean", description: "Print the projects as a JSON array" },
      color: { type: "string", value: "#rrggbb", description: "The project's colour" },
    },
    positionals: { min: 0, max: 3, name: "" },
    details: [
      "Every account has an Inbox: tasks added without --project go there. It cannot be renamed,\n" +
        "archived or deleted. Deleting a project moves it and its tasks to the trash: doable trash\n" +
        "lists them, doable restore brings tasks back (to the Inbox once their project is gone).",
      'Examples:\n  doable projects add "Garden" --color #16a34a\n  doable add "Plant bulbs" --project Garden\n' +
        "  doable ls --project Garden",
    ],
  },
  async run(context, { values, positionals }) {
    const [action, ...rest] = positionals;
    if (action !== undefined && !(ACTIONS as readonly string[]).includes(action)) {
      throw new UsageError(`unknown action '${action}' (one of: ${ACTIONS.join(", ")})`, "projects");
    }
    const color = stringValue(values, "color");
    if (color !== undefined && action !== "add" && action !== "rename") {
      throw new UsageError("--color goes with add or rename", "projects");
    }
    const { stdout } = context.io;
    const { api } = await requireSession(context);
    switch (action as Action | undefined) {
      case undefined: {
        const all = await api.project.list.query();
        if (booleanValue(values, "json")) writeLine(stdout, JSON.stringify(all, null, 2));
        else for (const project of all) writeLine(stdout, line(project));
        return;
      }
      case "add": {
        expectArguments("add", rest, 1, '"name"');
        const created = await api.project.create.mutate({ name: rest[0] ?? "", ...(color ? { color } : {}) });
        writeLine(stdout, `Added project ${created.name}`);
        return;
      }
      case "rename": {
        expectArguments("rename", rest, 2, '"name" "new name"');
        const project = await projectNamed(api, rest[0] ?? "");
        const updated = await api.project.update.mutate({
          id: project.id,
          name: rest[1] ?? "",
          ...(color ? { color } : {}),
        });
        writeLine(stdout, `Renamed ${project.name} to ${updated.name}`);
        return;
      }
      case "archive":
      case "unarchive": {
        expectArguments(action as Action, rest, 1, '"name"');
        const project = await projectNamed(api, rest[0] ?? "");
        const archived = action === "archive";
        await api.project.update.mutate({ id: project.id, archived });
        writeLine(stdout, `${archived ? "Archived" : "Unarchived"} ${project.name}`);
        return;
      }
      case "delete": {
        expectArguments("delete", rest, 1, '"name"');
        const project = await projectNamed(api, rest[0] ?? "");
        const { taskIds } = await api.project.delete.mutate({ id: project.id });
        writeLine(
          stdout,
          `Deleted ${project.name}: ${plural(taskIds.length, "task")} moved to the trash (doable trash)`,
        );
        return;
      }
    }
  },
};
