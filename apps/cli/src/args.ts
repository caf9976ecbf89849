/**
 * Argument parsing on top of `node:util` parseArgs: each command declares its options once, and
 * both parsing and its `--help` text come from that declaration.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./exit-codes";

export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
  /** Placeholder shown in help, e.g. "low|medium|high". */
  value?: string;
  description: string;
}

export interface CommandSpec {
  /** As typed after `doable`, e.g. "add" or "sessions". */
  name: string;
  summary: string;
  /** Usage lines without the leading "doable ". */
  usage: string[];
  options: Record<string, OptionSpec>;
  positionals: { min: number; max: number; name: string };
  /** Extra paragraphs for `--help`: details and examples. */
  details?: string[];
}

export type ParsedValues = Record<string, string | boolean | string[] | undefined>;

export interface ParsedArgs {
  values: ParsedValues;
  positionals: string[];
  help: boolean;
}

const HELP_OPTION: OptionSpec = { type: "boolean", short: "h", description: "Show this help" };

function parseArgsOptions(spec: CommandSpec): NonNullable<ParseArgsConfig["options"]> {
  const options: NonNullable<ParseArgsConfig["options"]> = {};
  for (const [name, option] of Object.entries({ ...spec.options, help: HELP_OPTION })) {
    options[name] = {
      type: option.type,
      ...(option.short ? { short: option.short } : {}),
      ...(option.multiple ? { multiple: true } : {}),
    };
  }
  return options;
}

/** parseArgs explains itself at length; say the same thing in one short sentence. */
function describeParseError(error: Error & { code?: string }): string {
  const option = /'(?:-\w, )?(--?[\w-]+)/.exec(error.message)?.[1];
  if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) return `unknown option ${option}`;
  if (error.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option) {
    if (/argument missing/.test(error.message)) return `${option} needs a value`;
    if (/does not take an argument/.test(error.message)) return `${option} does not take a value`;
    if (/ambiguous/.test(error.message))
      return `${option} needs a value (write ${option}=-value for one that starts with "-")`;
  }
  return error.message;
}

export function parseCommandArgs(spec: CommandSpec, argv: string[]): ParsedArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options: parseArgsOptions(spec), allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(describeParseError(error as Error), spec.name);
  }
  const values = parsed.values as ParsedValues;
  if (values.help === true) return { values, positionals: parsed.positionals, help: true };
  const { min, max, name } = spec.positionals;
  if (parsed.positionals.length < min) throw new UsageError(`missing ${name}`, spec.name);
  if (parsed.positionals.length > max) {
    throw new UsageError(`unexpected argument '${parsed.positionals[max]}'`, spec.name);
  }
  return { values, positionals: parsed.positionals, help: false };
}

export function stringValue(values: ParsedValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

export function booleanValue(values: ParsedValues, name: string): boolean {
  return values[name] === true;
}

export function listValue(values: ParsedValues, name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value : [];
}

function optionLabel(name: string, option: OptionSpec): string {
  const long = `--${name}${option.type === "string" ? ` <${option.value ?? "value"}>` : ""}`;
  return option.short ? `-${option.short}, ${long}` : `    ${long}`;
}

export function commandHelp(spec: CommandSpec): string {
  const entries = Object.entries({ ...spec.options, help: HELP_OPTION });
  const labels = entries.map(([name, option]) => optionLabel(name, option));
  const width = Math.max(...labels.map((label) => label.length));
  const optionLines = entries.map(([, option], index) => {
    const repeatable = option.multiple ? " (repeatable)" : "";
    return `  ${(labels[index] ?? "").padEnd(width)}  ${option.description}${repeatable}`;
  });
  const [first, ...rest] = spec.usage;
  const usage = [`Usage: doable ${first}`, ...rest.map((line) => `       doable ${line}`)];
  return [
    ...usage,
    "",
    spec.summary,
    "",
    "Options:",
    ...optionLines,
    ...(spec.details ?? []).flatMap((d) => ["", d]),
  ]
    .join("\n")
    .concat("\n");
}
