/** The only user fields that ever leave the server; also what a valid session carries. */
export interface PublicUser {
  id: string;
  email: string;
  name: string | null;
  createdAt: Date;
}
