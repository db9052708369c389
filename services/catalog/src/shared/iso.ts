/** Timestamps leave the service as ISO strings with offset, as the contracts require. */
export function iso(date: Date): string {
  return date.toISOString();
}
