// The limits live in @doable/domain (browser-safe, shared with the database, the CLI and the web);
// re-exported here so `@doable/api/validators` keeps offering them beside the schemas that use them.
export {
  DESCRIPTION_MAX_LENGTH,
  EMAIL_MAX_LENGTH,
  LIST_LIMIT_DEFAULT,
  LIST_LIMIT_MAX,
  NAME_MAX_LENGTH,
  PASSKEYS_PER_USER_MAX,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PROJECT_NAME_MAX_LENGTH,
  PROJECTS_PER_USER_MAX,
  SEARCH_MAX_LENGTH,
  TAG_MAX_LENGTH,
  TAGS_MAX_COUNT,
  TASK_IDS_MAX,
  TASKS_PER_USER_MAX,
  TITLE_MAX_LENGTH,
} from "@doable/domain";
