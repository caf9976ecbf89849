import { describe, expect, it } from "vitest";
import * as limits from "./limits";

describe("limits", () => {
  it("are the sizes docs/design.md promises", () => {
    expect({ ...limits }).toEqual({
      EMAIL_MAX_LENGTH: 254,
      PASSWORD_MIN_LENGTH: 8,
      PASSWORD_MAX_LENGTH: 128,
      NAME_MAX_LENGTH: 100,
      TITLE_MAX_LENGTH: 200,
      DESCRIPTION_MAX_LENGTH: 1000,
      TAGS_MAX_COUNT: 10,
      TAG_MAX_LENGTH: 30,
      LIST_LIMIT_MAX: 100,
      LIST_LIMIT_DEFAULT: 50,
      SEARCH_MAX_LENGTH: 200,
      TASKS_PER_USER_MAX: 100_000,
      PROJECTS_PER_USER_MAX: 100,
      PROJECT_NAME_MAX_LENGTH: 50,
      SUBTASKS_PER_TASK_MAX: 50,
      PASSKEYS_PER_USER_MAX: 20,
      MAX_USER_AGENT_LENGTH: 512,
      TASK_IDS_MAX: 1000,
      TRASH_RETENTION_DAYS: 30,
      FRESH_SIGN_IN_MINUTES: 10,
    });
  });

  it("keep the default list page within the maximum", () => {
    expect(limits.LIST_LIMIT_DEFAULT).toBeLessThanOrEqual(limits.LIST_LIMIT_MAX);
    expect(limits.PASSWORD_MIN_LENGTH).toBeLessThan(limits.PASSWORD_MAX_LENGTH);
  });
});
