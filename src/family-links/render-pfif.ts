/**
 * PFIF 1.4 as text: XML in the http://zesty.ca/pfif/1.4 namespace (notes nested in their person, fields in spec
 * order, paperlink fields in their own namespace) or two CSV files (persons, notes). `strict` leaves every
 * paperlink field out. Pure.
 */
import { PAPERLINK_PFIF_NAMESPACE, PFIF_NAMESPACE, type PfifPerson } from './plan-pfif.js';

/** PFIF 1.4 person and note fields in spec order (zesty.ca/pfif/1.4; google/personfinder app/pfif.py). */
export const PFIF_PERSON_FIELDS = ['person_record_id', 'entry_date', 'expiry_date', 'author_name', 'author_email', 'author_phone', 'source_name', 'source_date', 'source_url',
  'full_name', 'given_name', 'family_name', 'alternate_names', 'description', 'sex', 'date_of_birth', 'age', 'home_street', 'home_neighborhood', 'home_city',
  'home_state', 'home_postal_code', 'home_country', 'photo_url', 'profile_urls'] as const;
export const PFIF_NOTE_FIELDS = ['note_record_id', 'person_record_id', 'linked_person_record_id', 'entry_date', 'author_name', 'author_email', 'author_phone',
  'source_date', 'author_made_contact', 'status', 'email_of_found_person', 'phone_of_found_person', 'last_known_location', 'text', 'photo_url'] as const;
export const PAPERLINK_FIELDS = ['sheet_id', 'site', 'serial', 'role', 'relationship', 'consent_k1_share_name', 'consent_k2_share_where', 'consent_k3_list'] as const;

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function ordered(fields: readonly (readonly [string, string])[], order: readonly string[]): [string, string][] {
  const byName = new Map(fields);
  return order.filter((name) => byName.has(name)).map((name) => [name, byName.get(name)!]);
}

export function renderPfifXml(persons: readonly PfifPerson[], strict: boolean): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>',
    `<pfif:pfif xmlns:pfif="${PFIF_NAMESPACE}"${strict ? '' : ` xmlns:paperlink="${PAPERLINK_PFIF_NAMESPACE}"`}>`];
  for (const person of persons) {
    lines.push('  <pfif:person>');
    for (const [name, value] of ordered(person.fields, PFIF_PERSON_FIELDS)) lines.push(`    <pfif:${name}>${escapeXml(value)}</pfif:${name}>`);
    if (!strict) for (const [name, value] of ordered(person.extension, PAPERLINK_FIELDS)) lines.push(`    <paperlink:${name}>${escapeXml(value)}</paperlink:${name}>`);
    for (const note of person.notes) {
      lines.push('    <pfif:note>');
      for (const [name, value] of ordered(note.fields, PFIF_NOTE_FIELDS)) lines.push(`      <pfif:${name}>${escapeXml(value)}</pfif:${name}>`);
      lines.push('    </pfif:note>');
    }
    lines.push('  </pfif:person>');
  }
  lines.push('</pfif:pfif>', '');
  return lines.join('\n');
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csv(header: readonly string[], rows: readonly ReadonlyMap<string, string>[]): string {
  return [header.join(','), ...rows.map((row) => header.map((name) => csvCell(row.get(name) ?? '')).join(','))].join('\n') + '\n';
}

/** persons.csv and notes.csv; paperlink columns are prefixed paperlink_ and left out when strict. */
export function renderPfifCsv(persons: readonly PfifPerson[], strict: boolean): { persons: string; notes: string } {
  const extension = strict ? [] : PAPERLINK_FIELDS.map((name) => `paperlink_${name}`);
  return {
    persons: csv([...PFIF_PERSON_FIELDS, ...extension], persons.map((person) => new Map([...person.fields, ...person.extension.map(([name, value]) => [`paperlink_${name}`, value] as const)]))),
    notes: csv(PFIF_NOTE_FIELDS, persons.flatMap((person) => person.notes.map((note) => new Map(note.fields)))),
  };
}
