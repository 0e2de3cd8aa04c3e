/**
 * The PFIF export checked against PFIF 1.4 as written in the spec (zesty.ca/pfif/1.4) and google/personfinder's
 * app/pfif.py: the field lists, required fields and value rules are copied here, not imported, so the check is
 * independent of the code under test.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportPfif, recordMatchDecision } from '../../src/family-links/index.js';
import { simulateFamilyLinks } from '../../src/simulate/index.js';
import { makeWorkspace } from '../helpers/make-workspace.js';

const PERSON_14 = ['person_record_id', 'entry_date', 'expiry_date', 'author_name', 'author_email', 'author_phone', 'source_name', 'source_date', 'source_url',
  'full_name', 'given_name', 'family_name', 'alternate_names', 'description', 'sex', 'date_of_birth', 'age', 'home_street', 'home_neighborhood', 'home_city',
  'home_state', 'home_postal_code', 'home_country', 'photo_url', 'profile_urls'];
const NOTE_14 = ['note_record_id', 'person_record_id', 'linked_person_record_id', 'entry_date', 'author_name', 'author_email', 'author_phone', 'source_date',
  'author_made_contact', 'status', 'email_of_found_person', 'phone_of_found_person', 'last_known_location', 'text', 'photo_url'];
const PERSON_REQUIRED = ['person_record_id', 'source_date', 'full_name'];
const NOTE_REQUIRED = ['note_record_id', 'author_name', 'source_date', 'text'];
const STATUS = ['information_sought', 'is_note_author', 'believed_alive', 'believed_missing', 'believed_dead'];
const UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const RULES: Record<string, RegExp> = {
  entry_date: UTC, expiry_date: UTC, source_date: UTC, sex: /^(female|male|other)$/, date_of_birth: /^\d{4}(-\d{2}(-\d{2})?)?$/, age: /^\d+(-\d+)?$/,
  author_made_contact: /^(true|false)$/, status: new RegExp(`^(${STATUS.join('|')})$`), person_record_id: /^[^/\s]+\/\S+$/, note_record_id: /^[^/\s]+\/\S+$/,
  linked_person_record_id: /^[^/\s]+\/\S+$/, home_country: /^[A-Z]{2}$/,
};

function elements(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<pfif:${tag}>([\\s\\S]*?)</pfif:${tag}>`, 'g'))].map((match) => match[1]!);
}
/** Direct child fields of one record (notes removed from a person first). */
function fieldsOf(body: string): [string, string][] {
  return [...body.replace(/<pfif:note>[\s\S]*?<\/pfif:note>/g, '').matchAll(/<(\w+):(\w+)>([^<]*)<\/\1:\2>/g)].map((match) => [`${match[1]}:${match[2]}`, match[3]!]);
}

function checkRecord(fields: [string, string][], allowed: string[], required: string[], strict: boolean): void {
  const pfif = fields.filter(([name]) => name.startsWith('pfif:')).map(([name, value]) => [name.slice(5), value] as const);
  for (const [name] of pfif) expect(allowed, `unknown PFIF 1.4 field ${name}`).toContain(name);
  for (const name of required) expect(pfif.map(([field]) => field), `required ${name}`).toContain(name);
  const positions = pfif.map(([name]) => allowed.indexOf(name));
  expect(positions, 'fields in spec order').toEqual([...positions].sort((a, b) => a - b));
  for (const [name, value] of pfif) if (RULES[name]) expect(value, name).toMatch(RULES[name]!);
  for (const [name] of fields) expect(name.startsWith('pfif:') || (!strict && name.startsWith('paperlink:')), name).toBe(true);
}

const tw = makeWorkspace();
afterAll(() => tw.close());
const simulated = simulateFamilyLinks(tw.workspace, tw.definitions.get('family-link')!, { safe: 30, seekers: 10, truePairs: 5, duplicates: 2, sites: ['0101', '0202'], seed: 11 });
const [seeker, safe] = simulated.truth.seekerSafe[0]!;
recordMatchDecision(tw.workspace, `${simulated.sheetIds[seeker]}s-${simulated.sheetIds[safe]}p`, 'confirm', 'Officer A', new Date('2026-03-15T09:30:00.000Z'));
const NOW = new Date('2026-03-15T10:00:00.000Z');

describe('exportPfif', () => {
  for (const strict of [false, true]) {
    it(`writes PFIF 1.4 XML with valid person and note records${strict ? ', PFIF fields only with --strict' : ''}`, () => {
      const [file] = exportPfif(tw.workspace, { format: 'pfif-xml', strict, outDir: mkdtempSync(join(tmpdir(), 'pfif-')), now: NOW }).files;
      const xml = readFileSync(file!, 'utf8');
      expect(xml).toContain('xmlns:pfif="http://zesty.ca/pfif/1.4"');
      expect(xml.includes('paperlink:')).toBe(!strict);
      const persons = elements(xml, 'person');
      expect(persons.length).toBe(40 + 10);
      for (const person of persons) checkRecord(fieldsOf(person), PERSON_14, PERSON_REQUIRED, strict);
      const notes = elements(xml, 'note');
      for (const note of notes) checkRecord(fieldsOf(note), NOTE_14, NOTE_REQUIRED, strict);
      const statuses = notes.map((note) => /<pfif:status>(\w+)</.exec(note)?.[1]);
      expect(statuses.filter((status) => status === 'is_note_author')).toHaveLength(30);
      expect(statuses.filter((status) => status === 'information_sought')).toHaveLength(10);
    });
  }
  it('links a confirmed match both ways with linked notes', () => {
    const [file] = exportPfif(tw.workspace, { format: 'pfif-xml', strict: true, outDir: mkdtempSync(join(tmpdir(), 'pfif-')), now: NOW }).files;
    const xml = readFileSync(file!, 'utf8');
    const sought = `paperlink.rfl.local/sheet-${simulated.sheetIds[seeker]}-s`;
    const found = `paperlink.rfl.local/sheet-${simulated.sheetIds[safe]}-p`;
    expect(xml).toContain(`<pfif:linked_person_record_id>${found}</pfif:linked_person_record_id>`);
    expect(xml).toContain(`<pfif:linked_person_record_id>${sought}</pfif:linked_person_record_id>`);
    expect(xml).toContain('<pfif:source_date>2026-03-15T09:30:00Z</pfif:source_date>');
  });
  it('writes persons.csv and notes.csv with the PFIF 1.4 headers, paperlink columns only without --strict', () => {
    const loose = exportPfif(tw.workspace, { format: 'pfif-csv', strict: false, outDir: mkdtempSync(join(tmpdir(), 'pfif-')), now: NOW });
    const strict = exportPfif(tw.workspace, { format: 'pfif-csv', strict: true, outDir: mkdtempSync(join(tmpdir(), 'pfif-')), now: NOW });
    const header = (file: string): string[] => readFileSync(file, 'utf8').split('\n')[0]!.split(',');
    expect(header(strict.files[0]!)).toEqual(PERSON_14);
    expect(header(strict.files[1]!)).toEqual(NOTE_14);
    expect(header(loose.files[0]!).slice(0, PERSON_14.length)).toEqual(PERSON_14);
    expect(header(loose.files[0]!).slice(PERSON_14.length).every((name) => name.startsWith('paperlink_'))).toBe(true);
    expect(readFileSync(strict.files[0]!, 'utf8').split('\n').filter(Boolean)).toHaveLength(1 + 50);
  });
  it('leaves the message out of the "I am safe" note when K1 was not given', () => {
    const ws = makeWorkspace();
    ws.addSheet({ form: 'family-link', site: '0101', serial: 1, fields: { req_type: 'safe', p_family: 'Bos', p_given: 'Kees', msg: { value: 'GEHEIM BERICHT', status: 'reviewed' }, k1_share_name: 'no', k2_share_where: 'yes', k3_list: 'no' } });
    const [file] = exportPfif(ws.workspace, { format: 'pfif-xml', strict: true, outDir: mkdtempSync(join(tmpdir(), 'pfif-')), now: NOW }).files;
    const xml = readFileSync(file!, 'utf8');
    ws.close();
    expect(xml).not.toContain('GEHEIM');
    expect(xml).not.toContain('last_known_location');
  });
});
