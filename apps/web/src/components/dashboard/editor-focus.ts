/**
 * The task editor's chunk, loaded once on first use: opening an editor, or the pointer or focus
 * reaching an Edit button, so the code is usually there by the time it is needed.
 */
let editorModule: Promise<typeof import("./task-editor")> | null = null;

export function loadTaskEditor(): Promise<typeof import("./task-editor")> {
  editorModule ??= import("./task-editor");
  return editorModule;
}

/** A field the next editor to open for a task should focus instead of the title ("#": Tags). */
let pending: { taskId: string; field: "tags" } | null = null;

export function requestEditorFocus(taskId: string, field: "tags"): void {
  pending = { taskId, field };
}

/** The field asked for the editor of `taskId`, once. */
export function takeEditorFocus(taskId: string): "tags" | null {
  if (pending?.taskId !== taskId) return null;
  const { field } = pending;
  pending = null;
  return field;
}
