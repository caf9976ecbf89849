export { PromptCancelledError, readHiddenLine, type HiddenLineStreams } from "./hidden-line";
