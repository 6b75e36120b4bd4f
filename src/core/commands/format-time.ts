/** "Fri 28 Nov, 09:00 Europe/Berlin" for an instant shown in a zone. */
export function formatInstant(instant: Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
  return `${text} ${timeZone}`;
}
