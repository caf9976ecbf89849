/** One email: a plain-text body and the same content as HTML (clients show whichever they prefer). */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}
