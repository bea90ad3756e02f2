// Times as the people of the application read them: Vietnam's clock whatever the server's
// zone or locale data, zero-padded "HH:mm dd/MM/yyyy" ("09:04 07/12/2026"). Pages, histories
// and the messages of the API use this one form, so a time in a message can be found in the
// history beside it. Built from parts, because the vi-VN short style drops the leading zero
// of one-digit days and months.
const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export function localTime(date: Date): string {
  const p = Object.fromEntries(parts.formatToParts(date).map((x) => [x.type, x.value]));
  return `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`;
}

/** The calendar day in Vietnam, "dd/MM/yyyy". */
export function localDate(date: Date): string {
  return localTime(date).slice(6);
}
