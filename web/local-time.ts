// Times as the people of the application read them: Vietnam's clock whatever the server's
// zone, in the short Vietnamese form ("04:17 27/11/26"). Pages, histories and the messages of
// the API use this one form, so a time in a message can be found in the history beside it.
export function localTime(date: Date): string {
  return date.toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'short' });
}
