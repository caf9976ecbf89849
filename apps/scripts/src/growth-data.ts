/**
 * A realistic long history of tasks for one user, inserted in one statement so 100,000 rows take
 * seconds: three years of tasks, old ones mostly done, recent ones mostly open, half with a due
 * date shortly after creation (a quarter of those at a time of day), a few common tags and one
 * rare one, descriptions on some.
 * Deterministic (no random()): the same count gives the same rows, so runs compare.
 */
import type { Database } from "@doable/db";
import { sql } from "drizzle-orm";

const HISTORY_DAYS = 3 * 365;
/** Tasks created within this many days are "recent": most still open. */
const RECENT_DAYS = 60;
/** A due date falls this many days (at most) after the task was created. */
const DUE_WINDOW_DAYS = 45;
/** Out of four dated tasks, one is due at a time of day: on the quarter hour, 08:00 to 17:45. */
const TIMED_OF_FOUR = 1;
const FIRST_DUE_HOUR = 8;
const DUE_HOURS = 10;
const QUARTERS_PER_HOUR = 4;
/** Out of ten: how many old tasks are done, and how many recent ones. */
const OLD_DONE_OF_TEN = 9;
const RECENT_DONE_OF_TEN = 3;

export const GROWTH_VERBS = [
  "Renew",
  "Book",
  "Send",
  "Plan",
  "Buy",
  "Fix",
  "Read",
  "Cancel",
  "Water",
  "Review",
  "Call",
  "Email",
  "Pay",
  "Clean",
  "Order",
  "Schedule",
  "Write",
  "Update",
  "Prepare",
  "Return",
];

export const GROWTH_NOUNS = [
  "passport",
  "dentist appointment",
  "quarterly report",
  "team offsite",
  "birthday present",
  "bedroom door",
  "book club novel",
  "streaming subscription",
  "plants",
  "pull requests",
  "insurance claim",
  "electricity bill",
  "garage",
  "groceries",
  "car service",
  "budget spreadsheet",
  "blog post",
  "project roadmap",
  "library books",
  "tax return",
  "gym membership",
  "kitchen sink",
  "conference talk",
  "invoice",
  "holiday photos",
  "bike tyres",
  "parents' anniversary",
  "onboarding checklist",
  "recycling",
  "winter coats",
];

/** A tag on about one task in this many: rare enough that reading tasks in sort order finds few. */
export const RARE_TAG = "taxes";
const RARE_TAG_EVERY = 97;
/** A word that appears only in the descriptions of about one task in this many. */
export const RARE_WORD = "notarised";
const RARE_WORD_EVERY = 500;

function textArray(values: string[]) {
  return sql.raw(`array[${values.map((value) => `'${value.replaceAll("'", "''")}'`).join(", ")}]`);
}

/** The k-th independent draw in [0, modulus) for row n: hashed, so no two attributes correlate. */
function draw(k: number, modulus: number) {
  return sql.raw(`((hashint4(n * 16 + ${k})::bigint + 2147483648) % ${modulus})`);
}

/** Inserts `count` tasks for `userId`, the newest created at `now`. */
export async function seedGrowthTasks(db: Database, userId: string, count: number, now: Date): Promise<void> {
  const at = now.toISOString();
  // Spread evenly over the history: task n was created (count - n) steps before now.
  const stepSeconds = (HISTORY_DAYS * 24 * 60 * 60) / count;
  // 100,000 rows (triggers included) outlast the database's statement timeout, which guards
  // requests, not setup: this one transaction waits as long as it takes.
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local statement_timeout = 0`);
    await insertGrowthTasks(tx, userId, count, at, stepSeconds);
  });
}

async function insertGrowthTasks(
  db: Pick<Database, "execute">,
  userId: string,
  count: number,
  at: string,
  stepSeconds: number,
): Promise<void> {
  await db.execute(sql`
    with numbered as (
      select n,
             ${at}::timestamptz - (${count}::int - n) * ${stepSeconds}::float8 * interval '1 second' as created
      from generate_series(1, ${count}::int) as n
    ), rows as (
      select n, created,
             (${textArray(GROWTH_VERBS)})[1 + ${draw(1, GROWTH_VERBS.length)}] || ' ' ||
               (${textArray(GROWTH_NOUNS)})[1 + ${draw(2, GROWTH_NOUNS.length)}] || ' #' || n as title,
             case
               when ${draw(3, RARE_WORD_EVERY)} = 0 then 'Needs to be ${sql.raw(RARE_WORD)} first.'
               when ${draw(4, 10)} < 3 then 'Remember to check the details before ' || to_char(created, 'Mon DD')
             end as description,
             (case ${draw(5, 5)} when 0 then 'high' when 1 then 'low' else 'medium' end)::task_priority
               as priority,
             -- A calendar day, read on UTC's calendar (the growth user's zone, the default) so the
             -- rows do not depend on the session's time zone.
             case when ${draw(6, 2)} = 1
               then ((created at time zone 'UTC') + ${draw(7, DUE_WINDOW_DAYS)} * interval '1 day')::date
             end as due_date,
             case when ${draw(6, 2)} = 1 and ${draw(11, QUARTERS_PER_HOUR)} < ${TIMED_OF_FOUR}::int
               then make_time(${FIRST_DUE_HOUR}::int + ${draw(12, DUE_HOURS)}::int, 15 * ${draw(13, QUARTERS_PER_HOUR)}::int, 0)
             end as due_time,
             case
               when ${draw(8, RARE_TAG_EVERY)} = 0 then array['${sql.raw(RARE_TAG)}', 'home']
               else case ${draw(9, 10)}
                 when 0 then array['work'] when 1 then array['work'] when 2 then array['work']
                 when 3 then array['work', 'urgent'] when 4 then array['home'] when 5 then array['errands']
                 when 6 then array['health'] else array[]::text[]
               end
             end as tags,
             ${draw(10, 10)} < case
               when created < ${at}::timestamptz - ${RECENT_DAYS}::int * interval '1 day' then ${OLD_DONE_OF_TEN}::int
               else ${RECENT_DONE_OF_TEN}::int
             end as completed
      from numbered
    )
    insert into tasks (user_id, title, description, priority, due_date, due_time, tags, completed,
                       completed_at, created_at, updated_at)
    select ${userId}::uuid, title, description, priority, due_date, due_time, tags, completed,
           case when completed then created + interval '1 day' end, created, created
    from rows`);
}
