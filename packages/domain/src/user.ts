/** The only user fields that ever leave the server; also what a valid session carries. */
export interface PublicUser {
  id: string;
  email: string;
  name: string | null;
  /** The IANA zone due dates and times are read in (docs/decisions/0034). */
  timeZone: string;
  createdAt: Date;
}
