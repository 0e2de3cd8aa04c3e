/**
 * The report's own words (titles, outcome and reason labels) in each report language, and the one way a form's
 * bilingual Label is shown. Pure data.
 */
import type { Label } from '../model/index.js';
import type { ReportLanguage } from './signal-report.js';

export const REPORT_TEXT: Record<ReportLanguage, Record<string, string>> = {
  nl: {
    title: 'Signaalrapport', outcome_accepted: 'geaccepteerd', 'outcome_needs-review': 'wacht op controle', outcome_duplicate: 'dubbel gescand',
    outcome_conflict: 'tegenstrijdige scans', outcome_unreadable: 'onleesbaar', 'no-qr': 'geen QR-code gevonden', 'foreign-qr': 'QR-code van iets anders',
    'tampered-code': 'QR-code beschadigd of gewijzigd', 'unknown-layout': 'onbekende formulierversie', 'registration-failed': 'hoekmarkeringen niet gevonden',
    'corrupt-file': 'bestand beschadigd', 'too-large': 'bestand te groot', 'unsupported-format': 'bestandsformaat niet ondersteund', 'blank-page': 'lege pagina',
    'reader-failed': 'fout in paperlink: bestand melden',
    radio_none: 'niet aangegeven',
  },
  en: {
    title: 'Signal report', outcome_accepted: 'accepted', 'outcome_needs-review': 'awaiting review', outcome_duplicate: 'scanned twice',
    outcome_conflict: 'conflicting scans', outcome_unreadable: 'unreadable', 'no-qr': 'no QR code found', 'foreign-qr': 'QR code of something else',
    'tampered-code': 'QR code damaged or altered', 'unknown-layout': 'unknown form version', 'registration-failed': 'corner marks not found',
    'corrupt-file': 'file damaged', 'too-large': 'file too large', 'unsupported-format': 'file format not supported', 'blank-page': 'blank page',
    'reader-failed': 'paperlink fault: report the file',
    radio_none: 'not given',
  },
};

export function labelIn(label: Label | undefined, lang: ReportLanguage): string {
  if (!label) return '';
  return label[lang] ?? label.en;
}
