/** RFC 4180 CSV: quoted fields may hold commas, quotes and line breaks. */

export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(fields: string[]): string {
  return fields.map(csvField).join(",");
}

export interface CsvRecord {
  /** 1-based line where the record starts, for error messages. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = "CsvSyntaxError";
  }
}

/** Parses CSV text (a leading byte-order mark is ignored; blank lines are skipped). */
export function parseCsv(text: string): CsvRecord[] {
  const input = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  /** The field was quoted: only a separator or a line break may follow its closing quote. */
  let wasQuoted = false;

  const endField = () => {
    fields.push(field);
    field = "";
    wasQuoted = false;
  };
  const endRecord = () => {
    endField();
    const blank = fields.length === 1 && fields[0] === "";
    if (!blank) records.push({ line: recordLine, fields });
    fields = [];
  };

  for (let index = 0; index < input.length; index += 1) {
    const character = input[index];
    if (quoted) {
      if (character === '"') {
        if (input[index + 1] === '"') {
          field += '"';
          index += 1;
        } else {
          quoted = false;
        }
      } else {
        if (character === "\n") line += 1;
        field += character;
      }
      continue;
    }
    if (character === '"') {
      if (wasQuoted || field !== "") throw new CsvSyntaxError("a quote inside an unquoted field", line);
      quoted = true;
      wasQuoted = true;
    } else if (character === ",") {
      endField();
    } else if (character === "\r" || character === "\n") {
      if (character === "\r" && input[index + 1] === "\n") index += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else {
      if (wasQuoted) throw new CsvSyntaxError("text after a closing quote", line);
      field += character;
    }
  }
  if (quoted) throw new CsvSyntaxError("a quoted field is never closed", recordLine);
  if (field !== "" || fields.length > 0 || wasQuoted) endRecord();
  return records;
}
