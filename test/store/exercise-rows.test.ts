import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDecision, loadExerciseRows, markDecisionUndone, type ExerciseRows } from '../../src/store/index.js';
import { makeWorkspace, type TestWorkspace } from '../helpers/make-workspace.js';

describe('loadExerciseRows', () => {
  let tw: TestWorkspace;
  let rows: ExerciseRows;

  beforeAll(() => {
    tw = makeWorkspace();
    const sheetId = tw.addSheet({ form: 'intake', site: 'AMS01', serial: 7, fields: { needs: ['water'], hh_card: { value: '12?456', status: 'needs-review' } } });
    tw.addOutcome('accepted', undefined, sheetId);
    tw.addOutcome('unreadable', 'blank-page');
    const decision = (at: string) => insertDecision(tw.workspace, {
      itemKey: `field:${sheetId}:needs`, sheetId, fieldId: 'needs', inputId: null, reviewer: 'Anna', action: 'confirm', oldJson: null, newJson: null, decidedAt: at,
    });
    decision('2026-03-14T10:05:00.000Z');
    markDecisionUndone(tw.workspace, decision('2026-03-14T10:01:00.000Z'), '2026-03-14T10:02:00.000Z');
    decision('2026-03-14T10:03:00.000Z');
    rows = loadExerciseRows(tw.workspace);
  });
  afterAll(() => tw.close());

  it('gives every sheet with all its stored fields, empty ones too (an empty field is an answer)', () => {
    expect(rows.sheets).toHaveLength(1);
    const [only] = rows.sheets;
    expect(only).toMatchObject({ form: 'intake', site: 'AMS01', serial: 7 });
    expect(only!.fields['needs']).toEqual({ value: ['water'], status: 'auto' });
    expect(only!.fields['hh_card']).toEqual({ value: '12?456', status: 'needs-review' });
    expect(only!.fields['vuln']).toEqual({ value: [], status: 'empty' });
  });

  it('gives every input with its outcome and time, in the order they came in', () => {
    expect(rows.inputs.map((input) => input.outcome)).toEqual(['accepted', 'unreadable']);
    expect(rows.inputs.every((input) => !Number.isNaN(Date.parse(input.createdAt)))).toBe(true);
  });

  it('gives the times of the decisions that still stand, oldest first', () => {
    expect(rows.decisionTimes).toEqual(['2026-03-14T10:03:00.000Z', '2026-03-14T10:05:00.000Z']);
  });
});
