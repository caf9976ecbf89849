"use client";

import { TITLE_MAX_LENGTH, taskFieldsProblem } from "@doable/domain";
import { type FormEvent, lazy, Suspense, useActionState, useId, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { addTaskFromForm } from "~/app/(app)/dashboard/task-actions";
import {
  EMPTY_NEW_TASK_STATE,
  EMPTY_TITLE_MESSAGE,
  hasTypedOptions,
  NEW_TASK_LABEL,
  type NewTaskFields,
  NOTHING_TYPED,
  newTaskFields,
  VIEW_FIELD,
} from "./new-task-fields";

/** What a new task is created with: the form's fields, its id, a repeat quick add read, a reminder. */
type NewTaskValues = NewTaskFields & { id: string; recurrence?: string | null; remindAt?: Date | null };

type QuickAddModule = typeof import("./quick-add");

// Loaded when "More options" is first opened: most tasks are added from the box alone
// (docs/quality.md's budgets).
const NewTaskOptions = lazy(() =>
  import("./new-task-options").then((module) => ({ default: module.NewTaskOptions })),
);

/**
 * The New task box. What is typed reads as plain language (quick add, ADR 0044): "Call mom
 * tomorrow 5pm #family !high every friday" is due tomorrow at 17:00, tagged, high priority and
 * repeating; a line under the box says what was understood before anything is saved, and "Keep
 * the text as typed" saves the words as the title instead. The parser loads on the first key. A
 * repeat is typed ("every month on the last day 5 times") or set later in the task's editor.
 *
 * Before the page is hydrated, the form posts to a server action that saves the words as typed
 * (docs/decisions/0038); a refusal comes back as `answer`, rendered into a new page with what was
 * typed. Once hydrated, `submit` takes every submission and the action is never called.
 */
export function NewTaskForm({
  onCreate,
  timeZone,
  view,
}: {
  onCreate: (values: NewTaskValues) => void;
  /** The account's zone: "tomorrow" and "5pm" are read on its clock. */
  timeZone: string;
  /** The dashboard's query string: the view (and project) a form posted before hydration returns to. */
  view: string;
}) {
  const id = useId();
  const titleRef = useRef<HTMLInputElement>(null);
  const [answer, formAction] = useActionState(addTaskFromForm, EMPTY_NEW_TASK_STATE);
  // What a refused post sent, shown in the fields until the next task is added here.
  const [restored, setRestored] = useState(answer.typed);
  const [error, setError] = useState<string | null>(answer.error);
  const [showOptions, setShowOptions] = useState(() => hasTypedOptions(answer.typed));
  /** The text the box holds, read by the quick add module once it has loaded. */
  const [typed, setTyped] = useState<{ module: QuickAddModule; text: string } | null>(null);
  const [literal, setLiteral] = useState(false);
  const quickAdd = useRef<Promise<QuickAddModule | null> | null>(null);
  /** Counts the tasks added here: the Reminder field starts afresh for each. */
  const [added, setAdded] = useState(0);
  // Once opened, the options stay in the form, hidden or not, keeping what was chosen in them.
  const [optionsLoaded, setOptionsLoaded] = useState(showOptions);

  function loadQuickAdd(): Promise<QuickAddModule | null> {
    // Offline before it ever loaded: the words are saved as they are, nothing is lost.
    quickAdd.current ??= import("./quick-add").catch(() => (quickAdd.current = null));
    return quickAdd.current;
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    let values: NewTaskValues = { id: crypto.randomUUID(), ...newTaskFields(data) };
    if (values.title === "") {
      setError(EMPTY_TITLE_MESSAGE);
      titleRef.current?.focus();
      return;
    }
    if (!literal) {
      // Loading since the first key: by the time Enter is pressed it is there.
      const module = await loadQuickAdd();
      if (module) values = { ...values, ...module.applyQuickAdd(values.title, timeZone, values) };
    }
    if (data.has("reminder")) {
      // Before the due day and time the task will have: quick add may just have read them.
      const { reminderFromForm } = await import("./reminder-field");
      const reminder = reminderFromForm(data, timeZone, values);
      if (reminder && "error" in reminder) {
        setError(reminder.error);
        return;
      }
      if (reminder?.remindAt) values = { ...values, remindAt: reminder.remindAt };
    }
    // The server's rules and words, checked without shipping its schema library (issue 13).
    const problem = taskFieldsProblem(values);
    if (problem) {
      setError(problem);
      return;
    }
    setError(null);
    onCreate(values);
    // The reset goes back to each field's default: no longer what a refused post sent.
    if (restored !== NOTHING_TYPED) flushSync(() => setRestored(NOTHING_TYPED));
    form.reset();
    setAdded((count) => count + 1);
    setTyped(null);
    setLiteral(false);
    titleRef.current?.focus();
  }

  return (
    <form
      // Before hydration React renders this as a POST to the server action: the title is saved,
      // never put in the address. Once hydrated, `submit` prevents that and React calls nothing.
      action={formAction}
      className="card new-task"
      onSubmit={submit}
      noValidate
    >
      <input type="hidden" name={VIEW_FIELD} value={view} />
      <div className="new-task-row">
        <input
          ref={titleRef}
          name="title"
          type="text"
          defaultValue={restored.title}
          aria-label={NEW_TASK_LABEL}
          placeholder="What needs doing?"
          // biome-ignore lint/a11y/noAutofocus: adding a task is what the page is for (TodoMVC's habit too)
          autoFocus
          maxLength={TITLE_MAX_LENGTH}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={`${error ? `${id}-error ` : ""}${id}-understood`}
          onInput={(event) => {
            if (error) setError(null);
            const text = event.currentTarget.value;
            // Only for what the box still holds: a slower load for older text is dropped.
            void loadQuickAdd().then(
              (module) => module && titleRef.current?.value === text && setTyped({ module, text }),
            );
          }}
        />
        <button type="submit">Add task</button>
      </div>
      {error && (
        <p id={`${id}-error`} role="alert" className="field-error">
          {error}
        </p>
      )}
      {/* Always there, so what it says is announced as it changes. */}
      <p id={`${id}-understood`} role="status" className="quick-add-preview">
        {typed && !literal && typed.module.understood(typed.text, timeZone)}
      </p>
      {typed && (
        <typed.module.KeepAsTyped {...typed} timeZone={timeZone} literal={literal} onChange={setLiteral} />
      )}
      <button
        type="button"
        className="ghost options-toggle"
        aria-expanded={showOptions}
        aria-controls={`${id}-options`}
        onClick={() => {
          setShowOptions((shown) => !shown);
          setOptionsLoaded(true);
        }}
      >
        {showOptions ? "Fewer options" : "More options"}
      </button>
      <div id={`${id}-options`} className="new-task-options" hidden={!showOptions}>
        {optionsLoaded && (
          <Suspense fallback={null}>
            <NewTaskOptions id={id} restored={restored} round={added} timeZone={timeZone} />
          </Suspense>
        )}
      </div>
    </form>
  );
}
