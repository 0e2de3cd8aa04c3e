/**
 * Family-link sheets as PFIF 1.4 person and note records (restricted export for an RFL case system, never
 * published): "I am safe" as a note with status is_note_author, "looking for" as information_sought, confirmed
 * matches as linked notes. paperlink's own fields (sheet, site, consents, relationship) sit in a separate list
 * so a strict export can leave them out. Pure; consent decides which message and whereabouts fields are filled.
 */
import type { FieldValue } from '../model/index.js';
import type { FamilyLinkDecisionRow, FamilyLinkSheetRow } from '../store/index.js';
import { disclosureFor } from './disclose.js';
import { referenceYear } from './family-link-people.js';

export const PFIF_NAMESPACE = 'http://zesty.ca/pfif/1.4';
export const PAPERLINK_PFIF_NAMESPACE = 'https://paperlink.example/pfif-extension/1';
/** Record ids are "domain/unique" (PFIF 1.4 §3.2); the domain names this workspace's export. */
export const RECORD_DOMAIN = 'paperlink.rfl.local';
/** Records expire a year after the sheet (domain.md: expiry_date is always set; the period awaits the DPO). */
const EXPIRY_DAYS = 365;

export type PfifFields = readonly (readonly [string, string])[];

export interface PfifNote { readonly fields: PfifFields }
export interface PfifPerson { readonly fields: PfifFields; readonly extension: PfifFields; readonly notes: readonly PfifNote[] }

function text(value: FieldValue | undefined): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** PFIF dates are UTC with a Z and no fraction: 2026-03-14T10:00:00Z. */
export function pfifDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function present(pairs: readonly (readonly [string, string | null])[]): [string, string][] {
  return pairs.filter((pair): pair is [string, string] => pair[1] !== null);
}

function dateOfBirth(written: string | null): string | null {
  const digits = written?.replace(/\D/g, '') ?? '';
  return digits.length === 8 ? `${digits.slice(4, 8)}-${digits.slice(2, 4)}-${digits.slice(0, 2)}` : null;
}

function age(written: string | null): string | null {
  const digits = written?.replace(/\D/g, '') ?? '';
  return digits === '' ? null : String(Number(digits));
}

const SEX: Readonly<Record<string, string>> = { f: 'female', m: 'male', x: 'other' };

export function recordId(sheetId: number, side: 'person' | 'sought'): string {
  return `${RECORD_DOMAIN}/sheet-${sheetId}-${side === 'person' ? 'p' : 's'}`;
}

function personFields(values: Readonly<Record<string, FieldValue>>, prefix: 'p' | 's', id: string, sourceDate: string, entryDate: string, expiry: string, site: string): [string, string][] {
  const given = text(values[`${prefix}_given`]);
  const family = text(values[`${prefix}_family`]);
  return present([
    ['person_record_id', id], ['entry_date', entryDate], ['expiry_date', expiry],
    ['source_name', `paperlink, site ${site}`], ['source_date', sourceDate],
    ['full_name', [given, family].filter(Boolean).join(' ') || '(name not written)'],
    ['given_name', given], ['family_name', family], ['alternate_names', text(values[`${prefix}_other`])],
    ['sex', SEX[text(values[`${prefix}_sex`]) ?? ''] ?? null],
    ['date_of_birth', dateOfBirth(text(values[`${prefix}_dob`]))], ['age', dateOfBirth(text(values[`${prefix}_dob`])) ? null : age(text(values[`${prefix}_age`]))],
    ['home_postal_code', text(values[`${prefix}_pc`])], ['home_country', 'NL'],
  ]);
}

export interface PfifPlanOptions { readonly now: Date }

/** Every person and sought person of the sheets, with their notes; confirmed matches linked both ways. */
export function planPfif(sheets: readonly FamilyLinkSheetRow[], decisions: readonly FamilyLinkDecisionRow[], options: PfifPlanOptions): PfifPerson[] {
  const entryDate = pfifDate(options.now);
  const latest = new Map<string, FamilyLinkDecisionRow>();
  for (const row of decisions) latest.set([recordId(row.aSheetId, row.aSide), recordId(row.bSheetId, row.bSide)].sort().join(' '), row);
  const links = new Map<string, { other: string; row: FamilyLinkDecisionRow }[]>();
  for (const [key, row] of latest) {
    if (row.decision !== 'confirm') continue;
    const [one, two] = key.split(' ') as [string, string];
    links.set(one, [...(links.get(one) ?? []), { other: two, row }]);
    links.set(two, [...(links.get(two) ?? []), { other: one, row }]);
  }
  const persons: PfifPerson[] = [];
  for (const sheet of sheets) {
    const sourceDate = pfifDate(new Date(sheet.firstSeen));
    const expiry = pfifDate(new Date(new Date(sheet.firstSeen).getTime() + EXPIRY_DAYS * 86_400_000));
    const type = text(sheet.values.req_type);
    const registering = [text(sheet.values.p_given), text(sheet.values.p_family)].filter(Boolean).join(' ') || '(name not written)';
    const consents: [string, string][] = present([
      ['sheet_id', String(sheet.sheetId)], ['site', sheet.site], ['serial', String(sheet.serial)],
      ['consent_k1_share_name', text(sheet.values.k1_share_name)], ['consent_k2_share_where', text(sheet.values.k2_share_where)], ['consent_k3_list', text(sheet.values.k3_list)],
    ]);
    const linkedNotes = (id: string): PfifNote[] => (links.get(id) ?? []).map(({ other, row }) => ({ fields: [
      ['note_record_id', `${RECORD_DOMAIN}/decision-${row.id}-${id === recordId(row.aSheetId, row.aSide) ? 'a' : 'b'}`], ['person_record_id', id], ['linked_person_record_id', other],
      ['entry_date', entryDate], ['author_name', row.reviewer], ['source_date', pfifDate(new Date(row.decidedAt))],
      ['text', `Confirmed by ${row.reviewer} as the same person as ${other}.`],
    ] }));
    if (text(sheet.values.p_given) || text(sheet.values.p_family)) {
      const id = recordId(sheet.sheetId, 'person');
      const notes: PfifNote[] = [];
      if (type !== 'seeking') {
        const disclosure = disclosureFor(sheet.values, sheet.site, referenceYear(sheet));
        const message = disclosure.kind === 'name-and-message' ? [disclosure.message, ...disclosure.standardMessages].filter(Boolean).join('. ') : '';
        notes.push({ fields: present([
          ['note_record_id', `${RECORD_DOMAIN}/sheet-${sheet.sheetId}-safe`], ['person_record_id', id], ['entry_date', entryDate],
          ['author_name', registering], ['source_date', sourceDate], ['author_made_contact', 'true'], ['status', 'is_note_author'],
          ['last_known_location', disclosure.kind === 'name-and-message' && disclosure.whereabouts ? `support point ${disclosure.whereabouts.site}` : null],
          ['text', message || 'Registered as safe at a Red Cross support point.'],
        ]) });
      }
      persons.push({ fields: personFields(sheet.values, 'p', id, sourceDate, entryDate, expiry, sheet.site), extension: [...consents, ['role', type === 'seeking' ? 'enquirer' : 'safe']], notes: [...notes, ...linkedNotes(id)] });
    }
    if (type !== 'safe' && (text(sheet.values.s_given) || text(sheet.values.s_family))) {
      const id = recordId(sheet.sheetId, 'sought');
      const note: PfifNote = { fields: [
        ['note_record_id', `${RECORD_DOMAIN}/sheet-${sheet.sheetId}-sought`], ['person_record_id', id], ['entry_date', entryDate],
        ['author_name', registering], ['source_date', sourceDate], ['author_made_contact', 'false'], ['status', 'information_sought'],
        ['text', `${registering} is looking for this person (enquiry at support point ${sheet.site}).`],
      ] };
      persons.push({ fields: personFields(sheet.values, 's', id, sourceDate, entryDate, expiry, sheet.site),
        extension: [...consents, ['role', 'sought'], ...present([['relationship', text(sheet.values.s_rel)]])], notes: [note, ...linkedNotes(id)] });
    }
  }
  return persons;
}
