import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as mupdf from 'mupdf';
import { afterEach, describe, expect, it } from 'vitest';
import { buildFamilyLinkList, disclosureFor, parsePairId, recordMatchDecision, RESTRICTED_BANNER } from '../../src/family-links/index.js';
import { PaperlinkError } from '../../src/model/index.js';
import { listFamilyLinkDecisions } from '../../src/store/index.js';
import { templatesDirOf } from '../../src/cli/load-forms.js';
import { makeWorkspace, type TestWorkspace } from '../helpers/make-workspace.js';

const TEMPLATES = templatesDirOf('family-links');
const NOW = new Date('2026-03-15T07:00:00.000Z');

function pdfPages(file: string): string[] {
  const doc = mupdf.Document.openDocument(readFileSync(file), 'application/pdf');
  const pages: string[] = [];
  for (let i = 0; i < doc.countPages(); i++) pages.push(doc.loadPage(i).toStructuredText('').asText());
  return pages;
}

/** Everything the registered person wrote that consent may keep back. */
const REGISTERED = {
  req_type: 'safe', date: '140326', p_family: 'Hnatiuk', p_given: 'Dmytro', p_dob: '03071985', p_pc: '1012', p_phone: '0687654321',
  p_addr: { value: 'GEHEIMSTRAAT 12 AMSTERDAM', status: 'reviewed' as const }, p_now: 'hospital', p_via_site: ['via_site'],
  p_msgs: ['safe_well'], msg: { value: 'ALLES GOED MET MIJ', status: 'reviewed' as const },
};
const NEVER_TOLD = ['03071985', '1985', '1012', '0687654321', '687654321', 'GEHEIMSTRAAT', 'Gehlig', 'Oksana', '0612312312', 'Kyiv'];

let ws: TestWorkspace | undefined;
afterEach(() => ws?.close());

function setUp(consents: { k1: string | null; k2: string | null }, overrides: Record<string, unknown> = {}): { pair: string; registeredId: number; seekerId: number } {
  ws = makeWorkspace();
  const registeredId = ws.addSheet({ form: 'family-link', site: '0101', serial: 1, fields: { ...REGISTERED, k1_share_name: consents.k1, k2_share_where: consents.k2, k3_list: 'no', ...overrides } as never });
  const seekerId = ws.addSheet({ form: 'family-link', site: '0202', serial: 7, fields: {
    req_type: 'seeking', date: '140326', p_family: 'Gehlig', p_given: 'Oksana', p_phone: '0612312312', k1_share_name: 'yes', k2_share_where: 'yes', k3_list: 'no',
    s_family: 'Gnatyuk', s_given: 'Dmitry', s_age: '040', s_pc: '1012', s_last_place: { value: 'Kyiv', status: 'reviewed' },
  } });
  return { pair: `${seekerId}s-${registeredId}p`, registeredId, seekerId };
}

async function listTexts(dir: string): Promise<{ html: string; pages: string[] }> {
  const result = await buildFamilyLinkList(ws!.workspace, { outDir: dir, templatesDir: TEMPLATES, now: NOW });
  return { html: readFileSync(result.html, 'utf8'), pages: pdfPages(result.pdf) };
}

describe('disclosureFor', () => {
  it('says only "found, does not wish contact" without K1, whatever K2 says', () => {
    expect(disclosureFor({ ...REGISTERED, k1_share_name: 'no', k2_share_where: 'yes' } as never, '0101', 2026)).toEqual({ kind: 'found-no-contact', withheld: [expect.any(String)] });
    expect(disclosureFor({ ...REGISTERED, k1_share_name: null } as never, '0101', 2026).kind).toBe('found-no-contact');
  });
  it('gives name and message with K1, whereabouts only with K2 as well, never for a minor', () => {
    const values = { ...REGISTERED, p_addr: 'X', msg: 'ALLES GOED MET MIJ', k1_share_name: 'yes' };
    expect(disclosureFor({ ...values, k2_share_where: 'no' } as never, '0101', 2026)).toMatchObject({ kind: 'name-and-message', name: 'Dmytro Hnatiuk', message: 'ALLES GOED MET MIJ', whereabouts: null });
    expect(disclosureFor({ ...values, k2_share_where: 'yes' } as never, '0101', 2026)).toMatchObject({ whereabouts: { staying: 'hospital', site: '0101', reachableViaSite: true } });
    expect(disclosureFor({ ...values, k2_share_where: 'yes', p_dob: '03072015' } as never, '0101', 2026)).toMatchObject({ whereabouts: null, withheld: [expect.stringContaining('minor')] });
  });
});

describe('recordMatchDecision', () => {
  it('logs who decided what and when, and refuses a pair that names no two people', () => {
    const { pair } = setUp({ k1: 'yes', k2: 'no' });
    recordMatchDecision(ws!.workspace, pair, 'confirm', 'Tracing officer A', NOW);
    expect(listFamilyLinkDecisions(ws!.workspace)).toEqual([expect.objectContaining({ ...parsePairId(pair), decision: 'confirm', reviewer: 'Tracing officer A', decidedAt: NOW.toISOString() })]);
    expect(() => recordMatchDecision(ws!.workspace, '999s-1p', 'confirm', 'A')).toThrow(PaperlinkError);
    expect(() => recordMatchDecision(ws!.workspace, pair, 'confirm', ' ')).toThrow(/needs the name/);
    expect(() => recordMatchDecision(ws!.workspace, 'twelve', 'confirm', 'A')).toThrow(/not a candidate pair/);
  });
});

describe('buildFamilyLinkList', () => {
  it('shows a candidate awaiting a decision by sheet reference and evidence level only, marked restricted on every page', async () => {
    const { pair } = setUp({ k1: 'yes', k2: 'yes' });
    const { html, pages } = await listTexts(mkdtempSync(join(tmpdir(), 'rfl-list-')));
    expect(html).toContain(pair);
    expect(html).toContain(RESTRICTED_BANNER);
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) expect(page).toContain('RESTRICTED / VERTROUWELIJK');
    for (const text of [html, pages.join('\n')]) {
      for (const value of [...NEVER_TOLD, 'Hnatiuk', 'Dmytro', 'ALLES GOED', 'Gnatyuk', 'Dmitry', 'hospital']) expect(text.includes(value), value).toBe(false);
    }
  });
  it('tells nothing but "found" for a confirmed match without K1', async () => {
    const { pair } = setUp({ k1: 'no', k2: 'yes' });
    recordMatchDecision(ws!.workspace, pair, 'confirm', 'Officer', NOW);
    const { html, pages } = await listTexts(mkdtempSync(join(tmpdir(), 'rfl-list-')));
    for (const text of [html, pages.join('\n')]) {
      expect(text).toContain('does not wish contact');
      for (const value of [...NEVER_TOLD, 'Hnatiuk', 'Dmytro', 'ALLES GOED', 'hospital', 'Gnatyuk', 'Dmitry']) expect(text.includes(value), value).toBe(false);
    }
  });
  it('tells name and message under K1, whereabouts only under K2, and nothing else', async () => {
    const { pair } = setUp({ k1: 'yes', k2: 'no' });
    recordMatchDecision(ws!.workspace, pair, 'confirm', 'Officer', NOW);
    const without = await listTexts(mkdtempSync(join(tmpdir(), 'rfl-list-')));
    for (const text of [without.html, without.pages.join('\n')]) {
      expect(text).toContain('Dmytro Hnatiuk');
      expect(text).toContain('ALLES GOED MET MIJ');
      for (const value of [...NEVER_TOLD, 'hospital']) expect(text.includes(value), value).toBe(false);
    }
    recordMatchDecision(ws!.workspace, pair, 'reject', 'Officer', NOW);
    recordMatchDecision(ws!.workspace, pair, 'confirm', 'Officer', NOW);
    ws!.workspace.close();
    ws = undefined;
  });
  it('gives whereabouts when K2 is yes, and drops a match a later decision rejected', async () => {
    const { pair } = setUp({ k1: 'yes', k2: 'yes' });
    recordMatchDecision(ws!.workspace, pair, 'confirm', 'Officer', NOW);
    const shown = await listTexts(mkdtempSync(join(tmpdir(), 'rfl-list-')));
    expect(shown.html).toContain('hospital');
    for (const value of NEVER_TOLD) expect(shown.html.includes(value), value).toBe(false);
    recordMatchDecision(ws!.workspace, pair, 'reject', 'Officer B', NOW);
    const rejected = await listTexts(mkdtempSync(join(tmpdir(), 'rfl-list-')));
    expect(rejected.html).not.toContain('Dmytro');
    expect(rejected.html).not.toContain(pair);
  });
});
