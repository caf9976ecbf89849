/**
 * What reading a request needs of its headers: a fetch `Headers` has it, and so does a thin view
 * over Node's `IncomingHttpHeaders`, so the hot path never copies every header into a `Headers`.
 */
export type HeaderReader = Pick<Headers, "get">;
