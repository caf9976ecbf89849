/** What an email says, as plain data: `composeMail` writes it as text and as HTML. */
export interface MailContent {
  /** The first line, e.g. "Hello Ada,". */
  greeting: string;
  paragraphs: readonly string[];
  /** The one link the reader should follow, shown as a button in HTML and a bare URL in text. */
  action?: { label: string; url: string };
  /** Shown after the link, e.g. how long it stays valid and what to do if it was not you. */
  closing?: readonly string[];
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text as HTML: every character that could open markup or an attribute is escaped. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

function textBody(content: MailContent): string {
  const blocks = [content.greeting, ...content.paragraphs];
  if (content.action) blocks.push(`${content.action.label}:\n${content.action.url}`);
  blocks.push(...(content.closing ?? []), "— Doable");
  return `${blocks.join("\n\n")}\n`;
}

function htmlBody(content: MailContent): string {
  const paragraph = (text: string): string => `<p>${escapeHtml(text)}</p>`;
  const action = content.action
    ? `<p><a href="${escapeHtml(content.action.url)}">${escapeHtml(content.action.label)}</a></p>` +
      `<p style="font-size:small;color:#555">${escapeHtml(content.action.url)}</p>`
    : "";
  return [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    paragraph(content.greeting),
    ...content.paragraphs.map(paragraph),
    action,
    ...(content.closing ?? []).map(paragraph),
    paragraph("— Doable"),
    "</body></html>",
  ].join("\n");
}

/** The plain-text and HTML bodies of one message, saying the same thing. */
export function composeMail(content: MailContent): { text: string; html: string } {
  return { text: textBody(content), html: htmlBody(content) };
}
