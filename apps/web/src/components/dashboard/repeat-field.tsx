"use client";

/**
 * The "Repeat" control of the task editor and of the New task box's options (docs/decisions/0043):
 * none, daily, weekdays, weekly on chosen days, monthly (on the due day or the last day), yearly,
 * or every N days/weeks/months/years; ending never, on a date or after a number of times. It writes
 * the RRULE into a hidden input named `recurrence` ("" for none), read with the form's other
 * fields. Loaded on first use (`lazy`), so the dashboard's first load does not carry it.
 */
import {
  describeRecurrence,
  formatRecurrence,
  parseRecurrence,
  RECURRENCE_COUNT_MAX,
  RECURRENCE_INTERVAL_MAX,
  type RecurrenceFrequency,
  type RecurrenceRule,
  WEEKDAY_CODES,
  WEEKDAY_NAMES,
  type WeekdayCode,
} from "@doable/domain/recurrence-rule";
import { useId, useState } from "react";
import { Field } from "../field";

type Kind =
  | "none"
  | "daily"
  | "weekdays"
  | "weekly"
  | "monthly"
  | "monthly-last"
  | "yearly"
  | "custom"
  | "kept";
type Ends = "never" | "on" | "after";

interface RepeatState {
  kind: Kind;
  days: WeekdayCode[];
  every: number;
  unit: RecurrenceFrequency;
  ends: Ends;
  until: string;
  count: number;
}

const KIND_LABELS: ReadonlyArray<[Kind, string]> = [
  ["none", "Does not repeat"],
  ["daily", "Daily"],
  ["weekdays", "Every weekday (Monday to Friday)"],
  ["weekly", "Weekly"],
  ["monthly", "Monthly, on the due date's day"],
  ["monthly-last", "Monthly, on the last day"],
  ["yearly", "Yearly"],
  ["custom", "Every N days, weeks, months or years"],
];

const UNIT_LABELS: ReadonlyArray<[RecurrenceFrequency, string]> = [
  ["DAILY", "days"],
  ["WEEKLY", "weeks"],
  ["MONTHLY", "months"],
  ["YEARLY", "years"],
];

const WORKING_DAYS: WeekdayCode[] = ["MO", "TU", "WE", "TH", "FR"];

function plain(rule: RecurrenceRule): boolean {
  return rule.byMonth.length === 0 && rule.byDay.every((entry) => entry.nth === undefined);
}

/** The controls that show `recurrence`; a rule they cannot show is kept as it is ("kept"). */
function stateOf(recurrence: string | null): RepeatState {
  const state: RepeatState = {
    kind: "none",
    days: [],
    every: 1,
    unit: "WEEKLY",
    ends: "never",
    until: "",
    count: 5,
  };
  if (!recurrence) return state;
  const parsed = parseRecurrence(recurrence);
  if (!parsed.ok || !plain(parsed.rule)) return { ...state, kind: "kept" };
  const rule = parsed.rule;
  const days = rule.byDay.map((entry) => entry.day);
  if (rule.count !== undefined) Object.assign(state, { ends: "after", count: rule.count });
  if (rule.until !== undefined) Object.assign(state, { ends: "on", until: rule.until });
  const monthDays = rule.byMonthDay.join(",");
  if (rule.interval !== 1) {
    if (days.length > 0 || monthDays !== "") return { ...state, kind: "kept" };
    return { ...state, kind: "custom", every: rule.interval, unit: rule.freq };
  }
  if (rule.freq === "WEEKLY" && days.join(",") === WORKING_DAYS.join(","))
    return { ...state, kind: "weekdays" };
  if (rule.freq === "WEEKLY" && monthDays === "") return { ...state, kind: "weekly", days };
  if (days.length > 0) return { ...state, kind: "kept" };
  if (rule.freq === "DAILY" && monthDays === "") return { ...state, kind: "daily" };
  if (rule.freq === "MONTHLY" && monthDays === "") return { ...state, kind: "monthly" };
  if (rule.freq === "MONTHLY" && monthDays === "-1") return { ...state, kind: "monthly-last" };
  if (rule.freq === "YEARLY" && monthDays === "") return { ...state, kind: "yearly" };
  return { ...state, kind: "kept" };
}

/** The RRULE the controls say; "" for none. */
function ruleOf(state: RepeatState, kept: string | null): string {
  if (state.kind === "none") return "";
  if (state.kind === "kept") return kept ?? "";
  const rule: RecurrenceRule = { freq: "DAILY", interval: 1, byDay: [], byMonthDay: [], byMonth: [] };
  if (state.kind === "weekdays")
    Object.assign(rule, { freq: "WEEKLY", byDay: WORKING_DAYS.map((day) => ({ day })) });
  if (state.kind === "weekly")
    Object.assign(rule, { freq: "WEEKLY", byDay: state.days.map((day) => ({ day })) });
  if (state.kind === "monthly") rule.freq = "MONTHLY";
  if (state.kind === "monthly-last") Object.assign(rule, { freq: "MONTHLY", byMonthDay: [-1] });
  if (state.kind === "yearly") rule.freq = "YEARLY";
  if (state.kind === "custom") Object.assign(rule, { freq: state.unit, interval: state.every });
  if (state.ends === "after") rule.count = state.count;
  if (state.ends === "on" && state.until !== "") rule.until = state.until;
  return formatRecurrence(rule);
}

function bounded(value: string, max: number): number {
  const number = Math.trunc(Number(value));
  return Number.isFinite(number) ? Math.min(Math.max(number, 1), max) : 1;
}

export default function RepeatField({ initial }: { initial: string | null }) {
  const id = useId();
  const [state, setState] = useState(() => stateOf(initial));
  const change = (fields: Partial<RepeatState>) => setState((current) => ({ ...current, ...fields }));
  const rule = ruleOf(state, initial);
  const kinds: ReadonlyArray<[Kind, string]> =
    state.kind === "kept" || stateOf(initial).kind === "kept"
      ? [...KIND_LABELS, ["kept", `As set: ${describeRecurrence(initial ?? "")}`]]
      : KIND_LABELS;

  return (
    <div className="repeat-field field-wide">
      <input type="hidden" name="recurrence" value={rule} />
      <Field id={`${id}-repeat`} label="Repeat">
        {(control) => (
          <select
            {...control}
            value={state.kind}
            onChange={(event) => change({ kind: event.target.value as Kind })}
          >
            {kinds.map(([kind, label]) => (
              <option key={kind} value={kind}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {state.kind === "weekly" && (
        <fieldset className="repeat-days">
          <legend>On days</legend>
          {WEEKDAY_CODES.map((day) => (
            <label key={day}>
              <input
                type="checkbox"
                checked={state.days.includes(day)}
                onChange={(event) =>
                  change({
                    days: event.target.checked
                      ? WEEKDAY_CODES.filter((code) => code === day || state.days.includes(code))
                      : state.days.filter((code) => code !== day),
                  })
                }
              />
              {WEEKDAY_NAMES[day]}
            </label>
          ))}
        </fieldset>
      )}
      {state.kind === "custom" && (
        <div className="row">
          <Field id={`${id}-every`} label="Every">
            {(control) => (
              <input
                {...control}
                type="number"
                min={1}
                max={RECURRENCE_INTERVAL_MAX}
                value={state.every}
                onChange={(event) => change({ every: bounded(event.target.value, RECURRENCE_INTERVAL_MAX) })}
              />
            )}
          </Field>
          <Field id={`${id}-unit`} label="Unit">
            {(control) => (
              <select
                {...control}
                value={state.unit}
                onChange={(event) => change({ unit: event.target.value as RecurrenceFrequency })}
              >
                {UNIT_LABELS.map(([unit, label]) => (
                  <option key={unit} value={unit}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      )}
      {state.kind !== "none" && state.kind !== "kept" && (
        <div className="row">
          <Field id={`${id}-ends`} label="Ends">
            {(control) => (
              <select
                {...control}
                value={state.ends}
                onChange={(event) => change({ ends: event.target.value as Ends })}
              >
                <option value="never">Never</option>
                <option value="on">On a date</option>
                <option value="after">After a number of times</option>
              </select>
            )}
          </Field>
          {state.ends === "on" && (
            <Field id={`${id}-until`} label="End date">
              {(control) => (
                <input
                  {...control}
                  type="date"
                  value={state.until}
                  onChange={(event) => change({ until: event.target.value })}
                />
              )}
            </Field>
          )}
          {state.ends === "after" && (
            <Field id={`${id}-count`} label="Times">
              {(control) => (
                <input
                  {...control}
                  type="number"
                  min={1}
                  max={RECURRENCE_COUNT_MAX}
                  value={state.count}
                  onChange={(event) => change({ count: bounded(event.target.value, RECURRENCE_COUNT_MAX) })}
                />
              )}
            </Field>
          )}
        </div>
      )}
      {rule !== "" && <p className="field-hint">Repeats {describeRecurrence(rule)}.</p>}
    </div>
  );
}
