/** A project as `project.list` and `project.create` answer it, in the fields an import needs. */
export interface NamedProject {
  id: string;
  name: string;
}

/**
 * The account's projects by name, ignoring case; a name not there yet is created on first use, so
 * an export carries its projects to another account (docs/decisions/0042).
 */
export function projectsByName(
  existing: readonly NamedProject[],
  create: (name: string) => Promise<NamedProject>,
): (name: string) => Promise<string> {
  const ids = new Map(existing.map((project) => [project.name.toLowerCase(), project.id]));
  return async (name) => {
    const known = ids.get(name.trim().toLowerCase());
    if (known) return known;
    const created = await create(name);
    ids.set(created.name.toLowerCase(), created.id);
    return created.id;
  };
}
