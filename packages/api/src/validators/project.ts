import { hasNoNul, PROJECT_COLOR_PATTERN } from "@doable/domain";
import { z } from "zod";
import { PROJECT_NAME_MAX_LENGTH } from "./limits";

export const projectIdSchema = z.uuid("Invalid project id");

export const projectNameSchema = z
  .string()
  .trim()
  .min(1, "Type a name for the project")
  .max(PROJECT_NAME_MAX_LENGTH, `A project name is at most ${PROJECT_NAME_MAX_LENGTH} characters`)
  .refine(hasNoNul, "A project name cannot contain a NUL character");

/** `#rrggbb`; upper-case is accepted and stored lower-case. */
export const projectColorSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(PROJECT_COLOR_PATTERN, "A colour is written #rrggbb, for example #2563eb");

export const createProjectInput = z.strictObject({
  name: projectNameSchema,
  color: projectColorSchema.optional(),
});

export const updateProjectInput = z.strictObject({
  id: projectIdSchema,
  name: projectNameSchema.optional(),
  color: projectColorSchema.optional(),
  archived: z.boolean().optional(),
});

export const projectByIdInput = z.strictObject({ id: projectIdSchema });

export type CreateProjectInput = z.input<typeof createProjectInput>;
export type UpdateProjectInput = z.input<typeof updateProjectInput>;
