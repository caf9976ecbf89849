import { PASSWORD_MAX_LENGTH } from "@doable/api/validators";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Field } from "./field";
import { PasswordInput } from "./password-input";

describe("PasswordInput", () => {
  it("is a password box wired to its field, capped at twice the limit in code units", () => {
    const html = renderToStaticMarkup(
      createElement(Field, {
        id: "f-pw",
        label: "Password",
        error: "Too short",
        children: (control) =>
          createElement(PasswordInput, {
            control,
            name: "password",
            autoComplete: "new-password",
            required: true,
          }),
      }),
    );
    expect(html).toContain(
      `<input id="f-pw" aria-invalid="true" aria-describedby="f-pw-error" type="password" autoComplete="new-password" maxLength="${PASSWORD_MAX_LENGTH * 2}" required="" name="password"/>`,
    );
  });

  it("takes a passphrase of the longest length even in characters outside the Basic Multilingual Plane", () => {
    const longest = "🔑".repeat(PASSWORD_MAX_LENGTH);
    const html = renderToStaticMarkup(
      createElement(PasswordInput, {
        control: { id: "p", "aria-invalid": undefined, "aria-describedby": undefined },
        name: "password",
        autoComplete: "current-password",
      }),
    );
    const cap = Number(/maxLength="(\d+)"/.exec(html)?.[1]);
    expect(longest.length).toBeLessThanOrEqual(cap);
    expect(html).not.toContain("required");
  });
});
