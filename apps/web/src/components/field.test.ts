import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Field, type FieldControlProps } from "./field";
import { PrioritySelect } from "./priority-select";

const input = (control: FieldControlProps) => createElement("input", { ...control, name: "email" });

function render(props: Omit<Parameters<typeof Field>[0], "children">): string {
  return renderToStaticMarkup(createElement(Field, { ...props, children: input }));
}

describe("Field", () => {
  it("is a label and its control, nothing more, when there is no hint and no error", () => {
    expect(render({ id: "f-email", label: "Email" })).toBe(
      '<div class="field"><label for="f-email">Email</label><input id="f-email" name="email"/></div>',
    );
  });

  it("describes the control by its hint", () => {
    expect(render({ id: "f-name", label: "Name", hint: "Optional." })).toBe(
      '<div class="field"><label for="f-name">Name</label>' +
        '<input id="f-name" aria-describedby="f-name-hint" name="email"/>' +
        '<span id="f-name-hint" class="field-hint">Optional.</span></div>',
    );
  });

  it("marks the control invalid and describes it by the error first, then the hint", () => {
    expect(
      render({ id: "f-pw", label: "Password", hint: "At least 8.", error: "Too short", className: "x" }),
    ).toBe(
      '<div class="field x"><label for="f-pw">Password</label>' +
        '<input id="f-pw" aria-invalid="true" aria-describedby="f-pw-error f-pw-hint" name="email"/>' +
        '<span id="f-pw-hint" class="field-hint">At least 8.</span>' +
        '<span id="f-pw-error" class="field-error">Too short</span></div>',
    );
  });

  it("announces the error only when asked, and shows nothing for an empty one", () => {
    expect(render({ id: "f", label: "L", error: "Wrong", alertOnError: true })).toContain(
      '<span id="f-error" role="alert" class="field-error">Wrong</span>',
    );
    expect(render({ id: "f", label: "L", error: null })).not.toContain("field-error");
    expect(render({ id: "f", label: "L", error: "" })).not.toContain("aria-invalid");
  });
});

describe("PrioritySelect", () => {
  it("offers every priority, highest first, with an optional empty choice", () => {
    expect(
      renderToStaticMarkup(createElement(PrioritySelect, { name: "priority", defaultValue: "medium" })),
    ).toBe(
      '<select name="priority">' +
        '<option value="high">High</option><option value="medium" selected="">Medium</option><option value="low">Low</option>' +
        "</select>",
    );
    expect(
      renderToStaticMarkup(createElement(PrioritySelect, { anyLabel: "Any", value: "", onChange: () => {} })),
    ).toMatch(/^<select><option value="" selected="">Any<\/option><option value="high">High<\/option>/);
  });
});
