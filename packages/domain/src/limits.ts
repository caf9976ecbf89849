/** Sizes every client and the server agree on (docs/design.md, "Limits"). */
export const EMAIL_MAX_LENGTH = 254;
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
export const NAME_MAX_LENGTH = 100;
export const TITLE_MAX_LENGTH = 200;
export const DESCRIPTION_MAX_LENGTH = 1000;
export const TAGS_MAX_COUNT = 10;
export const TAG_MAX_LENGTH = 30;
export const LIST_LIMIT_MAX = 100;
export const LIST_LIMIT_DEFAULT = 50;
export const SEARCH_MAX_LENGTH = 200;
/** Tasks one account may hold, the trash included (DESIGN: at least 100,000); task.create refuses more. */
export const TASKS_PER_USER_MAX = 100_000;
/**
 * Projects one account may hold, archived ones and the Inbox included (docs/decisions/0042):
 * more than a sidebar can usefully show, and a bound on rows. project.create and project.restore refuse more.
 */
export const PROJECTS_PER_USER_MAX = 100;
/** A project's name, trimmed: 1 to this many characters, unique per owner (case-insensitive). */
export const PROJECT_NAME_MAX_LENGTH = 50;
/**
 * Live subtasks one task may have (docs/decisions/0048): more than a checklist needs, and a bound
 * on what one list row carries with it. task.create refuses more.
 */
export const SUBTASKS_PER_TASK_MAX = 50;
/** Passkeys one account may hold (docs/decisions/0036): more than anyone has devices, and a bound on rows. */
export const PASSKEYS_PER_USER_MAX = 20;
/** A stored User-Agent (sessions, security events) is cut to this many UTF-16 code units. */
export const MAX_USER_AGENT_LENGTH = 512;
/** Task ids one `task.restore` or `task.deleteForever` call may name. */
export const TASK_IDS_MAX = 1000;
/** Days a task stays in the trash before the purge script deletes it for good (ADR 0029). */
export const TRASH_RETENTION_DAYS = 30;
/**
 * A sensitive account change (revoking sessions, a new email, two-factor off, removing a passkey,
 * deleting the account) goes ahead without the password this long after signing in (ADR 0040).
 */
export const FRESH_SIGN_IN_MINUTES = 10;
