const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// UK and international numbers: +44 7700 900123, 07700 900123, (020) 7946 0018, 0161-496-0000.
const PHONE = /(?:\+|\b0)(?:[\s().-]*\d){9,13}\b/g;

/** Replaces email addresses and phone numbers with placeholders. */
export function redactContactDetails(text: string): string {
  return text.replace(EMAIL, '[email]').replace(PHONE, '[phone]');
}
