// The reminders' e-mails, in Vietnamese: a subject, a plain-text body and the same in HTML
// (every value escaped). Pure functions of what the reminder decided; nothing here sends.
import type { Province } from '../../extractors/catalogue.ts';
import { html, type Html } from '../../shared/html.ts';
import type { OutgoingMail } from './mailer.ts';

export type MailContent = Omit<OutgoingMail, 'to'>;

/** 2024-05-20 -> 20/05/2024, as dates are written in Vietnam. */
export function vietnameseDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}

/** "tỉnh Tây Ninh", "Thành phố Hồ Chí Minh" (the catalogue's name already says so). */
export function provinceTitle(province: Pick<Province, 'name' | 'unitType'>): string {
  return province.unitType === 'tinh' ? `tỉnh ${province.name}` : province.name;
}

const FOOTER = 'Thư này do hệ thống baocao gửi tự động, mỗi ngày nhiều nhất một thư cho mỗi nội dung nhắc. Vui lòng không trả lời thư này.';

function page(title: string, paragraphs: Html[], link: string, linkText: string): string {
  return html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${title}</title></head>
<body style="font-family: Arial, sans-serif; line-height: 1.5">
${paragraphs.map((p) => html`<p>${p}</p>\n`)}<p><a href="${link}">${linkText}</a></p>
<p style="color: #666; font-size: 90%">${FOOTER}</p>
</body></html>
`.text;
}

function text(lines: string[], link: string, linkText: string): string {
  return `${lines.join('\n\n')}\n\n${linkText}: ${link}\n\n--\n${FOOTER}\n`;
}

export interface SubmissionReminder {
  province: Pick<Province, 'name' | 'unitType'>;
  /** "tháng 5/2024" */
  periodLabel: string;
  /** YYYY-MM-DD */
  deadline: string;
  /** Positive: days past the deadline; 0 or less: days left before it, negated. */
  daysLate: number;
  link: string;
}

/** One message in both forms: the lines as plain text, and as HTML (`htmlLines`: the lines with their emphasis). */
function mail(subject: string, lines: string[], link: string, linkText: string, htmlLines: Html[] = lines.map((l) => html`${l}`)): MailContent {
  return { subject, text: text(lines, link, linkText), html: page(subject, htmlLines, link, linkText) };
}

/** To a province whose report is not in: before the deadline (daysLate <= 0) or after it. */
export function submissionReminderMail(r: SubmissionReminder): MailContent {
  const department = `Sở Khoa học và Công nghệ ${provinceTitle(r.province)}`;
  const deadline = vietnameseDate(r.deadline);
  const daysLeft = -r.daysLate;
  const when = r.daysLate > 0 ? `đã quá hạn ${r.daysLate} ngày` : daysLeft === 0 ? 'hạn nộp là hôm nay' : `còn ${daysLeft} ngày đến hạn`;
  const subject =
    r.daysLate > 0
      ? `Nhắc nộp báo cáo ${r.periodLabel}: quá hạn ${r.daysLate} ngày (hạn ${deadline})`
      : `Nhắc nộp báo cáo ${r.periodLabel}: hạn nộp ${deadline}`;
  const lines = [
    `Kính gửi ${department},`,
    `Bộ Khoa học và Công nghệ chưa nhận được báo cáo ${r.periodLabel} của ${provinceTitle(r.province)}.`,
    `Hạn nộp: ${deadline} (${when}).`,
    r.daysLate > 0 ? 'Đề nghị Quý Sở gửi báo cáo trong thời gian sớm nhất.' : 'Đề nghị Quý Sở gửi báo cáo đúng hạn.',
  ];
  return mail(subject, lines, r.link, 'Xem tình hình báo cáo', [
    html`Kính gửi ${department},`,
    html`Bộ Khoa học và Công nghệ chưa nhận được báo cáo <strong>${r.periodLabel}</strong> của ${provinceTitle(r.province)}.`,
    html`Hạn nộp: <strong>${deadline}</strong> (${when}).`,
    html`${lines[3]}`,
  ]);
}

export interface ReviewReminder {
  province: Pick<Province, 'name' | 'unitType'> | null;
  periodLabel: string | null;
  documentName: string | null;
  pending: number;
  escalated: boolean;
  /** YYYY-MM-DD: when the reminders are (or were) escalated; null when not known. */
  deadline: string | null;
  link: string;
}

/** To the reviewers of a province: values of a report wait for their decision. */
export function reviewReminderMail(r: ReviewReminder): MailContent {
  const of = [r.periodLabel ? `báo cáo ${r.periodLabel}` : 'báo cáo', r.province ? `của ${provinceTitle(r.province)}` : null].filter(Boolean).join(' ');
  const subject = `${r.escalated ? '[Quá hạn] ' : ''}${r.pending} giá trị chờ duyệt: ${of}`;
  const deadline = r.deadline ? vietnameseDate(r.deadline) : null;
  const due = deadline ? (r.escalated ? `Đã quá hạn xử lý (hạn ${deadline}).` : `Hạn xử lý: ${deadline}.`) : r.escalated ? 'Đã quá hạn xử lý.' : null;
  const lines = [
    'Kính gửi cán bộ duyệt số liệu,',
    `${of[0]!.toUpperCase()}${of.slice(1)}${r.documentName ? ` (tệp ${r.documentName})` : ''} còn ${r.pending} giá trị cần được xem xét trước khi đưa vào số liệu chính thức.`,
    ...(due ? [due] : []),
  ];
  return mail(subject, lines, r.link, 'Mở hàng đợi duyệt');
}
