/**
 * The match queue the review page serves: pairs still waiting for a person, both records as typed, evidence per
 * field; a decision is logged and takes the pair out; unsure pairs stay on the list and come back only when asked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openMatchQueue, type MatchPairView } from '../../src/family-links/index.js';
import { listFamilyLinkDecisions } from '../../src/store/index.js';
import { makeWorkspace, type TestWorkspace } from '../helpers/make-workspace.js';

let ws: TestWorkspace | undefined;
afterEach(() => ws?.close());

const SEEKER = { req_type: 'seeking', date: '140326', p_family: 'Gehlig', p_given: 'Oksana', k1_share_name: 'yes', k2_share_where: 'yes', k3_list: 'no' };

/** Two enquirers each looking for someone who registered safe elsewhere. */
function setUp(): { hnatiuk: string; de_vries: string } {
  ws = makeWorkspace();
  const safeA = ws.addSheet({ form: 'family-link', site: '0101', serial: 1, fields: { req_type: 'safe', date: '140326', p_family: 'Hnatiuk', p_given: 'Dmytro', p_dob: '03071985', p_pc: '1012', k1_share_name: 'yes', k2_share_where: 'no', k3_list: 'no' } });
  const seekA = ws.addSheet({ form: 'family-link', site: '0202', serial: 7, fields: { ...SEEKER, s_family: 'Gnatyuk', s_given: 'Dmitry', s_age: '040', s_pc: '1012' } });
  const safeB = ws.addSheet({ form: 'family-link', site: '0303', serial: 3, fields: { req_type: 'safe', date: '140326', p_family: 'de Vries', p_given: 'Anneke', p_dob: '12021950', p_pc: '3511', k1_share_name: 'yes', k2_share_where: 'yes', k3_list: 'no' } });
  const seekB = ws.addSheet({ form: 'family-link', site: '0202', serial: 8, fields: { ...SEEKER, p_family: 'Bakker', s_family: 'Vries', s_given: 'Anneke', s_dob: '12021950', s_pc: '3511' } });
  return { hnatiuk: `${seekA}s-${safeA}p`, de_vries: `${seekB}s-${safeB}p` };
}

function fieldOf(record: MatchPairView['a'], field: string): string | null | undefined {
  return record.fields.find((entry) => entry.field === field)?.value;
}

describe('openMatchQueue', () => {
  it('serves each waiting pair with both records as typed and the evidence per field, best first', () => {
    const pairs = setUp();
    const queue = openMatchQueue(ws!.workspace);
    const first = queue.next({ skip: [], includeUnsure: false });
    expect(first.waiting).toBeGreaterThanOrEqual(2);
    expect(first.unsure).toBe(0);
    const item = first.item!;
    expect([pairs.hnatiuk, pairs.de_vries]).toContain(item.pair);
    const { item: other } = queue.next({ skip: [item.pair], includeUnsure: false });
    expect(other!.probability).toBeLessThanOrEqual(item.probability);
    const hnatiuk = item.pair === pairs.hnatiuk ? item : other!;
    expect(hnatiuk.kind).toBe('seeker-safe');
    expect(hnatiuk.a).toMatchObject({ side: 'sought', role: 'sought', site: '0202', serial: 7 });
    expect(hnatiuk.b).toMatchObject({ side: 'person', role: 'safe', site: '0101', serial: 1 });
    // What staff typed, never the folded keys.
    expect(fieldOf(hnatiuk.a, 'family')).toBe('Gnatyuk');
    expect(fieldOf(hnatiuk.b, 'family')).toBe('Hnatiuk');
    expect(fieldOf(hnatiuk.b, 'dob')).toBe('03071985');
    expect(hnatiuk.evidence.map((entry) => entry.field)).toEqual(expect.arrayContaining(['family', 'given', 'dob', 'postcode']));
    expect(hnatiuk.evidence.find((entry) => entry.field === 'postcode')?.level).toBe('pc4');
  });

  it('logs each decision with reviewer; confirmed and rejected pairs leave, unsure ones wait apart', () => {
    const pairs = setUp();
    const queue = openMatchQueue(ws!.workspace);
    const before = queue.count();
    const decided = queue.decide(pairs.hnatiuk, 'confirm', 'Tracing officer A');
    expect(decided).toMatchObject({ pair: pairs.hnatiuk, decision: 'confirm', reviewer: 'Tracing officer A' });
    queue.decide(pairs.de_vries, 'unsure', 'Tracing officer B');
    const after = queue.count();
    expect(after).toEqual({ waiting: before.waiting - 2, unsure: 1 });
    const served = (includeUnsure: boolean): string[] => {
      const seen: string[] = [];
      for (;;) {
        const { item } = queue.next({ skip: seen, includeUnsure });
        if (!item) return seen;
        seen.push(item.pair);
      }
    };
    expect(served(false)).not.toContain(pairs.hnatiuk);
    expect(served(false)).not.toContain(pairs.de_vries);
    expect(served(true)).toContain(pairs.de_vries);
    expect(served(true)).not.toContain(pairs.hnatiuk);
    expect(listFamilyLinkDecisions(ws!.workspace).map((row) => [row.decision, row.reviewer])).toEqual([['confirm', 'Tracing officer A'], ['unsure', 'Tracing officer B']]);
    expect(() => queue.decide('1s-1p', 'confirm', 'A')).toThrow(/does not name two people/);
  });
});
